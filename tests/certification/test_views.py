"""The verify pages: every status, uniform not-found, mistyped IDs, JSON, rate limit, query counts."""

import datetime
import json

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certification import factories, ids, services
from certification.factories import CredentialFactory
from certification.models import CredentialEvent, VerificationEvent

JSON = {"HTTP_ACCEPT": "application/json"}


def unknown_id(letter="F"):
    body = f"AS{letter}ZZZZ00001111"
    return ids.format_credential_id(body + ids.check_character(body))


def mistype(credential_id):
    """Swap two neighbouring different characters of the random part."""
    chars = list(credential_id)
    for position in range(4, len(chars) - 1):
        if chars[position] != chars[position + 1] and "-" not in chars[position : position + 2]:
            chars[position], chars[position + 1] = chars[position + 1], chars[position]
            return "".join(chars)
    raise AssertionError("no swap possible")


class VerifyTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tiers = factories.tiers()
        today = timezone.now().date()
        cls.valid = CredentialFactory(tier=cls.tiers["AS-A"], holder_name="Nadia Rahman <b>")
        cls.expired = CredentialFactory(
            tier=cls.tiers["AS-F"], issued_on=today - datetime.timedelta(days=900), expires_on=today
        )
        cls.expired.expires_on = today - datetime.timedelta(days=1)
        cls.expired.save()
        cls.suspended = services.suspend_credential(
            CredentialFactory(tier=cls.tiers["AS-O"]).credential_id, reason="SECRET-SUSPENSION-REASON"
        )
        cls.revoked = services.revoke_credential(
            CredentialFactory(tier=cls.tiers["AS-P"]).credential_id, reason="SECRET-REVOCATION-REASON"
        )
        cls.old = CredentialFactory(tier=cls.tiers["AS-O"])
        cls.renewed = services.renew_credential(cls.old.credential_id)
        cls.hidden = CredentialFactory(tier=cls.tiers["AS-F"], public_verification=False)

    def setUp(self):
        cache.clear()

    def url(self, credential_id):
        return f"/verify/{credential_id}/"


