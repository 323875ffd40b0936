"""Our credentials, checked by code we did not write: Digital Bazaar's verifier stack, offline.

``interop/verify.mjs`` runs ``@digitalbazaar/vc`` with a static document loader
fed only the JSON-LD contexts, the DID document and the status lists that our
site serves (fetched here through the test client). Needs Node and npm; the
first run installs the pinned packages with ``npm ci``.
"""

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone

from certification import factories, services
from certification.factories import CredentialFactory
from certification.vc import contexts, keys, proofs

INTEROP = Path(__file__).resolve().parent / "interop"
AWKWARD_NAMES = [
    "Zoë Ångström-Núñez",
    "李小龍 (Bruce) 이순신",
    "Seán O'Brien, Jr.",
    '<script>alert("x")</script> & <b>Co</b>',
    "Tab\tBack\x08Feed\x0cStart\x01Del\x7fEnd",
    'Back\\slash "quoted" 🎓',
]


def node_available():
    return shutil.which("node") is not None and shutil.which("npm") is not None


def ensure_packages():
    if not (INTEROP / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        subprocess.run(  # noqa: S603
            ["npm", "ci", "--no-audit", "--no-fund"],  # noqa: S607
            cwd=INTEROP,
            check=True,
            capture_output=True,
            timeout=600,
        )


def run_verifier(cases):
    completed = subprocess.run(  # noqa: S603
        ["node", "verify.mjs"],  # noqa: S607
        cwd=INTEROP,
        input=json.dumps({"cases": cases}),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    results = [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]
    return {result["name"]: result for result in results}


@pytest.mark.skipif(not node_available(), reason="Node.js and npm are needed for the interoperability test")
class DigitalBazaarVerifierTests(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ensure_packages()

    @classmethod
    def setUpTestData(cls):
        cls.tiers = factories.tiers()
        cls.user = get_user_model().objects.create_user("holder", "holder@example.com", "pw-for-tests-only")

    def setUp(self):
        self.client.force_login(self.user)

    def credential(self, **fields):
        fields.setdefault("tier", self.tiers["AS-O"])
        return CredentialFactory(holder_email="holder@example.com", **fields)

    def download(self, credential):
        response = self.client.get(f"/verify/holder/{credential.credential_id}/credential.json")
        self.assertEqual(response.status_code, 200, response.content[:200])
        return json.loads(response.content)

    def served_documents(self, *credentials):
        """What an offline verifier is given: standard contexts, our DID document, our status lists."""
        documents = {url: contexts.document(url) for url in contexts.PINNED}
        did_document = json.loads(self.client.get("/.well-known/did.json").content)
        documents[did_document["id"]] = did_document
        for credential in credentials:
            url = credential["credentialStatus"]["statusListCredential"]
            response = self.client.get(url.removeprefix("http://testserver"))
            self.assertEqual(response.status_code, 200)
            documents[url] = json.loads(response.content)
        return documents

    def case(self, name, credential):
        return {"name": name, "credential": credential, "documents": self.served_documents(credential)}

    def test_independent_verifier_agrees_with_us(self):
        cases = []
        # A freshly issued credential verifies.
        fresh = self.download(self.credential())
        cases.append(self.case("fresh", fresh))
        # One changed character breaks it.
        changed = json.loads(json.dumps(fresh))
        changed["credentialSubject"]["name"] = changed["credentialSubject"]["name"] + "."
        cases.append(self.case("changed", changed))
        # Signed by a key our DID document does not list.
        stranger = keys.private_key_from_seed(b"\x07" * 32)
        method = f"did:web:testserver#{keys.public_key_multibase(stranger.public_key())}"
        unlisted = proofs.sign(fresh, stranger, method, "2026-01-01T00:00:00Z")
        cases.append(self.case("unlisted-key", unlisted))
        # Expired: its validity ended yesterday.
        today = timezone.now().date()
        old = self.credential(
            issued_on=today - datetime.timedelta(days=800), expires_on=today - datetime.timedelta(days=1)
        )
        cases.append(self.case("expired", self.download(old)))
        # Holders' names with awkward characters.
        for number, name in enumerate(AWKWARD_NAMES):
            cases.append(self.case(f"name-{number}", self.download(self.credential(holder_name=name))))

        # Revoked after download.
        to_revoke = self.credential()
        revoked_doc = self.download(to_revoke)
        cases.append(self.case("before-revocation", revoked_doc))
        services.revoke_credential(to_revoke.credential_id, reason="interop test")
        cases.append(self.case("revoked", revoked_doc))

        # Suspended: the old document is revoked; reinstated: a new document is valid.
        to_suspend = self.credential()
        first = self.download(to_suspend)
        services.suspend_credential(to_suspend.credential_id, reason="interop test")
        cases.append(self.case("suspended-old", first))
        services.reinstate_credential(to_suspend.credential_id)
        second = self.download(to_suspend)
        cases.append(self.case("reinstated-old", first))
        cases.append(self.case("reinstated-new", second))

        results = run_verifier(cases)

        def valid(name):
            self.assertTrue(results[name]["valid"], results[name])
            self.assertIs(results[name]["revoked"], False, results[name])

        def invalid(name, expected_text):
            self.assertFalse(results[name]["valid"], results[name])
            self.assertIn(expected_text.lower(), " ".join(results[name]["errors"]).lower(), results[name])

        def revoked(name):
            self.assertFalse(results[name]["valid"], results[name])
            self.assertIs(results[name]["revoked"], True, results[name])

        valid("fresh")
        invalid("changed", "invalid signature")
        invalid("unlisted-key", "verification method")
        invalid("expired", 'is after "validuntil"')
        for number in range(len(AWKWARD_NAMES)):
            valid(f"name-{number}")
        valid("before-revocation")
        revoked("revoked")
        revoked("suspended-old")
        revoked("reinstated-old")
        valid("reinstated-new")
