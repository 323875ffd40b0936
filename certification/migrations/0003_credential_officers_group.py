"""The "Credential officers" group: Wagtail admin access plus the registry's permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Credential officers"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("certification", "credential", "view_credential"),
    ("certification", "credential", "add_credential"),
    ("certification", "credential", "manage_credential"),
    ("certification", "credentialevent", "view_credentialevent"),
    ("certification", "verificationevent", "view_verificationevent"),
]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure ours exist now.
    for app_label in ("certification",):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = app_config.models_module or True
        create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, model, codename in PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0002_credential_audit_log"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
