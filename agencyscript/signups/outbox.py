"""The email outbox: queue inside the caller's transaction, send after commit.

Sending never raises into the caller. A failed send is recorded and retried by
``manage.py send_queued_email`` with exponential back-off.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from agencyscript.signups.models import OutboundEmail

logger = logging.getLogger(__name__)


def queue_email(to, subject, body, headers=None):
    email = OutboundEmail.objects.create(to=to, subject=subject, body=body, headers=headers or {})
    transaction.on_commit(lambda: send_outbound_email(email.pk))
    return email


def send_outbound_email(pk):
    """Try to send one queued email now; return True if it went."""
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=pk, sent_at__isnull=True).first()
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
            email.next_attempt_at = timezone.now() + timedelta(minutes=2**email.attempts)
            email.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            return False
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "sent_at", "last_error"])
        return True


def due_emails():
    return OutboundEmail.objects.filter(
        sent_at__isnull=True,
        next_attempt_at__lte=timezone.now(),
        attempts__lt=settings.OUTBOX_MAX_ATTEMPTS,
    ).order_by("next_attempt_at")


def send_due_emails(limit=100):
    """Send what is due; returns (sent, failed)."""
    sent = failed = 0
    for pk in due_emails().values_list("pk", flat=True)[:limit]:
        if send_outbound_email(pk):
            sent += 1
        else:
            failed += 1
    return sent, failed
