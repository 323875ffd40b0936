from certification.management.commands._lifecycle_command import LifecycleCommand


class Command(LifecycleCommand):
    action = "revoke"
    help = "Revoke a credential for good (--reason is required and never shown publicly)."
