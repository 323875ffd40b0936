"""Writes to the credential registry. The admin and the management commands both use these.

Every change records a :class:`~certification.models.CredentialEvent` in the
same transaction, so the audit log and the registry never disagree.
"""

import csv
import datetime
import io
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from certification import ids
from certification.models import Credential, CredentialDocument, CredentialEvent, TierPage, add_months
from certification.vc import documents

CSV_COLUMNS = ["holder_name", "email", "tier", "issued_on", "expires_on", "external_ref"]
REQUIRED_COLUMNS = ["holder_name", "email", "tier", "issued_on"]
MAX_IMPORT_ROWS = 20_000


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


def _change_state(credential_id, *, to_state, allowed_from, action, reason, actor, require_reason):
    reason = (reason or "").strip()
    if require_reason and not reason:
        raise CredentialError("A reason is required.")
    with transaction.atomic():
        credential = get_credential(credential_id, for_update=True)
        if credential.state not in allowed_from:
            raise CredentialError(
                f"{credential.credential_id} is {credential.get_state_display().lower()}; "
                f"it cannot be {action.label.lower()}."
            )
        from_state = credential.state
        credential.state = to_state
        credential.state_reason = reason
        credential.save(update_fields=["state", "state_reason", "updated_at"])
        record(credential, action, actor=actor, from_value=from_state, to_value=to_state, reason=reason)
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
    return _change_state(
        credential_id,
        to_state=Credential.State.REVOKED,
        allowed_from={Credential.State.ACTIVE, Credential.State.SUSPENDED},
        action=CredentialEvent.Action.REVOKED,
        reason=reason,
        actor=actor,
        require_reason=True,
    )


def suspend_credential(credential_id, *, reason, actor=None):
    """Suspend an active credential. A reason is required; it is never public."""
    return _change_state(
        credential_id,
        to_state=Credential.State.SUSPENDED,
        allowed_from={Credential.State.ACTIVE},
        action=CredentialEvent.Action.SUSPENDED,
        reason=reason,
        actor=actor,
        require_reason=True,
    )


def reinstate_credential(credential_id, *, reason="", actor=None):
    """Lift a suspension. Revocation is final: a revoked credential cannot be reinstated."""
    return _change_state(
        credential_id,
        to_state=Credential.State.ACTIVE,
        allowed_from={Credential.State.SUSPENDED},
        action=CredentialEvent.Action.REINSTATED,
        reason=reason,
        actor=actor,
        require_reason=False,
    )


def renew_credential(credential_id, *, reason="", actor=None, issued_on=None, new_credential_id=None):
    """Issue a new credential (new ID) for the same holder and tier; the old one shows Superseded.

    Only an active credential that has not already been renewed can be renewed
    (expired ones can: that is what renewal is for).
    """
    with transaction.atomic():
        old = get_credential(credential_id, for_update=True)
        if old.state != Credential.State.ACTIVE:
            raise CredentialError(f"{old.credential_id} is {old.get_state_display().lower()}; it cannot be renewed.")
        if old.superseded_by_id:
            raise CredentialError(f"{old.credential_id} has already been renewed.")
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
            CredentialEvent.Action.RENEWED,
            actor=actor,
            from_value=old.credential_id,
            to_value=new.credential_id,
            reason=reason,
        )
    return new


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


# CSV import ----------------------------------------------------------------


@dataclass
class ImportRow:
    line: int
    values: dict
    errors: list = field(default_factory=list)
    credential_id: str = ""
    existing: bool = False
    tier: TierPage | None = None
    issued_on: datetime.date | None = None
    expires_on: datetime.date | None = None

    @property
    def ok(self):
        return not self.errors


@dataclass
class ImportResult:
    rows: list
    header_errors: list = field(default_factory=list)
    imported: bool = False

    @property
    def invalid_rows(self):
        return [row for row in self.rows if not row.ok]

    @property
    def issued(self):
        return [row for row in self.rows if row.ok and row.credential_id and not row.existing]

    @property
    def existing(self):
        return [row for row in self.rows if row.ok and row.existing]

    def error_lines(self):
        lines = [f"Header: {error}" for error in self.header_errors]
        for row in self.invalid_rows:
            lines.append(f"Line {row.line}: {'; '.join(row.errors)}")
        return lines


def _read_text(source):
    """CSV text from a path, bytes or a file object; UTF-8 with or without BOM."""
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str):
        with open(source, "rb") as handle:
            data = handle.read()
    else:
        data = source.read()
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CredentialError(f"The file is not UTF-8 text (byte {error.start}).") from None


def _parse_date(text, name, errors):
    text = (text or "").strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        errors.append(f"{name} “{shown(text)}” is not a date in the form YYYY-MM-DD")
        return None


def _tier_lookup():
    tiers = {}
    for tier in TierPage.objects.all():
        code = tier.code.upper()
        tiers[code] = tier
        tiers[code.replace("-", "")] = tier
    return tiers


