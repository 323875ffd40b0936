from certification.management.commands._lifecycle_command import LifecycleCommand


class Command(LifecycleCommand):
    action = "reinstate"
    help = "Reinstate a suspended credential (revocation is final)."
