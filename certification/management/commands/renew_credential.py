from certification.management.commands._lifecycle_command import LifecycleCommand


class Command(LifecycleCommand):
    action = "renew"
    help = "Renew a credential: issue a new one (new ID); the old one shows Superseded and links to it."

    def message(self, credential, options):
        return f"Renewed as {credential.credential_id} (valid until {credential.expires_on:%Y-%m-%d})."
