from django.core.management.base import BaseCommand

from agencyscript.signups.outbox import send_due_emails


class Command(BaseCommand):
    help = "Send queued emails that are due now (the worker, manage.py run_worker, does this every few seconds)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100)

    def handle(self, *args, limit, **options):
        sent, failed = send_due_emails(limit=limit)
        self.stdout.write(f"Sent {sent} email(s); {failed} failed and will be retried.")
