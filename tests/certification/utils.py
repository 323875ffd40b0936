"""Shared set-up for certification tests."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group


def officer_and_editor():
    """A credential officer and an editor (who holds no credential permissions)."""
    users = get_user_model().objects
    officer = users.create_user("officer", "officer@example.com", "x" * 12)
    officer.groups.add(Group.objects.get(name="Credential officers"))
    editor = users.create_user("editor", "editor@example.com", "x" * 12)
    editor.groups.add(Group.objects.get(name="Editors"))
    return officer, editor
