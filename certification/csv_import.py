"""Credentials from a CSV file: holder_name,email,tier,issued_on,expires_on,external_ref.

Every row is checked before anything is written; the credentials are issued
through :mod:`certification.services`, like those issued one by one.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from certification import services
from certification.models import Credential, CredentialEvent, TierPage

CSV_COLUMNS = ["holder_name", "email", "tier", "issued_on", "expires_on", "external_ref"]
REQUIRED_COLUMNS = ["holder_name", "email", "tier", "issued_on"]
MAX_IMPORT_ROWS = 20_000


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


def read_text(source):
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
        raise services.CredentialError(f"The file is not UTF-8 text (byte {error.start}).") from None


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
        name = services.clean_name(values["holder_name"])
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
    result = validate_rows(read_text(source))
    if result.header_errors or (result.invalid_rows and not skip_invalid):
        return result
    try:
        with transaction.atomic():
            for row in result.rows:
                if not row.ok or row.existing:
                    continue
                credential = services.issue_credential(
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
        raise services.CredentialError(
            "Another import changed the registry at the same time; please run it again."
        ) from None
    result.imported = True
    return result


def write_import_output(result, handle):
    """The input columns plus ``credential_id`` (empty for skipped rows)."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, "credential_id"])
    for row in result.rows:
        writer.writerow([*(row.values[name] for name in CSV_COLUMNS), row.credential_id if row.ok else ""])
