"""Issue credentials from a CSV file: holder_name,email,tier,issued_on,expires_on,external_ref."""

from django.core.management.base import BaseCommand, CommandError

from certification import csv_import, services


class Command(BaseCommand):
    help = (
        "Import credentials from CSV (columns holder_name,email,tier,issued_on,expires_on,external_ref; "
        "UTF-8 with or without BOM). Every row is checked first; unless --skip-invalid, one bad row "
        "means nothing is imported. Rows whose external_ref is already known issue nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file to import.")
        parser.add_argument("--output", help="Write the input columns plus credential_id to this CSV file.")
        parser.add_argument("--skip-invalid", action="store_true", help="Import the valid rows, skip bad ones.")

    def handle(self, *args, **options):
        try:
            result = csv_import.import_credentials(
                options["file"], skip_invalid=options["skip_invalid"], actor="import_credentials command"
            )
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror or error}") from None
        except services.CredentialError as error:
            raise CommandError(str(error)) from None
        for line in result.error_lines():
            self.stderr.write(line)
        if not result.imported:
            count = len(result.invalid_rows)
            raise CommandError(
                f"Nothing was imported: {count} invalid row{'s' if count != 1 else ''}"
                if count
                else "Nothing was imported."
            )
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                csv_import.write_import_output(result, handle)
        for row in result.existing:
            self.stdout.write(f"Line {row.line}: already imported as {row.credential_id}")
        skipped = len(result.invalid_rows)
        self.stdout.write(
            self.style.SUCCESS(
                f"Issued {len(result.issued)} credential{'s' if len(result.issued) != 1 else ''}; "
                f"{len(result.existing)} already imported; {skipped} skipped."
            )
        )
