"""The "Credentials" admin menu and its views (see certification/admin_views.py)."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from certification import admin_views

app_name = "certification_admin"

urlpatterns = [
    path("", admin_views.CredentialIndexView.as_view(), name="index"),
    path("issue/", admin_views.IssueView.as_view(), name="issue"),
    path("import/", admin_views.ImportView.as_view(), name="import"),
    path("log/changes/", admin_views.ChangeLogView.as_view(), name="change_log"),
    path("log/verifications/", admin_views.VerificationLogView.as_view(), name="verification_log"),
    path("<int:pk>/", admin_views.CredentialDetailView.as_view(), name="detail"),
    path("<int:pk>/credential.json", admin_views.CredentialDocumentView.as_view(), name="document"),
    path("<int:pk>/<slug:action>/", admin_views.CredentialActionView.as_view(), name="action"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("credentials/", include((urlpatterns, "certification_admin"), namespace="certification_admin"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


def credentials_menu():
    return Menu(
        items=[
            PermissionMenuItem(
                "Search credentials",
                reverse("certification_admin:index"),
                icon_name="search",
                permission="certification.view_credential",
                order=100,
            ),
            PermissionMenuItem(
                "Issue a credential",
                reverse("certification_admin:issue"),
                icon_name="plus",
                permission="certification.add_credential",
                order=200,
            ),
            PermissionMenuItem(
                "Import CSV",
                reverse("certification_admin:import"),
                icon_name="upload",
                permission="certification.add_credential",
                order=300,
            ),
            PermissionMenuItem(
                "Change log",
                reverse("certification_admin:change_log"),
                icon_name="history",
                permission="certification.view_credentialevent",
                order=400,
            ),
            PermissionMenuItem(
                "Verification log",
                reverse("certification_admin:verification_log"),
                icon_name="list-ul",
                permission="certification.view_verificationevent",
                order=500,
            ),
        ]
    )


@hooks.register("register_admin_menu_item")
def register_credentials_menu():
    return SubmenuMenuItem("Credentials", credentials_menu(), icon_name="tick-inverse", name="credentials", order=250)
