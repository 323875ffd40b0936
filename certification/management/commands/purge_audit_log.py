"""Delete audit entries older than the retention periods in settings."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from certification import selectors
from certification.models import CredentialEvent, VerificationEvent


class Command(BaseCommand):
    help = (
        "Delete verification-log entries older than CERTIFICATION_VERIFICATION_LOG_RETENTION_DAYS (default 365) "
        "and change-log entries older than CERTIFICATION_CHANGE_LOG_RETENTION_DAYS (default: keep forever). "
        "The background worker runs it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted; delete nothing.")

    def handle(self, *args, **options):
        now = timezone.now()
        for model, days in (
            (VerificationEvent, selectors.verification_log_retention_days()),
            (CredentialEvent, selectors.change_log_retention_days()),
        ):
            label = model._meta.verbose_name_plural
            if not days:
                self.stdout.write(f"{label}: kept forever (no retention period set).")
                continue
            old = model.objects.filter(created_at__lt=now - datetime.timedelta(days=days))
            if options["dry_run"]:
                self.stdout.write(f"{label}: {old.count()} older than {days} days would be deleted.")
            else:
                # QuerySet.delete bypasses the append-only guard on single rows, on purpose.
                deleted, _ = old.delete()
                self.stdout.write(f"{label}: deleted {deleted} older than {days} days.")
