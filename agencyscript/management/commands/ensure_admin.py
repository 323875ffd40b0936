"""Create (or find) the local admin account, give the demo editor and reviewer a password, print the logins.

For laptops only: each password is kept in a git-ignored file under the data
directory, so that running ``make run`` again prints the same logins.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "admin"
EMAIL = "admin@agencyscript.test"
# Created by the demo content (blog.demo): they get a password here only if they exist.
DEMO_ACCOUNTS = [("editor", "writes and submits articles"), ("reviewer", "approves or returns them")]


class Command(BaseCommand):
    help = "Create the local admin account if needed, give the demo editor and reviewer passwords, print the logins."

    def handle(self, *args, **options):
        user_model = get_user_model()
        admin = user_model.objects.filter(username=USERNAME).first()
        if admin is None:
            admin = user_model.objects.create_superuser(USERNAME, EMAIL, None)
        password = self.ensure_password(admin)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login: {settings.SITE_URL}/admin/  username {USERNAME} (or {EMAIL})  password {password}"
            )
        )
        for username, role in DEMO_ACCOUNTS:
            user = user_model.objects.filter(username=username).first()
            if user is not None:
                password = self.ensure_password(user)
                self.stdout.write(f"Demo {username} ({role}): username {username}  password {password}")

    def ensure_password(self, user):
        """The password kept in the user's file, set on the account if it does not match."""
        name = "admin-password.txt" if user.get_username() == USERNAME else f"{user.get_username()}-password.txt"
        password_file = settings.DATA_DIR / name
        password = password_file.read_text().strip() if password_file.exists() else ""
        if not password or not user.check_password(password):
            password = password or secrets.token_urlsafe(12)
            user.set_password(password)
            user.save(update_fields=["password"])
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password)
            password_file.chmod(0o600)
        return password
