"""Verifiable credentials as users meet them: the DID document, status lists, holder downloads, revocation."""

import datetime
import hashlib
import json

import jsonschema
from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from django.utils import timezone

from certification import factories, services
from certification.factories import CredentialFactory
from certification.vc import baking, contexts, keys, proofs, status_list


def download(client, credential_id, kind="json"):
    return client.get(f"/verify/holder/{credential_id}/credential.{kind}")


class CredentialTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tiers = factories.tiers()
        cls.user = get_user_model().objects.create_user("holder", "Holder@Example.com", "pw-for-tests-only")
        cls.other = get_user_model().objects.create_user("other", "other@example.com", "pw-for-tests-only")
        cls.credential = CredentialFactory(
            tier=cls.tiers["AS-A"], holder_email="holder@example.com", holder_name="Zoë O'Brien-李, <b>Jr</b>"
        )

    def setUp(self):
        self.client.force_login(self.user)

    def fetch_json(self, credential=None):
        response = download(self.client, (credential or self.credential).credential_id)
        self.assertEqual(response.status_code, 200)
        return json.loads(response.content)

    def status_of(self, document):
        entry = document["credentialStatus"]
        path = entry["statusListCredential"].removeprefix("http://testserver")
        listed = json.loads(self.client.get(path).content)
        bits = status_list.decode(listed["credentialSubject"]["encodedList"])
        return status_list.is_set(bits, int(entry["statusListIndex"]))


def test_every_pinned_document_matches_its_sha256():
    for url in contexts.PINNED:
        assert contexts.document(url)["@context"]
    assert json.loads(contexts.read_pinned(*contexts.SCHEMA_FILE))["$id"].startswith("https://purl.imsglobal.org/")


class DidDocumentTests(CredentialTestCase):
    def test_did_document_is_public_and_lists_the_signing_key(self):
        self.client.logout()
        # The DID comes from SITE_URL (http://testserver), never from the Host header.
        response = self.client.get("/.well-known/did.json", HTTP_HOST="localhost")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/did+json")
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        self.assertEqual(response["Cache-Control"], "public, max-age=300")
        data = json.loads(response.content)
        self.assertEqual(data["id"], "did:web:testserver")
        multibase = keys.signing_key_multibase()
        self.assertTrue(multibase.startswith("z6Mk"))
        method = {
            "id": f"did:web:testserver#{multibase}",
            "type": "Multikey",
            "controller": "did:web:testserver",
            "publicKeyMultibase": multibase,
        }
        self.assertEqual(data["verificationMethod"], [method])
        self.assertEqual(data["assertionMethod"], [method["id"]])

    def test_retired_keys_stay_listed(self):
        self.fetch_json()
        new_key = keys.new_seed_base64()
        with override_settings(CREDENTIAL_VC_SIGNING_KEY=new_key):
            services.revoke_credential(self.credential.credential_id, reason="test")
            data = json.loads(self.client.get("/.well-known/did.json").content)
        self.assertEqual(len(data["assertionMethod"]), 2)

    def test_multikey_is_ed25519_prefix_and_key(self):
        public = keys.signing_key().public_key()
        decoded = keys.multibase_decode(keys.signing_key_multibase())
        self.assertEqual(decoded[:2], b"\xed\x01")
        self.assertEqual(keys.public_key_from_multibase(keys.signing_key_multibase()), public)


class DownloadTests(CredentialTestCase):
    def test_holder_downloads_a_signed_open_badge_credential(self):
        response = download(self.client, self.credential.credential_id)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/vc+ld+json")
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.assertIn('filename="credential.json"', response["Content-Disposition"])
        data = json.loads(response.content)
        self.assertEqual(data["type"], ["VerifiableCredential", "OpenBadgeCredential"])
        self.assertEqual(data["@context"], [contexts.CREDENTIALS_V2, contexts.OPEN_BADGES_V3])
        self.assertEqual(data["id"], f"http://testserver/verify/{self.credential.credential_id}/")
        self.assertEqual(data["issuer"]["id"], "did:web:testserver")
        self.assertEqual(data["issuer"]["url"], "http://testserver/")
        self.assertEqual(data["validFrom"], f"{self.credential.issued_on}T00:00:00Z")
        self.assertEqual(data["validUntil"], f"{self.credential.expires_on}T23:59:59Z")
        subject = data["credentialSubject"]
        self.assertEqual(subject["name"], "Zoë O'Brien-李, <b>Jr</b>")
        identity = subject["identifier"][0]
        self.assertEqual(identity["identityType"], "emailAddress")
        expected = "sha256$" + hashlib.sha256(("holder@example.com" + identity["salt"]).encode()).hexdigest()
        self.assertEqual(identity["identityHash"], expected)
        self.assertNotIn("holder@example.com", response.content.decode().lower())
        achievement = subject["achievement"]
        self.assertEqual(achievement["achievementType"], "Certification")
        self.assertEqual(achievement["humanCode"], "AS-A")
        self.assertEqual(achievement["id"], "http://testserver" + self.tiers["AS-A"].url)
        proof = data["proof"]
        self.assertEqual(len(proof), 1)
        self.assertEqual(proof[0]["cryptosuite"], "eddsa-rdfc-2022")
        self.assertEqual(proof[0]["proofPurpose"], "assertionMethod")
        entry = data["credentialStatus"]
        self.assertEqual(entry["type"], "BitstringStatusListEntry")
        self.assertEqual(entry["statusPurpose"], "revocation")
        proofs.verify(data, keys.signing_key().public_key())

    def test_the_same_document_is_given_again(self):
        self.assertEqual(self.fetch_json(), self.fetch_json())

    def test_issued_credential_validates_against_the_open_badges_schema(self):
        schema = json.loads(contexts.read_pinned(*contexts.SCHEMA_FILE))  # checked against its SHA-256
        jsonschema.Draft201909Validator(schema).validate(self.fetch_json())

    def test_baked_png_carries_the_credential(self):
        response = download(self.client, self.credential.credential_id, "png")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertEqual(response["Cache-Control"], "private, no-store")
        png = response.content
        self.assertTrue(png.startswith(b"\x89PNG"))
        self.assertIn(b"iTXtopenbadgecredential\x00\x00\x00\x00\x00", png)  # uncompressed, no language tag
        self.assertEqual(json.loads(baking.unbake(png)), self.fetch_json())

    def test_only_the_holder_can_download(self):
        self.client.force_login(self.other)
        response = download(self.client, self.credential.credential_id)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(self.credential.holder_name, response.content.decode())
        self.client.logout()
        response = download(self.client, self.credential.credential_id)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/account/", response["Location"])

    def test_no_download_while_suspended(self):
        services.suspend_credential(self.credential.credential_id, reason="test")
        response = download(self.client, self.credential.credential_id)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "is suspended", status_code=409)
        self.assertEqual(response["Cache-Control"], "private, no-store")

    def test_account_page_links_downloads_and_linkedin(self):
        response = self.client.get("/account/")
        cid = self.credential.credential_id
        self.assertContains(response, f'href="/verify/holder/{cid}/credential.json"')
        self.assertContains(response, f'href="/verify/holder/{cid}/credential.png"')
        self.assertContains(response, "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME")
        self.assertContains(response, f"certId={cid}")
        self.assertContains(response, f"issueYear={self.credential.issued_on.year}")

    @override_settings(PAGE_CACHE_ENABLED=True)
    def test_downloads_are_never_stored_by_the_page_cache(self):
        for kind in ("json", "png", "json"):
            response = download(self.client, self.credential.credential_id, kind)
            self.assertEqual(response["Cache-Control"], "private, no-store")
            self.assertNotIn("X-Page-Cache", response)


