"""The "Credential officers" group: Wagtail admin access plus the registry's permissions."""

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


PERMISSION_NAMES = {
    "view_credential": "Can view credential",
    "add_credential": "Can add credential",
    "manage_credential": "Can revoke, suspend, reinstate and renew credentials",
    "view_credentialevent": "Can view credential event",
    "view_verificationevent": "Can view verification event",
}


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations run; create ours now so the group can hold them.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, model, codename in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": PERMISSION_NAMES.get(codename, codename.replace("_", " "))},
        )
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