class ResultPageTests(VerifyTestCase):
    def assert_result(self, credential, label):
        response = self.client.get(self.url(credential.credential_id))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'<strong class="verdict__word">{label}</strong>', html=False)
        self.assertContains(response, f"{label}: ")  # in the <title>
        self.assertContains(response, '<meta name="robots" content="noindex">')
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertIn("Accept", response["Vary"])
        self.assertContains(response, credential.credential_id)
        self.assertContains(response, f'href="{credential.tier.url}"')
        self.assertContains(response, "UTC</time>")
        self.assertContains(response, "<svg ")
        self.assertContains(
            response, f'<link rel="canonical" href="http://testserver/verify/{credential.credential_id}/">'
        )
        self.assertNotContains(response, "SECRET-")
        self.assertNotContains(response, credential.holder_email)
        self.assertNotContains(response, " style=")
        return response

    def test_valid(self):
        response = self.assert_result(self.valid, "Valid")
        self.assertContains(response, "Nadia Rahman &lt;b&gt;")
        self.assertContains(response, "Architect (AS-A)")

    def test_expired(self):
        response = self.assert_result(self.expired, "Expired")
        self.assertContains(response, "Expired on")

    def test_suspended(self):
        self.assert_result(self.suspended, "Suspended")

    def test_revoked(self):
        self.assert_result(self.revoked, "Revoked")

    def test_superseded_links_to_the_renewal(self):
        response = self.assert_result(self.old, "Superseded")
        self.assertContains(response, f'href="http://testserver/verify/{self.renewed.credential_id}/"')
        self.assert_result(self.renewed, "Valid")

    def test_qr_code_encodes_the_canonical_url(self):
        import segno

        response = self.client.get(self.url(self.valid.credential_id))
        expected = segno.make(f"http://testserver/verify/{self.valid.credential_id}/", error="m", boost_error=False)
        # Same symbol: the path data of the expected code appears in the page.
        path_data = expected.svg_inline(omitsize=True).split(' d="', 1)[1].split('"', 1)[0]
        self.assertContains(response, path_data)

    def test_loose_id_redirects_permanently_to_the_canonical_url(self):
        loose = self.valid.credential_id.lower().replace("-", "")
        response = self.client.get(self.url(loose))
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], self.url(self.valid.credential_id))

    def test_form_redirects_to_the_result(self):
        typed = " " + self.valid.credential_id.lower().replace("-", " ") + " "
        response = self.client.get("/verify/", {"id": typed})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], self.url(self.valid.credential_id))

    def test_form_page(self):
        response = self.client.get("/verify/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'for="id_id"')
        self.assertContains(response, 'method="get"')

    def test_empty_form_submission_shows_an_error(self):
        response = self.client.get("/verify/", {"id": ""})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Enter the credential ID.", status_code=400)
        self.assertContains(response, 'aria-invalid="true"', status_code=400)

    def test_every_lookup_is_logged_with_a_hashed_address(self):
        self.client.get(self.url(self.revoked.credential_id), REMOTE_ADDR="203.0.113.9")
        event = VerificationEvent.objects.get()
        self.assertEqual(
            (event.credential_id, event.outcome, event.response_format),
            (self.revoked.credential_id, "revoked", "html"),
        )
        self.assertEqual(len(event.client_hash), 64)
        self.assertNotIn("203.0.113.9", event.client_hash)
        self.client.get(self.url(self.revoked.credential_id), REMOTE_ADDR="203.0.113.9", **JSON)
        self.client.get(self.url(self.revoked.credential_id), REMOTE_ADDR="203.0.113.10")
        hashes = list(VerificationEvent.objects.order_by("id").values_list("client_hash", flat=True))
        self.assertEqual(hashes[0], hashes[1])
        self.assertNotEqual(hashes[0], hashes[2])


class MistypedAndNotFoundTests(VerifyTestCase):
    def test_mistyped_id_is_400_without_any_lookup(self):
        typo = mistype(self.valid.credential_id)
        self.client.get("/verify/")  # warm Wagtail's cache of site root paths
        with CaptureQueriesContext(connection) as form_only:
            self.client.get("/verify/")
        # No lookup and nothing logged: only what the empty form page reads (header and footer).
        with self.assertNumQueries(len(form_only)):
            response = self.client.get(self.url(typo))
        self.assertFalse(VerificationEvent.objects.exists())
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "looks mistyped", status_code=400)
        self.assertContains(response, "How to check an ID", status_code=400)
        self.assertEqual(response["Cache-Control"], "no-store")

    def test_mistyped_from_the_form_is_400(self):
        self.client.get("/verify/")
        with CaptureQueriesContext(connection) as form_only:
            self.client.get("/verify/")
        with self.assertNumQueries(len(form_only)):
            response = self.client.get("/verify/", {"id": mistype(self.valid.credential_id)})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(VerificationEvent.objects.exists())

    def test_mistyped_json_needs_no_query_at_all(self):
        with self.assertNumQueries(0):
            response = self.client.get(self.url(mistype(self.valid.credential_id)), **JSON)
        self.assertEqual(response.status_code, 400)

    def test_mistyped_markup_is_escaped(self):
        response = self.client.get("/verify/", {"id": "<script>alert(1)</script>"})
        self.assertEqual(response.status_code, 400)
        self.assertNotContains(response, "<script>alert", status_code=400)

    def test_unknown_and_hidden_answer_identically(self):
        unknown = self.client.get(self.url(unknown_id()))
        hidden = self.client.get(self.url(self.hidden.credential_id))
        self.assertEqual(unknown.status_code, 404)
        self.assertEqual(hidden.status_code, 404)
        self.assertEqual(unknown.content, hidden.content)
        self.assertEqual(unknown["Cache-Control"], hidden["Cache-Control"])
        self.assertNotContains(hidden, self.hidden.holder_name, status_code=404)
        unknown_json = self.client.get(self.url(unknown_id()), **JSON)
        hidden_json = self.client.get(self.url(self.hidden.credential_id), **JSON)
        self.assertEqual(unknown_json.content, hidden_json.content)
        self.assertEqual(hidden_json["Content-Type"], "application/problem+json")
        outcomes = list(VerificationEvent.objects.order_by("id").values_list("outcome", flat=True))
        self.assertEqual(outcomes, ["not_found", "hidden", "not_found", "hidden"])

    def test_superseded_hides_a_private_successor(self):
        services.set_public_verification(self.renewed, False)
        response = self.client.get(self.url(self.old.credential_id))
        self.assertContains(response, "Superseded")
        self.assertNotContains(response, self.renewed.credential_id)


