"""Waitlist, newsletter and contact submissions, and the email outbox.

A submission is saved before any email is attempted; emails wait in the outbox
(`OutboundEmail`) until they are sent, so a mail server that is down loses
nothing: `send_queued_email` retries them with back-off.
"""

import secrets

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

CONTACT_TOPICS = [
    ("certification", "Certification and assessments"),
    ("enterprise", "Enterprise and teams"),
    ("verification", "Verifying a credential"),
    ("press", "Press"),
    ("partnerships", "Partnerships"),
    ("other", "Something else"),
]


class WaitlistEntry(models.Model):
    name = models.CharField(max_length=150)
    email = models.EmailField(unique=True)
    company = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=150, blank=True)
    tier_interest = models.CharField(
        "tier of interest", max_length=20, help_text="A tier's code (the form offers the live tiers) or “undecided”."
    )
    source_page = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # When the acknowledgement was last queued: at most one an hour, however often the form is sent.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name_plural = "waitlist entries"
        constraints = [models.UniqueConstraint(Lower("email"), name="waitlist_email_unique_folded")]

    def __str__(self):
        return f"{self.name} <{self.email}>"


class NewsletterSubscription(models.Model):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    UNSUBSCRIBED = "unsubscribed"
    STATUS_CHOICES = [(PENDING, "Pending confirmation"), (CONFIRMED, "Confirmed"), (UNSUBSCRIBED, "Unsubscribed")]

    email = models.EmailField(unique=True)
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default=PENDING)
    # Changes whenever a confirmation link is issued or used, so each link works once.
    confirmation_nonce = models.CharField(max_length=32, blank=True, default="")
    unsubscribe_token = models.CharField(max_length=43, unique=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # When a confirmation link was last queued: at most one an hour.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(Lower("email"), name="newsletter_email_unique_folded")]

    def __str__(self):
        return f"{self.email} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if not self.unsubscribe_token:
            self.unsubscribe_token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)


class ConsentRecord(models.Model):
    """What a subscriber agreed to, when, on which page, in which wording."""

    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    WITHDRAWN = "withdrawn"
    ACTION_CHOICES = [(REQUESTED, "Requested"), (CONFIRMED, "Confirmed"), (WITHDRAWN, "Withdrawn")]

    subscription = models.ForeignKey(NewsletterSubscription, on_delete=models.CASCADE, related_name="consents")
    action = models.CharField(max_length=20, choices=ACTION_CHOICES)
    wording_version = models.CharField(max_length=20)
    page_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.subscription.email}: {self.action} at {self.created_at:%Y-%m-%d %H:%M}"


class ContactMessage(models.Model):
    name = models.CharField(max_length=150)
    email = models.EmailField()
    topic = models.CharField(max_length=30, choices=CONTACT_TOPICS)
    message = models.TextField(max_length=5000)
    source_page = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The same message from the same address within a minute is recorded once (see services).
    fingerprint = models.CharField(max_length=64, unique=True, null=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_topic_display()} from {self.name}"


class OutboundEmail(models.Model):
    """An email waiting to be sent, or already sent."""

    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)
    # Set when retries ran out (settings.OUTBOX_RETRY_FOR): the email is listed as failed.
    gave_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outgoing email"

    @property
    def status(self):
        if self.sent_at:
            return "Sent"
        if self.gave_up_at:
            return "Failed"
        return "Waiting" if not self.attempts else f"Retrying ({self.attempts} failed)"

    def __str__(self):
        return f"{self.subject} → {self.to}"