# What the registry can store, from the model: a longer value is a row error, not a database error.
HOLDER_NAME_MAX = Credential._meta.get_field("holder_name").max_length
EMAIL_MAX = Credential._meta.get_field("holder_email").max_length
EXTERNAL_REF_MAX = Credential._meta.get_field("external_ref").max_length


def shown(value, limit=60):
    """A value quoted in an error message, shortened if it is long."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def validate_rows(text):
    """Parse and check every row without writing anything."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    result = ImportResult(rows=[])
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        result.header_errors.append(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} (expected {','.join(CSV_COLUMNS)})"
        )
        return result
    reader.fieldnames = header
    tiers = _tier_lookup()
    today = timezone.now().date()
    seen_refs = {}
    for values in reader:
        line = reader.line_num
        if len(result.rows) >= MAX_IMPORT_ROWS:
            result.header_errors.append(f"too many rows (at most {MAX_IMPORT_ROWS})")
            break
        extra = values.pop(None, None)
        values = {name: (values.get(name) or "").strip() for name in CSV_COLUMNS}
        if not any(values.values()) and not extra:
            continue  # blank line
        row = ImportRow(line=line, values=values)
        errors = row.errors
        if extra:
            errors.append("too many fields")
        name = clean_name(values["holder_name"])
        if not name:
            errors.append("holder_name is empty")
        elif len(name) > HOLDER_NAME_MAX:
            errors.append(f"holder_name is longer than {HOLDER_NAME_MAX} characters")
        email = values["email"]
        if not email:
            errors.append("email is empty")
        elif len(email) > EMAIL_MAX:
            errors.append(f"email is longer than {EMAIL_MAX} characters")
        else:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(f"email “{shown(email)}” is not a valid address")
        code = values["tier"].upper().replace(" ", "")
        row.tier = tiers.get(code)
        if not values["tier"]:
            errors.append("tier is empty")
        elif row.tier is None:
            codes = ", ".join(sorted(code for code in tiers if "-" in code))
            errors.append(f"tier “{shown(values['tier'])}” is not one of {codes}")
        if not values["issued_on"]:
            errors.append("issued_on is empty")
        row.issued_on = _parse_date(values["issued_on"], "issued_on", errors)
        row.expires_on = _parse_date(values["expires_on"], "expires_on", errors)
        if row.issued_on and row.issued_on > today:
            errors.append("issued_on is in the future")
        if row.issued_on and row.expires_on and row.expires_on <= row.issued_on:
            errors.append("expires_on is not after issued_on")
        ref = values["external_ref"]
        if len(ref) > EXTERNAL_REF_MAX:
            errors.append(f"external_ref is longer than {EXTERNAL_REF_MAX} characters")
        elif ref:
            if ref in seen_refs:
                errors.append(f"external_ref “{shown(ref)}” repeats line {seen_refs[ref]}")
            else:
                seen_refs[ref] = line
        result.rows.append(row)
    if not result.rows and not result.header_errors:
        result.header_errors.append("the file has no rows")
    refs = [row.values["external_ref"] for row in result.rows if row.ok and row.values["external_ref"]]
    existing = {}
    for start in range(0, len(refs), 500):
        existing.update(
            Credential.objects.filter(external_ref__in=refs[start : start + 500]).values_list(
                "external_ref", "credential_id"
            )
        )
    for row in result.rows:
        ref = row.values["external_ref"]
        if row.ok and ref in existing:
            row.credential_id, row.existing = existing[ref], True
    return result


def import_credentials(source, *, skip_invalid=False, actor=None):
    """Validate every row, then issue credentials for the valid ones in one transaction.

    Unless ``skip_invalid``, a single bad row means nothing is imported. Rows
    whose ``external_ref`` is already in the registry issue nothing: their
    existing ID is reported instead.
    """
    result = validate_rows(_read_text(source))
    if result.header_errors or (result.invalid_rows and not skip_invalid):
        return result
    try:
        with transaction.atomic():
            for row in result.rows:
                if not row.ok or row.existing:
                    continue
                credential = issue_credential(
                    holder_name=row.values["holder_name"],
                    holder_email=row.values["email"],
                    tier=row.tier,
                    issued_on=row.issued_on,
                    expires_on=row.expires_on,
                    external_ref=row.values["external_ref"],
                    actor=actor,
                    action=CredentialEvent.Action.IMPORTED,
                    reason=f"CSV import, line {row.line}",
                )
                row.credential_id = credential.credential_id
    except IntegrityError:
        # Another import with the same external_ref won the race: nothing from this one is kept.
        for row in result.rows:
            if not row.existing:
                row.credential_id = ""
        raise CredentialError("Another import changed the registry at the same time; please run it again.") from None
    result.imported = True
    return result


def write_import_output(result, handle):
    """The input columns plus ``credential_id`` (empty for skipped rows)."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, "credential_id"])
    for row in result.rows:
        writer.writerow([*(row.values[name] for name in CSV_COLUMNS), row.credential_id if row.ok else ""])
