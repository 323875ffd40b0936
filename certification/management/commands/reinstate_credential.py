from certification import services
from certification.management.commands._state import CredentialCommand


class Command(CredentialCommand):
    help = "Reinstate a suspended credential (revocation is final)."
    service = services.reinstate_credential
    reason_required = False
    done = "is now reinstated"