class LifecycleTests(CredentialTestCase):
    def test_revocation_shows_in_the_status_list(self):
        document = self.fetch_json()
        self.assertFalse(self.status_of(document))
        services.revoke_credential(self.credential.credential_id, reason="test")
        self.assertTrue(self.status_of(document))

    def test_suspension_revokes_and_reinstatement_issues_a_new_document(self):
        first = self.fetch_json()
        services.suspend_credential(self.credential.credential_id, reason="test")
        self.assertTrue(self.status_of(first))
        services.reinstate_credential(self.credential.credential_id)
        second = self.fetch_json()
        self.assertNotEqual(first["credentialStatus"]["id"], second["credentialStatus"]["id"])
        self.assertTrue(self.status_of(first))
        self.assertFalse(self.status_of(second))
        self.assertEqual(self.credential.documents.count(), 2)

    def test_renewal_revokes_the_old_document_and_issues_one_for_the_new_id(self):
        first = self.fetch_json()
        new = services.renew_credential(self.credential.credential_id)
        self.assertTrue(self.status_of(first))
        renewed = self.fetch_json(new)
        self.assertEqual(renewed["id"], f"http://testserver/verify/{new.credential_id}/")
        self.assertFalse(self.status_of(renewed))
        self.assertEqual(new.documents.count(), 1)

    def test_status_list_is_a_signed_credential(self):
        document = self.fetch_json()
        self.client.logout()
        path = document["credentialStatus"]["statusListCredential"].removeprefix("http://testserver")
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/vc+ld+json")
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        self.assertEqual(response["Cache-Control"], "public, max-age=300")
        listed = json.loads(response.content)
        self.assertEqual(listed["type"], ["VerifiableCredential", "BitstringStatusListCredential"])
        self.assertEqual(listed["issuer"], "did:web:testserver")
        subject = listed["credentialSubject"]
        self.assertEqual(subject["type"], "BitstringStatusList")
        self.assertEqual(subject["statusPurpose"], "revocation")
        self.assertEqual(subject["ttl"], 300_000)
        self.assertGreaterEqual(len(status_list.decode(subject["encodedList"])) * 8, 131_072)
        valid_until = datetime.datetime.fromisoformat(listed["validUntil"].replace("Z", "+00:00"))
        self.assertGreater(valid_until, timezone.now() + datetime.timedelta(days=2))
        proofs.verify(listed, keys.signing_key().public_key())
        self.assertEqual(self.client.get("/verify/status/999/").status_code, 404)

    def test_indexes_are_random_and_never_reused(self):
        indexes = set()
        for _ in range(6):
            credential = CredentialFactory(tier=self.tiers["AS-F"], holder_email="holder@example.com")
            indexes.add(self.fetch_json(credential)["credentialStatus"]["statusListIndex"])
        self.assertEqual(len(indexes), 6)
        self.assertNotEqual(sorted(int(i) for i in indexes), list(range(6)))

    def test_list_is_resigned_on_commit(self):
        document = self.fetch_json()
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            services.revoke_credential(self.credential.credential_id, reason="test")
        self.assertEqual(len(callbacks), 1)
        self.assertTrue(self.status_of(document))


@override_settings(CREDENTIAL_VC_SIGNING_KEY="", DEBUG=False)
class KeyRequiredTests(CredentialTestCase):
    def test_no_issuing_with_a_key_derived_from_secret_key(self):
        response = download(self.client, self.credential.credential_id)
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, "cannot be issued right now", status_code=503)
        with self.assertRaisesMessage(keys.SigningKeyMissing, "CREDENTIAL_VC_SIGNING_KEY"):
            keys.signing_key()

    @override_settings(DEBUG=True)
    def test_development_sites_may_derive_a_key(self):
        self.assertEqual(download(self.client, self.credential.credential_id).status_code, 200)
