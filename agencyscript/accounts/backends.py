from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from agencyscript.accounts import throttle


class EmailOrUsernameBackend(ModelBackend):
    """Sign in with an email address (or, for the Wagtail admin, a username).

    Refuses an attempt while ``throttle`` says this client must wait; this
    protects the Wagtail admin's sign-in as well.
    """

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        identifier = (email or username or "").strip()
        if not identifier or password is None:
            return None
        if throttle.seconds_to_wait(request, identifier):
            raise PermissionDenied("Too many failed sign-in attempts.")
        user_model = get_user_model()
        lookup = {"email__iexact": identifier} if "@" in identifier else {"username": identifier}
        user = user_model._default_manager.filter(**lookup).order_by("pk").first()
        if user is None:
            user_model().set_password(password)  # same work as a real check: no timing oracle
        elif user.check_password(password) and self.user_can_authenticate(user):
            throttle.record_success(request, identifier)
            return user
        throttle.record_failure(request, identifier)
        return None
