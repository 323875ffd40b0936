import base64

from django.core.management.base import BaseCommand

from certification.models import IssuerKey
from certification.vc import did, documents, keys


class Command(BaseCommand):
    help = (
        "Make a new key for signing verifiable credentials and publish its public half in the DID document now. "
        "Put the printed CREDENTIAL_VC_SIGNING_KEY in the environment and restart: new credentials and status "
        "lists are then signed with it. Old keys stay listed, so credentials signed with them keep verifying."
    )

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Only list the keys in the DID document.")

    def handle(self, *args, **options):
        if not options["list"]:
            seed = keys.new_seed_base64()
            public = keys.public_key_multibase(keys.private_key_from_seed(base64.b64decode(seed)).public_key())
            documents.register_key(public)
            self.stdout.write("New key published in the DID document. Set this in the environment, then restart:")
            self.stdout.write(f"CREDENTIAL_VC_SIGNING_KEY={seed}")
            self.stdout.write("Then run `manage.py resign_status_lists --force` so the status lists use it too.")
        try:
            current = keys.signing_key_multibase()
        except keys.SigningKeyMissing:
            current = None
        self.stdout.write(f"Keys in {did.did_document_url()} ({did.issuer_did()}):")
        for key in IssuerKey.objects.order_by("created_at", "id"):
            if key.public_key_multibase == current:
                state = "signing now"
            elif key.retired_at:
                state = f"retired {key.retired_at:%Y-%m-%d}"
            elif key.first_used_at is None:
                state = "published, not used yet"
            else:
                state = "listed"
            self.stdout.write(f"  {key.public_key_multibase}  {state}")
