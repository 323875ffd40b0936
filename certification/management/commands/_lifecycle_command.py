"""The base of the commands that move one credential through its lifecycle (see certification.lifecycle)."""

from django.core.management.base import BaseCommand, CommandError

from certification import lifecycle, services


class LifecycleCommand(BaseCommand):
    action = ""  # a key of lifecycle.TRANSITIONS

    def add_arguments(self, parser):
        parser.add_argument("credential_id", metavar="ID", help="The credential ID (any case, dashes optional).")
        parser.add_argument(
            "--reason",
            required=lifecycle.TRANSITIONS[self.action].reason_required,
            default="",
            help="Internal reason, recorded in the audit log.",
        )

    def handle(self, *args, **options):
        try:
            credential = services.change_credential(
                self.action, options["credential_id"], reason=options["reason"], actor=f"{self.name} command"
            )
        except services.CredentialError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(self.message(credential, options)))

    @property
    def name(self):
        return type(self).__module__.rsplit(".", 1)[-1]

    def message(self, credential, options):
        return f"{credential.credential_id} is now {lifecycle.TRANSITIONS[self.action].done}."
