"""Certification pages, the credential registry and its audit log."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from agencyscript import blocks as site_blocks
from agencyscript.json_script import script_json
from agencyscript.page_base import SitePage
from certification.ids import tier_letter

RICH_TEXT_FEATURES = site_blocks.RICH_TEXT_FEATURES


class CertificationIndexPage(SitePage, Page):
    template = "pages/certification_index_page.html"
    max_count = 1
    subpage_types = ["certification.TierPage"]

    introduction = models.TextField(blank=True, max_length=500)
    comparison_heading = models.CharField(max_length=120, default="Compare the tiers")
    comparison_intro = models.TextField(blank=True, max_length=400)
    body = StreamField(site_blocks.StandardStreamBlock(), blank=True, use_json_field=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        MultiFieldPanel([FieldPanel("comparison_heading"), FieldPanel("comparison_intro")], heading="Comparison"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = "certification index page"


class CompetencyBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    description = blocks.TextBlock(required=False, max_length=400)

    class Meta:
        icon = "tick"
        label = "Competency"


class TierPage(SitePage, Page):
    template = "pages/tier_page.html"
    parent_page_types = ["certification.CertificationIndexPage"]
    subpage_types = []

    code = models.CharField(max_length=8, unique=True, help_text="For example AS-F. The last letter goes into IDs.")
    level = models.PositiveSmallIntegerField(unique=True, help_text="1 for the first tier, 4 for the last.")
    short_description = models.TextField(max_length=300)

    audience = models.TextField(
        "who it is for", blank=True, max_length=300, help_text="One or two sentences for the comparison table."
    )
    description = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    competencies = StreamField(
        [("competency", CompetencyBlock())], blank=True, use_json_field=True, help_text="What the holder can do."
    )
    assessed_summary = models.CharField(
        "what is assessed (summary)", max_length=200, blank=True, help_text="For the comparison table."
    )
    prerequisite = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The tier a candidate must hold first (none for the first tier).",
    )
    prerequisite_note = models.CharField(max_length=200, blank=True, help_text="Other conditions, if any.")
    assessment_format = models.CharField(
        max_length=200, blank=True, help_text="For the comparison table, e.g. “Written case review, 3 hours”."
    )
    assessment = RichTextField(blank=True, features=RICH_TEXT_FEATURES, help_text="How the assessment works.")
    validity_months = models.PositiveSmallIntegerField(
        "validity (months)",
        default=24,
        help_text="How long a credential of this tier is valid. Applies to credentials issued from now on.",
    )
    renewal_summary = models.CharField(max_length=200, blank=True, help_text="For the comparison table.")
    renewal = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    body = StreamField(site_blocks.StandardStreamBlock(), blank=True, use_json_field=True)
    call_to_action = StreamField(
        [("call_to_action", site_blocks.CallToActionBlock())], blank=True, max_num=1, use_json_field=True
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("short_description"),
        index.SearchField("description"),
        index.FilterField("level"),
    ]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("code"), FieldPanel("level"), FieldPanel("short_description")], heading="Tier"),
        FieldPanel("audience"),
        FieldPanel("description"),
        FieldPanel("competencies"),
        MultiFieldPanel(
            [
                FieldPanel("assessed_summary"),
                FieldPanel("prerequisite"),
                FieldPanel("prerequisite_note"),
                FieldPanel("assessment_format"),
                FieldPanel("assessment"),
            ],
            heading="Assessment",
        ),
        MultiFieldPanel(
            [FieldPanel("validity_months"), FieldPanel("renewal_summary"), FieldPanel("renewal")],
            heading="Validity and renewal",
        ),
        FieldPanel("body"),
        FieldPanel("call_to_action"),
    ]

    class Meta:
        verbose_name = "tier page"
        ordering = ["level"]

    def __str__(self):
        return f"{self.title} ({self.code})"

    def clean(self):
        super().clean()
        try:
            tier_letter(self.code)
        except ValueError:
            raise ValidationError({"code": "The code must end with a letter, for example AS-F."}) from None
        if self.prerequisite_id and self.prerequisite_id == self.pk:
            raise ValidationError({"prerequisite": "A tier cannot be its own prerequisite."})

    def get_meta_description(self):
        return self.search_description or self.short_description

    def get_prerequisite(self):
        prerequisite = self.prerequisite
        if prerequisite is not None and prerequisite.live:
            return prerequisite.specific
        return None

    def structured_data(self, request=None):
        """JSON-LD ``EducationalOccupationalCredential`` for this tier."""
        data = {
            "@context": "https://schema.org",
            "@type": "EducationalOccupationalCredential",
            "name": f"Agency Script {self.title}",
            "identifier": self.code,
            "description": self.short_description,
            "credentialCategory": "certification",
            "educationalLevel": f"Level {self.level}",
            "url": self.get_full_url(request),
            "validFor": f"P{self.validity_months}M",
            "recognizedBy": {"@type": "Organization", "name": "Agency Script", "url": settings.SITE_URL + "/"},
        }
        competencies = [block.value["title"] for block in self.competencies]
        if competencies:
            data["competencyRequired"] = competencies
        prerequisite = self.get_prerequisite()
        if prerequisite is not None:
            data["credentialPrerequisites"] = {
                "@type": "EducationalOccupationalCredential",
                "name": f"Agency Script {prerequisite.title}",
                "identifier": prerequisite.code,
            }
        return data

    def structured_data_json(self, request=None):
        return script_json(self.structured_data(request))

    @cached_property
    def plain_description(self):
        return strip_tags(self.description)


class Status(models.TextChoices):
    """What the public sees."""

    VALID = "valid", "Valid"
    EXPIRED = "expired", "Expired"
    SUSPENDED = "suspended", "Suspended"
    REVOKED = "revoked", "Revoked"
    SUPERSEDED = "superseded", "Superseded"


STATUS_EXPLANATIONS = {
    Status.VALID: "This credential is current: the holder met the standard for this tier and it has not expired.",
    Status.EXPIRED: "This credential was valid but its validity period has ended and it has not been renewed.",
    Status.SUSPENDED: "This credential is suspended and is not currently valid. It may be reinstated later.",
    Status.REVOKED: "This credential has been revoked and is no longer valid.",
    Status.SUPERSEDED: "This credential has been replaced by a renewed credential, shown below.",
}


class CredentialQuerySet(models.QuerySet):
    def with_status(self, day):
        """Annotate ``public_status``: what :meth:`Credential.status_on` answers for ``day``, in the query."""
        return self.annotate(
            public_status=models.Case(
                models.When(state=Credential.State.REVOKED, then=models.Value(Status.REVOKED)),
                models.When(state=Credential.State.SUSPENDED, then=models.Value(Status.SUSPENDED)),
                models.When(superseded_by__isnull=False, then=models.Value(Status.SUPERSEDED)),
                models.When(expires_on__lt=day, then=models.Value(Status.EXPIRED)),
                default=models.Value(Status.VALID),
                output_field=models.CharField(),
            )
        )


class Credential(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"
        REVOKED = "revoked", "Revoked"

    credential_id = models.CharField("credential ID", max_length=24, unique=True, editable=False)
    holder_name = models.CharField(max_length=200, help_text="Exactly as printed on the certificate.")
    holder_email = models.EmailField(db_index=True, help_text="Private: never shown publicly.")
    tier = models.ForeignKey(TierPage, on_delete=models.PROTECT, related_name="credentials")
    issued_on = models.DateField()
    expires_on = models.DateField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.ACTIVE)
    state_reason = models.TextField(blank=True, help_text="Internal: why the state last changed. Never public.")
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes", editable=False
    )
    external_ref = models.CharField(
        "external reference", max_length=100, blank=True, help_text="The exam system's ID for this result."
    )
    public_verification = models.BooleanField(
        default=True, help_text="When off, the verify page answers as if the ID did not exist."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_ref"], condition=~models.Q(external_ref=""), name="credential_unique_external_ref"
            ),
            models.CheckConstraint(condition=models.Q(expires_on__gt=models.F("issued_on")), name="credential_expiry"),
        ]
        permissions = [("manage_credential", "Can revoke, suspend, reinstate and renew credentials")]

    def __str__(self):
        return f"{self.credential_id} ({self.holder_name})"

    def status_on(self, day):
        """The public status on ``day``. ``Credential.objects.with_status(day)`` says the same in a query."""
        if self.state != self.State.ACTIVE:
            return Status(self.state)  # suspended or revoked: the same words
        if self.superseded_by_id:
            return Status.SUPERSEDED
        return Status.EXPIRED if self.expires_on < day else Status.VALID

    @property
    def status(self):
        return self.status_on(timezone.now().date())

    def get_status_display(self):
        return Status(self.status).label

    @property
    def verify_path(self):
        return reverse("certification:result", args=[self.credential_id])

    @property
    def verify_url(self):
        return settings.SITE_URL + self.verify_path


def add_months(day, months):
    """``day`` plus ``months`` calendar months (the last day of the month if it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


class AppendOnlyModel(models.Model):
    """Rows are written once: never updated, never deleted one by one.

    Old rows leave only in bulk through ``purge_audit_log`` when the retention
    period set in settings has passed.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} rows are append-only.")


class CredentialEvent(AppendOnlyModel):
    """One change to a credential: who, when, from, to, why."""

    class Action(models.TextChoices):
        ISSUED = "issued", "Issued"
        IMPORTED = "imported", "Imported"
        SUSPENDED = "suspended", "Suspended"
        REVOKED = "revoked", "Revoked"
        REINSTATED = "reinstated", "Reinstated"
        RENEWED = "renewed", "Renewed (superseded)"
        VISIBILITY = "visibility", "Public verification changed"

    credential = models.ForeignKey(Credential, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=12, choices=Action.choices)
    from_value = models.CharField(max_length=40, blank=True)
    to_value = models.CharField(max_length=40, blank=True)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True, help_text="Who, as known at the time.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.credential_id} {self.action} at {self.created_at:%Y-%m-%d %H:%M}"


class VerificationEvent(AppendOnlyModel):
    """One lookup on the verify page. The client address is kept only as a keyed hash."""

    class Outcome(models.TextChoices):
        VALID = "valid", "Valid"
        EXPIRED = "expired", "Expired"
        SUSPENDED = "suspended", "Suspended"
        REVOKED = "revoked", "Revoked"
        SUPERSEDED = "superseded", "Superseded"
        NOT_FOUND = "not_found", "Not found"
        HIDDEN = "hidden", "Not public (answered as not found)"

    credential_id = models.CharField("credential ID", max_length=24, db_index=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    client_hash = models.CharField(max_length=64)
    response_format = models.CharField(max_length=8, default="html")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.credential_id} {self.outcome} at {self.created_at:%Y-%m-%d %H:%M}"


# Verifiable credentials (certification/vc/) ---------------------------------


class IssuerKey(models.Model):
    """A public key that signs, or has signed, our verifiable credentials. Every one is listed in the DID document."""

    public_key_multibase = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    first_used_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When another key took over. Retired keys stay listed, so old credentials still verify.",
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.public_key_multibase


class StatusList(models.Model):
    """One Bitstring Status List (revocation): a bit per signed credential document, set when it is revoked."""

    SIZE = 131_072  # the minimum the Bitstring Status List spec allows: 16 KiB, so one bit says little about whom

    purpose = models.CharField(max_length=20, default="revocation", editable=False)
    size = models.PositiveIntegerField(default=SIZE, editable=False)
    bits = models.BinaryField(editable=False)
    allocated = models.PositiveIntegerField(default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False, help_text="Goes up with every bit set.")
    signed_version = models.PositiveIntegerField(default=0, editable=False)
    signed_document = models.TextField(blank=True, editable=False)
    signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    valid_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"Status list {self.pk} ({self.purpose})"


class CredentialDocument(models.Model):
    """One signed OpenBadgeCredential for a credential ID. Revoked for good when the credential stops being valid."""

    class RevokedBecause(models.TextChoices):
        SUSPENDED = "suspended", "Credential suspended"
        REVOKED = "revoked", "Credential revoked"
        SUPERSEDED = "superseded", "Credential renewed"

    credential = models.ForeignKey(Credential, on_delete=models.PROTECT, related_name="documents")
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="documents")
    status_index = models.PositiveIntegerField()
    key = models.ForeignKey(IssuerKey, on_delete=models.PROTECT, related_name="documents")
    document = models.TextField(help_text="The signed credential, exactly as given to the holder.")
    issued_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_because = models.CharField(max_length=12, choices=RevokedBecause.choices, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["status_list", "status_index"], name="credential_document_unique_index")
        ]

    def __str__(self):
        return f"{self.credential.credential_id} document {self.pk}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None
