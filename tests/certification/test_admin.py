"""The Wagtail admin for credential officers."""

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from certification import factories, services
from certification.factories import CredentialFactory
from certification.models import Credential, CredentialEvent
from tests.certification.utils import officer_and_editor

CSV = (
    "\ufeffholder_name,email,tier,issued_on,expires_on,external_ref\n"
    "Ngozi Eze,ngozi@example.com,AS-F,2026-01-05,,ADM-1\n"
    "Ψ Bad,not-an-email,AS-F,2026-01-05,,ADM-2\n"
)


class AdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tiers = factories.tiers()
        cls.credential = CredentialFactory(tier=cls.tiers["AS-O"], holder_name="Ines Duarte")
        cls.officer, cls.editor = officer_and_editor()

    def setUp(self):
        self.client.force_login(self.officer)

    def test_group_exists_with_permissions(self):
        codenames = set(Group.objects.get(name="Credential officers").permissions.values_list("codename", flat=True))
        assert {"access_admin", "view_credential", "add_credential", "manage_credential"} <= codenames
        assert {"view_credentialevent", "view_verificationevent"} <= codenames

    def test_menu_and_search(self):
        response = self.client.get("/admin/")
        self.assertContains(response, "Credentials")
        response = self.client.get("/admin/credentials/", {"q": "ines"})
        self.assertContains(response, self.credential.credential_id)
        response = self.client.get(
            "/admin/credentials/", {"q": self.credential.credential_id.lower().replace("-", "")}
        )
        self.assertContains(response, self.credential.credential_id)
        response = self.client.get("/admin/credentials/", {"q": "nobody-matches"})
        self.assertNotContains(response, self.credential.credential_id)
        response = self.client.get("/admin/credentials/", {"status": "revoked"})
        self.assertNotContains(response, self.credential.credential_id)

    def test_others_cannot_see_credentials(self):
        self.client.force_login(self.editor)
        for url in ("/admin/credentials/", f"/admin/credentials/{self.credential.pk}/"):
            response = self.client.get(url, follow=True)
            self.assertNotContains(response, self.credential.credential_id)
            self.assertNotEqual(response.redirect_chain, [])  # Wagtail sends them to the dashboard
        self.assertNotContains(self.client.get("/admin/"), "Search credentials")
        self.client.logout()
        self.assertEqual(self.client.get("/admin/credentials/").status_code, 302)

    def test_view_shows_the_audit_log(self):
        services.suspend_credential(self.credential.credential_id, reason="Checking a complaint")
        response = self.client.get(f"/admin/credentials/{self.credential.pk}/")
        self.assertContains(response, "Checking a complaint")
        self.assertContains(response, "Reinstate")
        self.assertContains(response, self.credential.holder_email)
        self.assertEqual(self.client.get("/admin/credentials/log/changes/").status_code, 200)
        self.client.get(f"/verify/{self.credential.credential_id}/")
        response = self.client.get("/admin/credentials/log/verifications/")
        self.assertContains(response, self.credential.credential_id)

    def test_issue_with_confirmation(self):
        data = {
            "holder_name": "Wanjiru Kamau",
            "holder_email": "wanjiru@example.com",
            "tier": self.tiers["AS-A"].pk,
            "issued_on": "2026-02-01",
            "expires_on": "",
            "external_ref": "",
        }
        response = self.client.post("/admin/credentials/issue/", data)
        self.assertContains(response, "Confirm and issue")
        self.assertContains(response, "2028-02-01")
        self.assertFalse(Credential.objects.filter(holder_name="Wanjiru Kamau").exists())
        response = self.client.post("/admin/credentials/issue/", {**data, "confirmed": "yes"})
        credential = Credential.objects.get(holder_name="Wanjiru Kamau")
        self.assertRedirects(response, f"/admin/credentials/{credential.pk}/")
        event = credential.events.get()
        self.assertEqual((event.action, event.actor), ("issued", self.officer))

    def test_revoke_needs_confirmation_and_reason(self):
        url = f"/admin/credentials/{self.credential.pk}/revoke/"
        response = self.client.get(url)
        self.assertContains(response, "Revocation is final")
        response = self.client.post(url, {"reason": ""})
        self.assertContains(response, "Give the reason to revoke.")
        self.credential.refresh_from_db()
        self.assertEqual(self.credential.state, "active")
        response = self.client.post(url, {"reason": "Certificate forged"})
        self.assertRedirects(response, f"/admin/credentials/{self.credential.pk}/")
        self.credential.refresh_from_db()
        self.assertEqual(self.credential.state, "revoked")
        event = CredentialEvent.objects.get(credential=self.credential, action="revoked")
        self.assertEqual((event.reason, event.actor), ("Certificate forged", self.officer))

    def test_suspend_reinstate_renew(self):
        base = f"/admin/credentials/{self.credential.pk}/"
        self.client.post(base + "suspend/", {"reason": "Investigation"})
        self.client.post(base + "reinstate/", {"reason": ""})
        response = self.client.post(base + "renew/", {"reason": ""})
        self.credential.refresh_from_db()
        new = self.credential.superseded_by
        self.assertRedirects(response, f"/admin/credentials/{new.pk}/")
        actions = list(self.credential.events.order_by("id").values_list("action", flat=True))
        self.assertEqual(actions, ["suspended", "reinstated", "renewed"])

    def test_import_reports_over_long_values_by_line(self):
        text = "holder_name,email,tier,issued_on,expires_on,external_ref\n" + (
            f"Long Email,{'a' * 300}@example.com,AS-F,2026-01-15,,ADM-9\n"
        )
        upload = SimpleUploadedFile("c.csv", text.encode("utf-8"), content_type="text/csv")
        response = self.client.post("/admin/credentials/import/", {"file": upload})
        self.assertContains(response, "Line 2: email is longer than 254 characters")
        self.assertNotContains(response, "Confirm and import")
        self.assertFalse(Credential.objects.filter(external_ref="ADM-9").exists())

    def test_import_checks_then_confirms(self):
        upload = SimpleUploadedFile("c.csv", CSV.encode("utf-8"), content_type="text/csv")
        response = self.client.post("/admin/credentials/import/", {"file": upload})
        self.assertContains(response, "Line 3: email")
        self.assertNotContains(response, "Confirm and import")
        upload = SimpleUploadedFile("c.csv", CSV.encode("utf-8"), content_type="text/csv")
        response = self.client.post("/admin/credentials/import/", {"file": upload, "skip_invalid": "on"})
        self.assertContains(response, "Confirm and import")
        self.assertFalse(Credential.objects.filter(external_ref="ADM-1").exists())
        csv_text = response.context["form"].initial["csv_text"]
        response = self.client.post(
            "/admin/credentials/import/", {"csv_text": csv_text, "skip_invalid": "True", "confirmed": "yes"}
        )
        self.assertContains(response, "Import finished")
        credential = Credential.objects.get(external_ref="ADM-1")
        self.assertEqual(credential.events.get().actor, self.officer)
