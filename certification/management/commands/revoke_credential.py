from certification import services
from certification.management.commands._state import CredentialCommand


class Command(CredentialCommand):
    help = "Revoke a credential for good (--reason is required and never shown publicly)."
    service = services.revoke_credential
    reason_required = True
    done = "is now revoked"
