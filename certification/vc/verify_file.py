"""Check a credential file (JSON or baked PNG) the way an offline verifier would, and say which checks passed.

Nothing here looks a credential up in the registry: the verdict rests only on
the file, our DID document (the issuer's keys) and our signed status lists,
exactly what a third-party verifier has. Details from the file (holder,
credential name) are shown only once its signature has been checked.
"""

import datetime
import json
from dataclasses import dataclass, field

from certification.vc import baking, canonical, did, keys, proofs, status_list


class Unreadable(Exception):
    """The upload is not a credential file at all."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


@dataclass
class Check:
    name: str
    passed: bool
    detail: str

    @property
    def outcome(self):
        return "Passed" if self.passed else "Failed"


@dataclass
class Result:
    verdict: str  # valid, revoked, expired, not_valid
    checks: list = field(default_factory=list)
    details: dict | None = None

    TITLES = {
        "valid": "Valid",
        "revoked": "Revoked",
        "expired": "Expired",
        "not_valid": "Not valid",
    }
    EXPLANATIONS = {
        "valid": "Every check passed: Agency Script issued this credential, it has not been changed, "
        "it is within its validity dates and it has not been revoked.",
        "revoked": "The file is genuine, but Agency Script has revoked it. It is no longer valid.",
        "expired": "The file is genuine, but its validity period is over.",
        "not_valid": "This file cannot be relied on. The failed check below says why.",
    }

    @property
    def title(self):
        return self.TITLES[self.verdict]

    @property
    def explanation(self):
        return self.EXPLANATIONS[self.verdict]


def read_credential(data, max_bytes):
    """The credential (a dict) in an uploaded JSON file or baked PNG; raises Unreadable."""
    if len(data) > max_bytes:
        raise Unreadable(f"The file is larger than {max_bytes // 1024} KB; a credential file is much smaller.", 413)
    if baking.is_png(data):
        try:
            text = baking.unbake(data)
        except baking.BakingError as error:
            raise Unreadable(f"The PNG image cannot be read: {error}") from None
        if text is None:
            raise Unreadable("This PNG image has no credential baked into it. Upload the badge file we issued.")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Unreadable("The file is neither a JSON credential nor a PNG badge.") from None
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        raise Unreadable("The file is not valid JSON, so it cannot be a credential.") from None
    if not isinstance(document, dict) or "@context" not in document:
        raise Unreadable("The file is JSON but not a verifiable credential (it has no @context).")
    types = document.get("type")
    if not isinstance(types, list) or "VerifiableCredential" not in types:
        raise Unreadable("The file is JSON but not a verifiable credential (its type is not VerifiableCredential).")
    return document


def parse_time(value):
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _issuer_id(document):
    issuer = document.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def _check_signature(document, did_document, checks, what="credential"):
    """Append the issuer-key and signature checks; True if both passed."""
    try:
        proof = proofs.single_proof(document)
        proofs.check_proof_shape(proof)
        if "@context" not in document:
            raise proofs.ProofError("The document has no @context.")
    except proofs.ProofError as error:
        checks.append(Check("Signature", False, str(error)))
        return False
    multibase = did.public_key_for(did_document, proof["verificationMethod"])
    if multibase is None:
        checks.append(
            Check("Issuer key", False, "The signing key is not one of the keys in Agency Script's DID document.")
        )
        return False
    checks.append(Check("Issuer key", True, "Signed with a key listed in Agency Script's DID document."))
    try:
        proofs.verify(document, keys.public_key_from_multibase(multibase))
    except (proofs.ProofError, canonical.CanonicalizationError, ValueError, RecursionError) as error:
        checks.append(Check("Signature", False, str(error) or "The signature cannot be checked."))
        return False
    checks.append(Check("Signature", True, f"The signature matches: the {what} is exactly as Agency Script signed."))
    return True


def _status_check(document, *, did_document, load_status_list, now):
    """(Check, revoked?) for the credential's revocation status entry."""
    name = "Revocation status"
    entry = document.get("credentialStatus")
    if isinstance(entry, list) and len(entry) == 1:
        entry = entry[0]
    if not isinstance(entry, dict) or entry.get("type") != status_list.ENTRY_TYPE:
        return Check(name, False, "The credential has no Bitstring Status List entry to check."), False
    url = entry.get("statusListCredential")
    try:
        index = int(entry.get("statusListIndex"))
    except (TypeError, ValueError):
        return Check(name, False, "The credential's status index is not a number."), False
    if entry.get("statusPurpose") != "revocation":
        return Check(name, False, "The credential's status entry is not for revocation."), False
    listed = load_status_list(url) if isinstance(url, str) else None
    if listed is None:
        return Check(name, False, "The status list it points to cannot be found on our site."), False
    list_checks = []
    if _issuer_id(listed) != did_document["id"] or not _check_signature(listed, did_document, list_checks, "list"):
        return Check(name, False, "The status list is not signed by Agency Script."), False
    subject = listed.get("credentialSubject") or {}
    valid_until = parse_time(listed.get("validUntil"))
    if valid_until is not None and valid_until < now:
        return Check(name, False, "The status list has expired; try again later."), False
    if subject.get("statusPurpose") != "revocation":
        return Check(name, False, "The status list is not a revocation list."), False
    try:
        revoked = status_list.is_set(status_list.decode(subject.get("encodedList")), index)
    except status_list.StatusListError as error:
        return Check(name, False, str(error)), False
    if revoked:
        return Check(name, False, "Revoked: Agency Script's signed status list marks this credential revoked."), True
    return Check(name, True, "Not revoked, according to Agency Script's signed status list."), False


def verify(document, *, did_document, load_status_list, now):
    """Check ``document`` (from :func:`read_credential`); ``load_status_list(url)`` returns a signed list or None."""
    checks = []
    issuer = _issuer_id(document)
    if issuer != did_document["id"]:
        checks.append(
            Check(
                "Issuer",
                False,
                "The credential was not issued by Agency Script. This page checks only Agency Script credentials.",
            )
        )
        return Result("not_valid", checks)
    checks.append(Check("Issuer", True, f"Issued by Agency Script ({did_document['id']})."))
    if not _check_signature(document, did_document, checks):
        return Result("not_valid", checks)

    valid_from, valid_until = parse_time(document.get("validFrom")), parse_time(document.get("validUntil"))
    expired = False
    if valid_from is None:
        checks.append(Check("Validity dates", False, "The credential has no readable validFrom date."))
    elif valid_from > now:
        checks.append(Check("Validity dates", False, f"Not valid before {valid_from:%-d %B %Y}."))
    elif valid_until is not None and valid_until < now:
        expired = True
        checks.append(Check("Validity dates", False, f"Expired: valid until {valid_until:%-d %B %Y}."))
    else:
        until = f" until {valid_until:%-d %B %Y}" if valid_until else ""
        checks.append(Check("Validity dates", True, f"Valid from {valid_from:%-d %B %Y}{until}."))

    status, revoked = _status_check(document, did_document=did_document, load_status_list=load_status_list, now=now)
    checks.append(status)

    subject = document.get("credentialSubject") or {}
    details = {
        "name": document.get("name"),
        "holder": subject.get("name") if isinstance(subject, dict) else None,
        "url": document.get("id"),
        "valid_from": valid_from,
        "valid_until": valid_until,
    }
    if revoked:
        verdict = "revoked"
    elif all(check.passed for check in checks):
        verdict = "valid"
    elif expired and all(check.passed for check in checks if check.name != "Validity dates"):
        verdict = "expired"
    else:
        verdict = "not_valid"
    return Result(verdict, checks, details)
