"""The email outbox: requests only queue; the background worker sends.

A request writes the email inside its own transaction and answers at once, so
neither its timing nor its content depends on the mail server, or on whether an
address is known. The worker (``manage.py run_worker``) sends what is due; a
failed send is retried with growing delays (capped at six hours) for three days,
then given up: logged as an error and listed as failed in the admin.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from agencyscript.signups.records import OutboundEmail

logger = logging.getLogger(__name__)

MAX_RETRY_DELAY = timedelta(hours=6)
# How long one batch keeps sending. A mail server that accepts and never answers costs
# EMAIL_TIMEOUT per email; past this the rest waits for the next batch, so the worker's
# heartbeat and other jobs are not held up and a batch never outlasts its job's lease.
BATCH_TIME_LIMIT = timedelta(minutes=1)


def queue_email(to, subject, body, headers=None):
    return OutboundEmail.objects.create(to=to, subject=subject, body=body, headers=headers or {})


def retry_delay(attempts):
    """1, 2, 4 … minutes after each failure, at most six hours."""
    return min(timedelta(minutes=2 ** min(attempts, 10)), MAX_RETRY_DELAY)


def send_outbound_email(pk):
    """Try to send one queued email now; return True if it went."""
    with transaction.atomic():
        unsent = OutboundEmail.objects.filter(sent_at__isnull=True, gave_up_at__isnull=True)
        email = unsent.select_for_update().filter(pk=pk).first()
        if email is None:
            return False
        email.attempts += 1
        try:
            EmailMessage(
                subject=email.subject,
                body=email.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[email.to],
                headers=email.headers,
            ).send()
        except Exception as error:  # noqa: BLE001 - any mail failure is retried later
            logger.warning("Sending email %s failed (attempt %s): %s", email.pk, email.attempts, error)
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            now = timezone.now()
            if now - email.created_at >= settings.OUTBOX_RETRY_FOR:
                email.gave_up_at = now
                logger.error("Gave up sending email %s to %s after %s attempts", email.pk, email.to, email.attempts)
            email.next_attempt_at = now + retry_delay(email.attempts)
            email.save(update_fields=["attempts", "last_error", "next_attempt_at", "gave_up_at"])
            return False
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "sent_at", "last_error"])
        return True


def due_emails():
    return OutboundEmail.objects.filter(
        sent_at__isnull=True, gave_up_at__isnull=True, next_attempt_at__lte=timezone.now()
    ).order_by("next_attempt_at")


def send_due_emails(limit=100, time_limit=BATCH_TIME_LIMIT):
    """Send what is due, starting no new email once ``time_limit`` has passed; returns (sent, failed)."""
    deadline = time.monotonic() + time_limit.total_seconds()
    sent = failed = 0
    for pk in due_emails().values_list("pk", flat=True)[:limit]:
        if send_outbound_email(pk):
            sent += 1
        else:
            failed += 1
        if time.monotonic() >= deadline:
            break
    return sent, failed