class JsonTests(VerifyTestCase):
    def test_json_result(self):
        response = self.client.get(self.url(self.old.credential_id), **JSON)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response["Cache-Control"], "no-store")
        data = response.json()
        self.assertEqual(data["id"], self.old.credential_id)
        self.assertEqual(data["status"], "superseded")
        self.assertEqual(data["status_label"], "Superseded")
        self.assertEqual(data["holder_name"], self.old.holder_name)
        self.assertEqual(data["tier"]["code"], "AS-O")
        self.assertEqual(data["tier"]["name"], "Operator")
        self.assertEqual(data["issued_on"], self.old.issued_on.isoformat())
        self.assertEqual(data["expires_on"], self.old.expires_on.isoformat())
        self.assertTrue(data["checked_at"].endswith("Z"))
        self.assertEqual(data["superseded_by"]["id"], self.renewed.credential_id)
        self.assertNotIn("email", json.dumps(data))
        self.assertNotIn("reason", json.dumps(data))

    def test_each_status_as_json(self):
        for credential, status in [
            (self.valid, "valid"),
            (self.expired, "expired"),
            (self.suspended, "suspended"),
            (self.revoked, "revoked"),
        ]:
            data = self.client.get(self.url(credential.credential_id), **JSON).json()
            self.assertEqual(data["status"], status)
            self.assertNotIn("SECRET", json.dumps(data))

    def test_html_is_preferred_by_browsers(self):
        response = self.client.get(
            self.url(self.valid.credential_id), HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8"
        )
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")

    def test_mistyped_json_is_a_problem(self):
        response = self.client.get(self.url(mistype(self.valid.credential_id)), **JSON)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response["Content-Type"], "application/problem+json")
        problem = response.json()
        self.assertEqual(problem["status"], 400)
        self.assertTrue(problem["type"].endswith("/verify/problems/#mistyped-id"))
        self.assertTrue(problem["title"])
        self.assertTrue(problem["detail"])

    def test_not_found_json_is_a_problem(self):
        response = self.client.get(self.url(unknown_id()), HTTP_ACCEPT="application/problem+json")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()["status"], 404)

    def test_problem_types_are_documented(self):
        response = self.client.get("/verify/problems/")
        self.assertContains(response, 'id="mistyped-id"')
        self.assertContains(response, 'id="not-found"')
        self.assertContains(response, 'id="rate-limited"')


@override_settings(RATE_LIMITS={"verify": "3/60", "signup": "5/60", "search": "30/60"})
class RateLimitTests(VerifyTestCase):
    def test_html_429_with_retry_after(self):
        url = self.url(self.valid.credential_id)
        for _ in range(3):
            self.assertEqual(self.client.get(url, REMOTE_ADDR="198.51.100.7").status_code, 200)
        response = self.client.get(url, REMOTE_ADDR="198.51.100.7")
        self.assertEqual(response.status_code, 429)
        self.assertGreaterEqual(int(response["Retry-After"]), 1)
        self.assertEqual(self.client.get(url, REMOTE_ADDR="198.51.100.8").status_code, 200)

    def test_json_429_is_a_problem(self):
        url = self.url(self.valid.credential_id)
        for _ in range(3):
            self.client.get(url, REMOTE_ADDR="2001:db8:1:2::1", **JSON)
        response = self.client.get(url, REMOTE_ADDR="2001:db8:1:2::ffff", **JSON)  # same /64
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response["Content-Type"], "application/problem+json")
        self.assertEqual(response.json()["status"], 429)
        self.assertIn("Retry-After", response)
        other = self.client.get(url, REMOTE_ADDR="2001:db8:1:3::1", **JSON)
        self.assertEqual(other.status_code, 200)


