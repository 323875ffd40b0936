from certification.management.commands._lifecycle_command import LifecycleCommand


class Command(LifecycleCommand):
    action = "suspend"
    help = "Suspend a credential (--reason is required and never shown publicly)."
