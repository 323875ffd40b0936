from certification import services
from certification.management.commands._state import CredentialCommand


class Command(CredentialCommand):
    help = "Renew a credential: issue a new one (new ID); the old one shows Superseded and links to it."
    service = services.renew_credential

    def message(self, credential, options):
        return f"Renewed as {credential.credential_id} (valid until {credential.expires_on:%Y-%m-%d})."
