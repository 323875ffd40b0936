"""Signed verification results: checkable offline against the published key."""

import json

from django.test import TestCase, override_settings

from certification import factories, signing
from certification.factories import CredentialFactory


class SigningUnitTests(TestCase):
    def test_sign_and_verify_round_trip(self):
        token = signing.sign({"id": "ASF-X", "status": "valid"})
        self.assertEqual(signing.verify(token, signing.public_jwks()), {"id": "ASF-X", "status": "valid"})

    def test_any_change_breaks_the_signature(self):
        token = signing.sign({"status": "revoked"})
        header, payload, signature = token.split(".")
        forged = signing.b64url(json.dumps({"status": "valid"}).encode())
        with self.assertRaises(signing.BadSignature):
            signing.verify(f"{header}.{forged}.{signature}", signing.public_jwks())
        with self.assertRaises(signing.BadSignature):
            signing.verify("not.a.token", signing.public_jwks())

    def test_configured_key_is_used(self):
        import base64

        seed = base64.b64encode(bytes(range(32))).decode()
        with override_settings(CREDENTIAL_SIGNING_KEY=seed):
            configured = signing.key_id()
        self.assertNotEqual(configured, signing.key_id())

    def test_bad_configured_key_is_reported(self):
        from django.core.exceptions import ImproperlyConfigured

        with override_settings(CREDENTIAL_SIGNING_KEY="c2hvcnQ="), self.assertRaises(ImproperlyConfigured):
            signing.sign({})


class SignedResultTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.credential = CredentialFactory(tier=factories.tiers()["AS-O"])

    def test_json_result_is_signed_and_the_key_is_published(self):
        credential = self.credential
        response = self.client.get(f"/verify/{credential.credential_id}/", HTTP_ACCEPT="application/json")
        data = response.json()
        keys = self.client.get("/verify/keys.json").json()
        payload = signing.verify(data.pop("signature"), keys)
        self.assertEqual(payload, data)
        self.assertEqual(payload["id"], credential.credential_id)
        self.assertEqual(payload["status"], "valid")

    def test_html_result_links_to_the_signed_download(self):
        credential = self.credential
        html = self.client.get(f"/verify/{credential.credential_id}/").content.decode()
        self.assertIn("?format=json", html)
        signed = self.client.get(f"/verify/{credential.credential_id}/?format=json")
        self.assertEqual(signed["Content-Type"], "application/json")
        self.assertIn("signature", signed.json())
