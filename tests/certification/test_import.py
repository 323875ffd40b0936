"""import_credentials: validation with line numbers, atomicity, --skip-invalid, idempotency, BOM, any script."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from certification.ids import normalise_credential_id
from certification.models import Credential, CredentialEvent

HEADER = "holder_name,email,tier,issued_on,expires_on,external_ref\n"
GOOD = (
    HEADER
    + "Amara Okafor,amara@example.com,AS-F,2026-01-15,,EX-1\n"
    + "张伟,zhang.wei@example.cn,AS-O,2025-06-01,2027-06-01,EX-2\n"
    + "Мария Иванова,maria@example.ru,as-a,2024-03-10,,EX-3\n"
    + "محمد الأحمد,mohammed@example.ae,AS-P,2022-02-02,2024-02-02,EX-4\n"
    + '"<script>alert(1)</script> O\'Brien, Jr.",obrien@example.com,AS-F,2026-02-01,,EX-5\n'
)
BAD = (
    HEADER
    + "Good Person,good@example.com,AS-F,2026-01-15,,EX-10\n"
    + ",nobody@example.com,AS-F,2026-01-15,,EX-11\n"
    + "Bad Email,not-an-email,AS-F,2026-01-15,,EX-12\n"
    + "Bad Tier,tier@example.com,AS-X,2026-01-15,,EX-13\n"
    + "Bad Date,date@example.com,AS-O,15/01/2026,,EX-14\n"
    + "Backwards,back@example.com,AS-O,2026-01-15,2025-01-15,EX-15\n"
    + "Second Good,second@example.com,AS-A,2026-01-10,,EX-16\n"
)


def write(tmp_path, text, name="in.csv", bom=False):
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return str(path)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_credentials", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def read_output(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("bom", [False, True])
def test_good_file_imports_every_row_with_output(tiers, tmp_path, bom):
    source = write(tmp_path, GOOD, bom=bom)
    output = str(tmp_path / "out.csv")
    out, err = run(source, "--output", output)
    assert "Issued 5 credentials" in out
    assert err == ""
    rows = read_output(output)
    assert [row["holder_name"] for row in rows] == [
        "Amara Okafor",
        "张伟",
        "Мария Иванова",
        "محمد الأحمد",
        "<script>alert(1)</script> O'Brien, Jr.",
    ]
    assert list(rows[0]) == [
        "holder_name",
        "email",
        "tier",
        "issued_on",
        "expires_on",
        "external_ref",
        "credential_id",
    ]
    for row in rows:
        credential = Credential.objects.get(credential_id=row["credential_id"])
        assert normalise_credential_id(row["credential_id"]) == row["credential_id"]
        assert credential.holder_name == row["holder_name"]
        assert credential.external_ref == row["external_ref"]
        assert credential.tier.code == row["tier"].upper()
    zhang = Credential.objects.get(external_ref="EX-2")
    assert str(zhang.expires_on) == "2027-06-01"
    assert Credential.objects.get(external_ref="EX-4").status == "expired"
    assert CredentialEvent.objects.filter(action="imported").count() == 5


def test_bad_rows_are_reported_with_line_numbers_and_nothing_is_imported(tiers, tmp_path):
    with pytest.raises(CommandError, match="Nothing was imported: 5 invalid rows"):
        out, err = run(write(tmp_path, BAD))
    assert Credential.objects.count() == 0


def test_error_messages_name_line_and_reason(tiers, tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_credentials", write(tmp_path, BAD), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines == [
        "Line 3: holder_name is empty",
        "Line 4: email “not-an-email” is not a valid address",
        "Line 5: tier “AS-X” is not one of AS-A, AS-F, AS-O, AS-P",
        "Line 6: issued_on “15/01/2026” is not a date in the form YYYY-MM-DD",
        "Line 7: expires_on is not after issued_on",
    ]


def test_skip_invalid_imports_the_good_rows(tiers, tmp_path):
    output = str(tmp_path / "out.csv")
    err = io.StringIO()
    out = io.StringIO()
    call_command(
        "import_credentials", write(tmp_path, BAD), "--skip-invalid", "--output", output, stdout=out, stderr=err
    )
    assert "Issued 2 credentials" in out.getvalue()
    assert "5 skipped" in out.getvalue()
    assert "Line 3:" in err.getvalue()
    assert set(Credential.objects.values_list("external_ref", flat=True)) == {"EX-10", "EX-16"}
    rows = read_output(output)
    assert len(rows) == 7
    assert [bool(row["credential_id"]) for row in rows] == [True, False, False, False, False, False, True]


def test_reimport_is_idempotent_on_external_ref(tiers, tmp_path):
    source = write(tmp_path, GOOD)
    first, second = str(tmp_path / "1.csv"), str(tmp_path / "2.csv")
    run(source, "--output", first)
    out, _ = run(source, "--output", second)
    assert "Issued 0 credentials; 5 already imported" in out
    assert Credential.objects.count() == 5
    assert [row["credential_id"] for row in read_output(first)] == [
        row["credential_id"] for row in read_output(second)
    ]


def test_duplicate_external_ref_in_one_file_is_an_error(tiers, tmp_path):
    text = HEADER + "A,a@example.com,AS-F,2026-01-01,,SAME\nB,b@example.com,AS-F,2026-01-01,,SAME\n"
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_credentials", write(tmp_path, text), stdout=io.StringIO(), stderr=err)
    assert "Line 3: external_ref “SAME” repeats line 2" in err.getvalue()


def test_missing_columns_are_reported(tiers, tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_credentials", write(tmp_path, "name,email\nA,a@example.com\n"), stderr=err)
    assert "missing columns holder_name, tier, issued_on" in err.getvalue()


def test_columns_in_any_order_and_quoted_newlines(tiers, tmp_path):
    text = 'email,tier,holder_name,issued_on\nx@example.com,AS-F,"Line\nBreak",2026-01-01\nbad,AS-F,Y,2026-01-01\n'
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_credentials", write(tmp_path, text), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().startswith("Line 4: email")


def test_not_utf8_is_refused(tiers, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "José,j@example.com,AS-F,2026-01-01,,\n").encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run(str(path))


def test_missing_file(tiers, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "nope.csv"))


def test_over_long_values_are_row_errors_with_line_numbers(tiers, tmp_path):
    long_local = "a" * 290
    text = (
        HEADER
        + f"Long Email,{long_local}@example.com,AS-F,2026-01-15,,EX-20\n"
        + f"{'N' * 201},name@example.com,AS-F,2026-01-15,,EX-21\n"
        + f"Long Ref,ref@example.com,AS-F,2026-01-15,,{'R' * 101}\n"
        + f"Long Tier,tier@example.com,{'T' * 5000},2026-01-15,,EX-23\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 4 invalid rows"):
        call_command("import_credentials", write(tmp_path, text), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[:3] == [
        "Line 2: email is longer than 254 characters",
        "Line 3: holder_name is longer than 200 characters",
        "Line 4: external_ref is longer than 100 characters",
    ]
    assert lines[3].startswith("Line 5: tier “TTTT") and "…” is not one of AS-A" in lines[3]
    assert len(lines[3]) < 150
    assert Credential.objects.count() == 0
