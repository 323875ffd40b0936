from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certification import services
from certification.vc import badge_image, baking, documents, keys


class Command(BaseCommand):
    help = (
        "Write a credential's current signed Open Badges 3.0 document (credential.json, or a baked PNG with --png). "
        "It carries a hash of the holder's email: give it only to the holder."
    )

    def add_arguments(self, parser):
        parser.add_argument("credential_id", metavar="ID")
        parser.add_argument("--png", action="store_true", help="Write the badge PNG with the credential baked in.")
        parser.add_argument("--output", "-o", help="File to write (default: standard output for JSON).")

    def handle(self, *args, **options):
        try:
            credential = services.get_credential(options["credential_id"])
            document = documents.current_document(credential)
        except (services.CredentialError, documents.DocumentUnavailable, keys.SigningKeyMissing) as error:
            raise CommandError(str(error)) from None
        if options["png"]:
            if not options["output"]:
                raise CommandError("--png needs --output FILE.")
            Path(options["output"]).write_bytes(baking.bake(badge_image.badge_png(credential.tier), document.document))
        elif options["output"]:
            Path(options["output"]).write_text(document.document, encoding="utf-8")
        else:
            self.stdout.write(document.document)
            return
        self.stdout.write(self.style.SUCCESS(f"Wrote {options['output']} ({credential.credential_id})."))
