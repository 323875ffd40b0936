"""Shared shape of the one-credential commands."""

from django.core.management.base import BaseCommand, CommandError

from certification import services


class CredentialCommand(BaseCommand):
    reason_required = False
    service = None
    done = ""

    def add_arguments(self, parser):
        parser.add_argument("credential_id", metavar="ID", help="The credential ID (any case, dashes optional).")
        parser.add_argument(
            "--reason", required=self.reason_required, default="", help="Internal reason, recorded in the audit log."
        )

    def handle(self, *args, **options):
        service = type(self).service
        try:
            credential = service(options["credential_id"], reason=options["reason"], actor=f"{self.name} command")
        except services.CredentialError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(self.message(credential, options)))

    @property
    def name(self):
        return type(self).__module__.rsplit(".", 1)[-1]

    def message(self, credential, options):
        return f"{credential.credential_id} {self.done}."
