"""Credential officers' tools for verifiable credentials: admin download and history, management commands."""

import json
import tempfile
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from certification import factories, services
from certification.factories import CredentialFactory
from certification.models import IssuerKey, StatusList
from certification.vc import baking, keys
from tests.certification.utils import officer_and_editor


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


class OfficerToolTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tiers = factories.tiers()
        cls.credential = CredentialFactory(tier=cls.tiers["AS-O"], holder_name="Ines Duarte")
        cls.officer, cls.editor = officer_and_editor()

    def test_admin_download_and_history(self):
        self.client.force_login(self.officer)
        detail = f"/admin/credentials/{self.credential.pk}/"
        self.assertContains(self.client.get(detail), "None yet")
        response = self.client.get(detail + "credential.json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/vc+ld+json")
        self.assertIn("private", response["Cache-Control"])
        self.assertIn("no-store", response["Cache-Control"])
        self.assertEqual(json.loads(response.content)["credentialSubject"]["name"], "Ines Duarte")
        services.suspend_credential(self.credential.credential_id, reason="test")
        page = self.client.get(detail)
        self.assertContains(page, "Credential suspended")
        self.assertNotContains(page, "Download the current signed credential")

    def test_editors_cannot_download(self):
        self.client.force_login(self.editor)
        response = self.client.get(f"/admin/credentials/{self.credential.pk}/credential.json", follow=True)
        self.assertNotEqual(response.redirect_chain, [])  # Wagtail sends them to the dashboard
        self.assertNotContains(response, "Ines Duarte")
        self.assertNotEqual(response["Content-Type"], "application/vc+ld+json")

    def test_export_credential_command(self):
        output = run("export_credential", self.credential.credential_id.lower())
        self.assertEqual(json.loads(output)["id"], self.credential.verify_url)
        with tempfile.TemporaryDirectory() as folder:
            path = f"{folder}/badge.png"
            self.assertIn("Wrote", run("export_credential", self.credential.credential_id, "--png", "-o", path))
            with open(path, "rb") as handle:
                self.assertEqual(json.loads(baking.unbake(handle.read()))["id"], self.credential.verify_url)
        services.revoke_credential(self.credential.credential_id, reason="test")
        with self.assertRaises(CommandError):
            run("export_credential", self.credential.credential_id)

    def test_resign_status_lists(self):
        run("export_credential", self.credential.credential_id)
        output = run("resign_status_lists", "--force")
        self.assertIn("1 status list checked.", output)
        self.assertEqual(StatusList.objects.get().signed_version, StatusList.objects.get().version)

    def test_rotation_keeps_old_keys_listed(self):
        run("export_credential", self.credential.credential_id)
        old_key = keys.signing_key_multibase()
        output = run("rotate_vc_signing_key")
        new_seed = output.split("CREDENTIAL_VC_SIGNING_KEY=", 1)[1].split()[0]
        self.assertEqual(IssuerKey.objects.count(), 2)
        with override_settings(CREDENTIAL_VC_SIGNING_KEY=new_seed):
            new_key = keys.signing_key_multibase()
            did_document = json.loads(self.client.get("/.well-known/did.json").content)
            self.assertEqual(
                did_document["assertionMethod"],
                [f"did:web:testserver#{old_key}", f"did:web:testserver#{new_key}"],
            )
            run("resign_status_lists", "--force")
            listing = run("rotate_vc_signing_key", "--list")
        self.assertIn(f"{new_key}  signing now", listing)
        self.assertIn(f"{old_key}  retired", listing)

    @override_settings(CREDENTIAL_VC_SIGNING_KEY="", DEBUG=False)
    def test_commands_refuse_without_a_key(self):
        with self.assertRaisesMessage(CommandError, "CREDENTIAL_VC_SIGNING_KEY"):
            run("export_credential", self.credential.credential_id)
