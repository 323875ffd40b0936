"""Writes behind the public forms. Everything is saved before any email is queued."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from agencyscript.signups.outbox import queue_email
from agencyscript.signups.records import ConsentRecord, ContactMessage, NewsletterSubscription, WaitlistEntry

CONFIRM_SALT = "agencyscript.newsletter.confirm"


def absolute_url(path):
    return f"{settings.SITE_URL}{path}"


# However often a form is sent, one address gets at most one email of a kind in this time.
EMAIL_INTERVAL = datetime.timedelta(hours=1)


def normalise_email(email):
    """Trimmed and case-folded: one address, one row (the database enforces it too)."""
    return email.strip().lower()


def may_email_again(last_emailed_at):
    return last_emailed_at is None or timezone.now() - last_emailed_at >= EMAIL_INTERVAL


@transaction.atomic
def join_waitlist(*, name, email, tier_interest, company="", role="", source_page=""):
    """Add someone to the waitlist, or update their entry if they signed up before.

    Parallel submissions for one address end in one row: the row is created or
    locked (``update_or_create`` retries the read when a parallel insert wins).
    """
    details = {"name": name, "company": company, "role": role, "tier_interest": tier_interest}
    entry, created = WaitlistEntry.objects.update_or_create(
        email=normalise_email(email), defaults={**details, "source_page": source_page}
    )
    if may_email_again(entry.emailed_at):
        entry.emailed_at = timezone.now()
        entry.save(update_fields=["emailed_at"])
        queue_email(
            entry.email,
            "You're on the Agency Script waitlist",
            render_to_string("emails/waitlist.txt", {"entry": entry, "created": created}),
        )
    return entry, created


def contact_fingerprint(email, topic, message, moment):
    minute = moment.replace(second=0, microsecond=0).isoformat()
    return hashlib.sha256(f"{email}\0{topic}\0{message.strip()}\0{minute}".encode()).hexdigest()


@transaction.atomic
def send_contact_message(*, name, email, topic, message, source_page=""):
    """Record a message and notify the team; the same message sent again within a minute is recorded once."""
    email, now = normalise_email(email), timezone.now()
    fingerprints = [
        contact_fingerprint(email, topic, message, now - datetime.timedelta(minutes=back)) for back in (0, 1)
    ]
    previous = ContactMessage.objects.filter(
        fingerprint__in=fingerprints, created_at__gte=now - datetime.timedelta(minutes=1)
    )
    if previous.exists():
        return previous.first()
    try:
        with transaction.atomic():
            contact = ContactMessage.objects.create(
                name=name,
                email=email,
                topic=topic,
                message=message,
                source_page=source_page,
                fingerprint=fingerprints[0],
            )
    except IntegrityError:  # the same message, sent in parallel, was recorded first
        return ContactMessage.objects.get(fingerprint=fingerprints[0])
    queue_email(
        settings.CONTACT_EMAIL,
        f"[Contact] {contact.get_topic_display()} from {name}",
        render_to_string("emails/contact_notification.txt", {"contact": contact}),
        headers={"Reply-To": contact.email},
    )
    return contact


def record_consent(subscription, action, page_url):
    """Keep what was agreed to (or withdrawn), when, where, and in which wording."""
    return ConsentRecord.objects.create(
        subscription=subscription,
        action=action,
        wording_version=settings.NEWSLETTER_CONSENT_VERSION,
        page_url=page_url[:300],
    )


def confirmation_token(subscription):
    return signing.dumps(
        {"id": subscription.pk, "nonce": subscription.confirmation_nonce}, salt=CONFIRM_SALT, compress=True
    )


def unsubscribe_headers(subscription):
    url = absolute_url(reverse("signups:unsubscribe", args=[subscription.unsubscribe_token]))
    return url, {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


@transaction.atomic
def subscribe_newsletter(*, email, page_url=""):
    """Start (or restart) double opt-in for an address.

    The caller shows the same answer whatever happens here, so the form never
    reveals whether an address is already subscribed. A confirmed subscriber is
    not emailed again; a pending or unsubscribed one gets a fresh link.
    """
    subscription, _ = NewsletterSubscription.objects.select_for_update().get_or_create(email=normalise_email(email))
    if subscription.status == NewsletterSubscription.CONFIRMED:
        return subscription
    if subscription.status == NewsletterSubscription.PENDING and not may_email_again(subscription.emailed_at):
        # A link went out within the hour and still works: no second email, no new link.
        return subscription
    subscription.status = NewsletterSubscription.PENDING
    subscription.confirmation_nonce = secrets.token_hex(16)
    subscription.emailed_at = timezone.now()
    subscription.save()
    record_consent(subscription, ConsentRecord.REQUESTED, page_url)
    confirm_url = absolute_url(reverse("signups:confirm", args=[confirmation_token(subscription)]))
    unsubscribe_url, headers = unsubscribe_headers(subscription)
    queue_email(
        subscription.email,
        "Confirm your Agency Script newsletter subscription",
        render_to_string(
            "emails/newsletter_confirm.txt",
            {
                "confirm_url": confirm_url,
                "unsubscribe_url": unsubscribe_url,
                "hours": settings.NEWSLETTER_CONFIRMATION_MAX_AGE // 3600,
            },
        ),
        headers=headers,
    )
    return subscription


class InvalidLink(Exception):
    """A confirmation link that is forged, expired or already used."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@transaction.atomic
def confirm_subscription(token, *, page_url=""):
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.NEWSLETTER_CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise InvalidLink("expired") from error
    except signing.BadSignature as error:
        raise InvalidLink("invalid") from error
    subscription = (
        NewsletterSubscription.objects.select_for_update()
        .filter(pk=data.get("id"), status=NewsletterSubscription.PENDING)
        .first()
    )
    if (
        subscription is None
        or not subscription.confirmation_nonce
        or subscription.confirmation_nonce != data.get("nonce")
    ):
        raise InvalidLink("used")
    subscription.status = NewsletterSubscription.CONFIRMED
    subscription.confirmed_at = timezone.now()
    subscription.confirmation_nonce = ""
    subscription.save(update_fields=["status", "confirmed_at", "confirmation_nonce"])
    record_consent(subscription, ConsentRecord.CONFIRMED, page_url)
    unsubscribe_url, headers = unsubscribe_headers(subscription)
    queue_email(
        subscription.email,
        "You're subscribed to Agency Script updates",
        render_to_string("emails/newsletter_welcome.txt", {"unsubscribe_url": unsubscribe_url}),
        headers=headers,
    )
    return subscription


def subscription_for_unsubscribe_token(token):
    return NewsletterSubscription.objects.filter(unsubscribe_token=token).first() if token else None


@transaction.atomic
def unsubscribe(subscription, *, page_url=""):
    if subscription.status == NewsletterSubscription.UNSUBSCRIBED:
        return subscription
    subscription.status = NewsletterSubscription.UNSUBSCRIBED
    subscription.unsubscribed_at = timezone.now()
    subscription.confirmation_nonce = ""
    subscription.save(update_fields=["status", "unsubscribed_at", "confirmation_nonce"])
    record_consent(subscription, ConsentRecord.WITHDRAWN, page_url)
    return subscription
