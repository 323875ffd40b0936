"""Read queries for certification."""

import contextlib

from django.conf import settings
from django.db.models import Q

from certification.ids import MistypedCredentialId, normalise_credential_id
from certification.models import Credential, CredentialEvent, IssuerKey, TierPage, VerificationEvent


def tiers():
    """The live tiers, in order."""
    return TierPage.objects.live().public().order_by("level")


def comparison_tiers():
    """The live tiers for the comparison table, with their prerequisites in the same query."""
    return tiers().select_related("prerequisite")


def credential_for_verification(canonical_id):
    """The credential with this canonical ID, with what the result page shows, in one query. None if unknown."""
    return (
        Credential.objects.select_related("tier", "superseded_by")
        .only(
            "credential_id",
            "holder_name",
            "issued_on",
            "expires_on",
            "state",
            "public_verification",
            "superseded_by__credential_id",
            "superseded_by__public_verification",
            "tier__title",
            "tier__code",
            "tier__level",
            "tier__url_path",
            "tier__live",
        )
        .filter(credential_id=canonical_id)
        .first()
    )


def credentials_for_account(user):
    """Credentials issued to the signed-in user's email address, newest first."""
    email = (getattr(user, "email", "") or "").strip()
    if not email:
        return []
    return list(Credential.objects.select_related("tier", "superseded_by").filter(holder_email__iexact=email))


def credential_for_holder(user, credential_id):
    email = (getattr(user, "email", "") or "").strip()
    if not email:
        return None
    return Credential.objects.filter(holder_email__iexact=email, credential_id=credential_id).first()


def search_credentials(query=""):
    queryset = Credential.objects.select_related("tier", "superseded_by")
    query = (query or "").strip()
    if query:
        condition = (
            Q(holder_name__icontains=query)
            | Q(holder_email__icontains=query)
            | Q(external_ref__iexact=query)
            | Q(credential_id__icontains=query.upper())
        )
        with contextlib.suppress(MistypedCredentialId):
            condition |= Q(credential_id=normalise_credential_id(query))
        queryset = queryset.filter(condition)
    return queryset


def credential_events(credential):
    return CredentialEvent.objects.filter(credential=credential).select_related("actor")


def verification_events(credential_id=None):
    queryset = VerificationEvent.objects.all()
    if credential_id:
        queryset = queryset.filter(credential_id=credential_id)
    return queryset


def verification_log_retention_days():
    return getattr(settings, "CERTIFICATION_VERIFICATION_LOG_RETENTION_DAYS", 365)


def change_log_retention_days():
    return getattr(settings, "CERTIFICATION_CHANGE_LOG_RETENTION_DAYS", None)


def issuer_public_keys():
    """Every key that signs or has signed our verifiable credentials, oldest first (multibase)."""
    return list(IssuerKey.objects.order_by("created_at", "id").values_list("public_key_multibase", flat=True))


def credential_documents(credential):
    """The credential's signed documents, newest first (history)."""
    return credential.documents.select_related("status_list", "key").order_by("-issued_at", "-id")
