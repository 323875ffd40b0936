from django.core.management.base import BaseCommand, CommandError

from certification.vc import documents, keys


class Command(BaseCommand):
    help = (
        "Sign every credential status list again (run daily: each signed list is valid for a few days). "
        "Lists already signed today with no change since are left alone unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Re-sign every list, changed or not.")

    def handle(self, *args, **options):
        try:
            lists = documents.resign_all(force=options["force"])
        except keys.SigningKeyMissing as error:
            raise CommandError(str(error)) from None
        for status_list in lists:
            self.stdout.write(
                f"Status list {status_list.pk}: signed at {status_list.signed_at:%Y-%m-%d %H:%M:%S} UTC, "
                f"valid until {status_list.valid_until:%Y-%m-%d %H:%M:%S} UTC."
            )
        self.stdout.write(self.style.SUCCESS(f"{len(lists)} status list{'s' if len(lists) != 1 else ''} checked."))
