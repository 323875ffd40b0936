"""Create (or find) the local admin account and print how to sign in.

For laptops only: the password is kept in a git-ignored file so that running
``make run`` again prints the same login.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "admin"
EMAIL = "admin@agencyscript.test"


class Command(BaseCommand):
    help = "Create the local admin account if needed and print its login."

    def handle(self, *args, **options):
        password_file = settings.DATA_DIR / "admin-password.txt"
        user_model = get_user_model()
        user = user_model.objects.filter(username=USERNAME).first()
        password = password_file.read_text().strip() if password_file.exists() else ""
        if user is None or not password or not user.check_password(password):
            password = password or secrets.token_urlsafe(12)
            if user is None:
                user = user_model.objects.create_superuser(USERNAME, EMAIL, password)
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password)
            password_file.chmod(0o600)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login: {settings.SITE_URL}/admin/  username {USERNAME} (or {EMAIL})  password {password}"
            )
        )
