from certification import services
from certification.management.commands._state import CredentialCommand


class Command(CredentialCommand):
    help = "Suspend a credential (--reason is required and never shown publicly)."
    service = services.suspend_credential
    reason_required = True
    done = "is now suspended"
