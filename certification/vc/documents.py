"""Writes to the registry of signed credential documents and status lists.

A credential ID has a history of signed documents. Each one holds a random,
never reused index in a revocation status list. Revocation of a signed
document is permanent, so suspending, revoking or renewing a credential
revokes its current document, and reinstating it issues a new document at a
new index. Status lists are re-signed once the change commits
(``transaction.on_commit``), daily (``manage.py resign_status_lists``), and
whenever a stale one is asked for.
"""

import datetime
import json
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from certification.models import CredentialDocument, IssuerKey, Status, StatusList
from certification.vc import credential as vc_credential
from certification.vc import did, keys, proofs, status_list

logger = logging.getLogger(__name__)


class DocumentUnavailable(Exception):
    """The credential is not in a state for which a signed document can be given."""


def _timestamp(moment):
    return moment.astimezone(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def status_list_url(status_list_id):
    return settings.SITE_URL + reverse("certification:status_list", args=[status_list_id])


def register_key(public_key_multibase, *, used=False):
    """Record a public key so the DID document lists it; ``used`` retires every other key."""
    now = timezone.now()
    key, _created = IssuerKey.objects.get_or_create(public_key_multibase=public_key_multibase)
    if used and key.first_used_at is None:
        with transaction.atomic():
            IssuerKey.objects.filter(pk=key.pk, first_used_at__isnull=True).update(first_used_at=now, retired_at=None)
            IssuerKey.objects.exclude(pk=key.pk).filter(retired_at__isnull=True, first_used_at__isnull=False).update(
                retired_at=now
            )
        key.refresh_from_db()
    return key


def _signer():
    """(private key, IssuerKey row, verification method id) for signing now."""
    private_key = keys.signing_key()
    multibase = keys.public_key_multibase(private_key.public_key())
    return private_key, register_key(multibase, used=True), did.verification_method_id(multibase)


def _allocate_index():
    """A random free index in a status list that is at most half full (a new list when none is)."""
    open_list = (
        StatusList.objects.select_for_update().filter(allocated__lt=StatusList.SIZE // 2).order_by("id").first()
    )
    if open_list is None:
        open_list = StatusList.objects.create(bits=status_list.empty_bits(StatusList.SIZE))
        open_list = StatusList.objects.select_for_update().get(pk=open_list.pk)
    taken = CredentialDocument.objects.filter(status_list=open_list)
    while True:
        index = secrets.randbelow(open_list.size)
        if not taken.filter(status_index=index).exists():
            break
    open_list.allocated += 1
    open_list.save(update_fields=["allocated"])
    return open_list, index


def issue_document(credential):
    """Sign a new document for ``credential`` at a new status index (raises DocumentUnavailable, SigningKeyMissing)."""
    if credential.status not in {Status.VALID, Status.EXPIRED}:
        raise DocumentUnavailable(f"{credential.credential_id} is not active; no signed credential can be issued.")
    private_key, key_row, method = _signer()
    with transaction.atomic():
        target_list, index = _allocate_index()
        unsigned = vc_credential.open_badge_credential(
            credential,
            did=did.issuer_did(),
            credential_status=status_list.entry(status_list_url(target_list.pk), index),
            salt=vc_credential.new_salt(),
        )
        signed = proofs.sign(unsigned, private_key, method, _timestamp(timezone.now()))
        return CredentialDocument.objects.create(
            credential=credential,
            status_list=target_list,
            status_index=index,
            key=key_row,
            document=json.dumps(signed, ensure_ascii=False, indent=2),
        )


def current_document(credential, *, create=True):
    """The credential's current (unrevoked) signed document; issued now if it has none and ``create``."""
    document = credential.documents.filter(revoked_at__isnull=True).order_by("-issued_at", "-id").first()
    if document is None and create:
        document = issue_document(credential)
    return document


def revoke_documents(credential, because):
    """Revoke every unrevoked document of ``credential`` (inside the caller's transaction)."""
    documents = list(credential.documents.select_related("status_list").filter(revoked_at__isnull=True))
    if not documents:
        return []
    now = timezone.now()
    touched = set()
    for document in documents:
        locked = StatusList.objects.select_for_update().get(pk=document.status_list_id)
        locked.bits = status_list.with_bit_set(bytes(locked.bits), document.status_index)
        locked.version += 1
        locked.save(update_fields=["bits", "version"])
        touched.add(locked.pk)
        document.revoked_at = now
        document.revoked_because = because
        document.save(update_fields=["revoked_at", "revoked_because"])
    for list_id in touched:
        transaction.on_commit(lambda list_id=list_id: resign_after_commit(list_id))
    return documents


def issue_replacement(credential):
    """A new document for a reinstated or renewed credential. Without a signing key it is issued on download."""
    try:
        return issue_document(credential)
    except keys.SigningKeyMissing:
        logger.warning("No CREDENTIAL_VC_SIGNING_KEY: %s gets its new document on download", credential.credential_id)
        return None


# Status lists ---------------------------------------------------------------


def _is_stale(target, now):
    return (
        not target.signed_document
        or target.signed_version != target.version
        or target.valid_until is None
        or target.valid_until <= now
        or target.signed_at is None
        or target.signed_at < now - datetime.timedelta(days=1)
    )


def resign_status_list(status_list_id, *, force=False):
    """Sign the list's current bits again (when stale, or always with ``force``) and store the result."""
    with transaction.atomic():
        target = StatusList.objects.select_for_update().get(pk=status_list_id)
        now = timezone.now()
        if not force and not _is_stale(target, now):
            return target
        private_key, _key_row, method = _signer()
        valid_until = now + datetime.timedelta(days=settings.CREDENTIAL_STATUS_LIST_VALID_DAYS)
        unsigned = status_list.list_credential(
            list_url=status_list_url(target.pk),
            issuer=did.issuer_did(),
            bits=bytes(target.bits),
            valid_from=_timestamp(now),
            valid_until=_timestamp(valid_until),
            ttl_ms=settings.CREDENTIAL_STATUS_LIST_TTL_SECONDS * 1000,
        )
        signed = proofs.sign(unsigned, private_key, method, _timestamp(now))
        target.signed_document = json.dumps(signed, ensure_ascii=False)
        target.signed_version = target.version
        target.signed_at = now
        target.valid_until = valid_until.replace(microsecond=0)
        target.save(update_fields=["signed_document", "signed_version", "signed_at", "valid_until"])
    return target


def resign_after_commit(status_list_id):
    try:
        resign_status_list(status_list_id, force=True)
    except Exception:  # noqa: BLE001 - the next request for the list or the daily command signs it
        logger.exception("Could not re-sign status list %s", status_list_id)


def resign_all(*, force=False):
    return [resign_status_list(pk, force=force) for pk in StatusList.objects.values_list("pk", flat=True)]


def signed_status_list(status_list_id):
    """The signed list credential as served (re-signed first if stale); None if there is no such list."""
    target = StatusList.objects.filter(pk=status_list_id).first()
    if target is None:
        return None
    if _is_stale(target, timezone.now()):
        target = resign_status_list(status_list_id)
    return target.signed_document