class QueryCountTests(VerifyTestCase):
    def test_json_verification_costs_three_queries(self):
        url = self.url(self.valid.credential_id)
        self.client.get(url, **JSON)  # warm Wagtail's cache of site root paths
        for credential in (self.valid, self.old, self.revoked):
            # The lookup, the request's site (for the tier link) and the audit-log write.
            with self.assertNumQueries(3):
                self.client.get(self.url(credential.credential_id), **JSON)
        # Not found: the lookup and the log write, then Wagtail's redirect middleware
        # looks for a redirect (site and redirect table) as it does for every 404.
        with self.assertNumQueries(4):
            self.client.get(self.url(unknown_id()), **JSON)

    def test_html_verification_costs_a_constant_small_number_of_queries(self):
        self.client.get(self.url(self.valid.credential_id))
        counts = set()
        for number, credential in enumerate((self.valid, self.expired, self.old, self.revoked), start=2):
            with CaptureQueriesContext(connection) as context:
                self.client.get(self.url(credential.credential_id))
            counts.add(len(context.captured_queries))
            self.assertEqual(VerificationEvent.objects.count(), number)  # each lookup logged once
        self.assertEqual(len(counts), 1, counts)
        self.assertLessEqual(counts.pop(), 6)


class HolderTests(VerifyTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.user = get_user_model().objects.create_user("nadia", cls.valid.holder_email.upper(), "x" * 12)
        cls.other = get_user_model().objects.create_user("other", "other@example.com", "x" * 12)

    def test_account_page_lists_my_credentials(self):
        self.client.force_login(self.user)
        response = self.client.get("/account/")
        self.assertContains(response, self.valid.credential_id)
        self.assertContains(response, f"http://testserver/verify/{self.valid.credential_id}/")
        self.assertContains(response, "<svg ")
        self.assertContains(response, "Turn public verification off")
        self.assertNotContains(response, self.expired.credential_id)

    def test_switch_off_and_on(self):
        self.client.force_login(self.user)
        response = self.client.post(
            "/verify/holder/visibility/", {"credential_id": self.valid.credential_id, "public_verification": "off"}
        )
        self.assertEqual(response.status_code, 302)
        self.valid.refresh_from_db()
        self.assertFalse(self.valid.public_verification)
        self.assertEqual(self.client.get(self.url(self.valid.credential_id)).status_code, 404)
        event = CredentialEvent.objects.get(credential=self.valid, action="visibility")
        self.assertEqual(event.actor, self.user)
        self.client.post(
            "/verify/holder/visibility/", {"credential_id": self.valid.credential_id, "public_verification": "on"}
        )
        self.assertEqual(self.client.get(self.url(self.valid.credential_id)).status_code, 200)

    def test_cannot_switch_someone_elses_credential(self):
        self.client.force_login(self.other)
        response = self.client.post(
            "/verify/holder/visibility/", {"credential_id": self.valid.credential_id, "public_verification": "off"}
        )
        self.assertEqual(response.status_code, 404)
        self.valid.refresh_from_db()
        self.assertTrue(self.valid.public_verification)

    def test_switch_requires_sign_in_and_post(self):
        response = self.client.post("/verify/holder/visibility/", {"credential_id": self.valid.credential_id})
        self.assertEqual(response.status_code, 302)
        self.assertIn("/account/sign-in/", response["Location"])
        self.client.force_login(self.user)
        self.assertEqual(self.client.get("/verify/holder/visibility/").status_code, 405)

    def test_switch_is_csrf_protected(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.user)
        response = client.post(
            "/verify/holder/visibility/", {"credential_id": self.valid.credential_id, "public_verification": "off"}
        )
        self.assertEqual(response.status_code, 403)
