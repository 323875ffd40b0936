"""Writes to the credential registry. The admin and the management commands both use these.

Every change records a :class:`~certification.models.CredentialEvent` in the
same transaction, so the audit log and the registry never disagree.
"""

import unicodedata

from django.db import transaction
from django.utils import timezone

from certification import ids, lifecycle
from certification.models import Credential, CredentialDocument, CredentialEvent, add_months
from certification.vc import documents


class CredentialError(Exception):
    """An operation that cannot be done to this credential in its current state."""


def actor_label(actor):
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return actor.get_username() if hasattr(actor, "get_username") else str(actor)


def _user_or_none(actor):
    return actor if getattr(actor, "pk", None) and not isinstance(actor, str) else None


def record(credential, action, *, actor=None, from_value="", to_value="", reason=""):
    return CredentialEvent.objects.create(
        credential=credential,
        action=action,
        from_value=from_value,
        to_value=to_value,
        reason=reason,
        actor=_user_or_none(actor),
        actor_label=actor_label(actor)[:200],
    )


def clean_name(name):
    """Holder name as printed: Unicode NFC, single spaces, no control characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    return " ".join(name.split())


def get_credential(credential_id, *, for_update=False):
    """The credential with this ID (any typed form). Raises CredentialError if unknown or mistyped."""
    try:
        canonical = ids.normalise_credential_id(credential_id)
    except ids.MistypedCredentialId as error:
        raise CredentialError(f"{credential_id!r} is not a valid credential ID: {error.reason}") from None
    queryset = Credential.objects.select_related("tier")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    try:
        return queryset.get(credential_id=canonical)
    except Credential.DoesNotExist:
        raise CredentialError(f"No credential has the ID {canonical}.") from None


def _new_unique_id(tier):
    for _ in range(5):
        candidate = ids.new_credential_id(tier.code)
        if not Credential.objects.filter(credential_id=candidate).exists():
            return candidate
    raise RuntimeError("Could not find a free credential ID.")  # 60 random bits: never in practice


def issue_credential(
    *,
    holder_name,
    holder_email,
    tier,
    issued_on=None,
    expires_on=None,
    external_ref="",
    actor=None,
    action=CredentialEvent.Action.ISSUED,
    reason="",
    credential_id=None,
):
    """Issue a new credential and record it. ``expires_on`` defaults to the tier's validity period.

    ``credential_id`` is for demo content only (fixed IDs to try); normally a random one is made.
    """
    holder_name = clean_name(holder_name)
    if not holder_name:
        raise CredentialError("The holder's name is required.")
    issued_on = issued_on or timezone.now().date()
    expires_on = expires_on or add_months(issued_on, tier.validity_months)
    if expires_on <= issued_on:
        raise CredentialError("The expiry date must be after the issue date.")
    with transaction.atomic():
        credential = Credential.objects.create(
            credential_id=ids.normalise_credential_id(credential_id) if credential_id else _new_unique_id(tier),
            holder_name=holder_name,
            holder_email=holder_email.strip().lower(),
            tier=tier,
            issued_on=issued_on,
            expires_on=expires_on,
            external_ref=(external_ref or "").strip(),
        )
        record(credential, action, actor=actor, to_value=Credential.State.ACTIVE, reason=reason)
    return credential


def _change_state(credential_id, action, *, reason, actor):
    transition = lifecycle.TRANSITIONS[action]
    reason = (reason or "").strip()
    if transition.reason_required and not reason:
        raise CredentialError("A reason is required.")
    with transaction.atomic():
        credential = get_credential(credential_id, for_update=True)
        refused = lifecycle.refusal(credential, action)
        if refused:
            raise CredentialError(refused)
        from_state, to_state = credential.state, transition.to_state
        credential.state = to_state
        credential.state_reason = reason
        credential.save(update_fields=["state", "state_reason", "updated_at"])
        record(credential, transition.event, actor=actor, from_value=from_state, to_value=to_state, reason=reason)
        # A signed document's revocation is permanent: suspension revokes it, reinstatement issues a new one.
        if to_state == Credential.State.SUSPENDED:
            documents.revoke_documents(credential, CredentialDocument.RevokedBecause.SUSPENDED)
        elif to_state == Credential.State.REVOKED:
            documents.revoke_documents(credential, CredentialDocument.RevokedBecause.REVOKED)
        elif to_state == Credential.State.ACTIVE and credential.documents.exists():
            documents.issue_replacement(credential)
    return credential


def revoke_credential(credential_id, *, reason, actor=None):
    """Revoke for good (an active or suspended credential). A reason is required; it is never public."""
    return _change_state(credential_id, "revoke", reason=reason, actor=actor)


def suspend_credential(credential_id, *, reason, actor=None):
    """Suspend an active credential. A reason is required; it is never public."""
    return _change_state(credential_id, "suspend", reason=reason, actor=actor)


def reinstate_credential(credential_id, *, reason="", actor=None):
    """Lift a suspension. Revocation is final: a revoked credential cannot be reinstated."""
    return _change_state(credential_id, "reinstate", reason=reason, actor=actor)


def renew_credential(credential_id, *, reason="", actor=None, issued_on=None, new_credential_id=None):
    """Issue a new credential (new ID) for the same holder and tier; the old one shows Superseded.

    Only an active credential that has not already been renewed can be renewed
    (expired ones can: that is what renewal is for).
    """
    with transaction.atomic():
        old = get_credential(credential_id, for_update=True)
        refused = lifecycle.refusal(old, "renew")
        if refused:
            raise CredentialError(refused)
        new = issue_credential(
            holder_name=old.holder_name,
            holder_email=old.holder_email,
            tier=old.tier,
            issued_on=issued_on,
            actor=actor,
            reason=f"Renewal of {old.credential_id}. {reason}".strip(),
            credential_id=new_credential_id,
        )
        new.public_verification = old.public_verification
        new.save(update_fields=["public_verification"])
        old.superseded_by = new
        old.save(update_fields=["superseded_by", "updated_at"])
        if old.documents.exists():  # the holder had a signed document: the renewal gets one too
            documents.revoke_documents(old, CredentialDocument.RevokedBecause.SUPERSEDED)
            documents.issue_replacement(new)
        record(
            old,
            lifecycle.TRANSITIONS["renew"].event,
            actor=actor,
            from_value=old.credential_id,
            to_value=new.credential_id,
            reason=reason,
        )
    return new


def change_credential(action, credential_id, *, reason="", actor=None):
    """Carry out the lifecycle ``action`` (a key of :data:`certification.lifecycle.TRANSITIONS`).

    Returns the credential after the change: for a renewal, the new one.
    """
    if action == "renew":
        return renew_credential(credential_id, reason=reason, actor=actor)
    return _change_state(credential_id, action, reason=reason, actor=actor)


def set_public_verification(credential, enabled, *, actor=None):
    enabled = bool(enabled)
    if credential.public_verification == enabled:
        return credential
    with transaction.atomic():
        credential.public_verification = enabled
        credential.save(update_fields=["public_verification", "updated_at"])
        record(
            credential,
            CredentialEvent.Action.VISIBILITY,
            actor=actor,
            from_value="on" if not enabled else "off",
            to_value="on" if enabled else "off",
            reason="Changed by the holder" if actor is not None else "",
        )
    return credential
