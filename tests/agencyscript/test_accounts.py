"""Sign in by email, sign out, password reset, account page, brute-force lockout."""

import re
from unittest import mock

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, TestCase, override_settings

from tests.helpers import load_demo_site

PASSWORD = "correct horse battery staple"


class AccountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site(articles=False)
        cls.user = get_user_model().objects.create_user("holder", "holder@example.com", PASSWORD)

    def sign_in(self, email="holder@example.com", password=PASSWORD, **extra):
        return self.client.post("/account/sign-in/", {"email": email, "password": password, **extra})

    def test_sign_in_by_email_shows_the_account_page(self):
        response = self.sign_in(email="Holder@Example.com")
        self.assertRedirects(response, "/account/")
        page = self.client.get("/account/")
        self.assertContains(page, "holder@example.com")
        self.assertIn("no-store", page["Cache-Control"])
        self.assertIn("private", page["Cache-Control"])

    def test_account_page_requires_sign_in(self):
        self.assertRedirects(self.client.get("/account/"), "/account/sign-in/?next=/account/")

    def test_a_form_post_declared_in_another_charset_gets_a_400(self):
        # Found by tests/live/test_fuzz.py: Django refuses a urlencoded body that is not UTF-8,
        # and the CSRF check of its 400 view read the body again, which made it a 500.
        client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        client.get("/account/sign-in/")
        for charset in ("utf-16", "latin-1"):
            response = client.post(
                "/account/sign-in/",
                f"email=holder%40example.com&csrfmiddlewaretoken={client.cookies['csrftoken'].value}",
                content_type=f"application/x-www-form-urlencoded; charset={charset}",
            )
            self.assertContains(response, "must be UTF-8 encoded", status_code=400, msg_prefix=charset)
            self.assertEqual(response["Cache-Control"], "no-store")

    def test_wrong_password_gets_a_clear_message(self):
        response = self.sign_in(password="wrong")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "do not match an account", status_code=400)
        self.assertContains(response, 'value="holder@example.com"', status_code=400)

    def test_next_is_honoured_only_on_this_site(self):
        self.assertRedirects(self.sign_in(next="/about/"), "/about/", fetch_redirect_response=False)
        self.client.logout()
        self.assertRedirects(self.sign_in(next="https://evil.example/"), "/account/")

    def test_sign_out_needs_post(self):
        self.sign_in()
        response = self.client.post("/account/sign-out/")
        self.assertContains(response, "You have signed out")
        self.assertRedirects(self.client.get("/account/"), "/account/sign-in/?next=/account/")

    @override_settings(LOGIN_FAILURE_LIMIT_PER_ACCOUNT=3)
    def test_repeated_failures_lock_the_account_even_with_the_right_password(self):
        for _ in range(3):
            self.sign_in(password="guess")
        response = self.sign_in()
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Too many failed attempts", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def sign_in_from(self, address, password=PASSWORD):
        data = {"email": "holder@example.com", "password": password}
        return self.client.post("/account/sign-in/", data, REMOTE_ADDR=address)

    def test_someone_who_knows_the_email_cannot_keep_the_owner_out(self):
        for _ in range(8):
            self.sign_in_from("203.0.113.9", password="guess")
        attacker = self.sign_in_from("203.0.113.9")
        self.assertContains(attacker, "Too many failed attempts", status_code=429)
        owner = self.sign_in_from("198.51.100.4")
        self.assertRedirects(owner, "/account/")

    @override_settings(LOGIN_FAILURE_SLOWDOWN_AFTER=3)
    def test_guessing_from_many_clients_is_slowed_not_locked(self):
        from agencyscript.accounts import throttle

        for client in range(5):
            self.sign_in_from(f"203.0.113.{client + 1}", password="guess")
        slowed = self.sign_in_from("198.51.100.4")
        self.assertContains(slowed, "try again in", status_code=429)
        self.assertContains(slowed, "seconds", status_code=429)
        later = throttle.time.time() + 61
        with mock.patch.object(throttle.time, "time", return_value=later):
            self.assertRedirects(self.sign_in_from("198.51.100.4"), "/account/")

    @override_settings(LOGIN_FAILURE_LIMIT_PER_CLIENT=4, LOGIN_FAILURE_LIMIT_PER_ACCOUNT=100)
    def test_one_client_guessing_many_accounts_is_stopped(self):
        for index in range(4):
            self.sign_in(email=f"user{index}@example.com", password="guess")
        self.assertEqual(self.sign_in().status_code, 429)

    def test_password_reset_by_email(self):
        response = self.client.post("/account/password-reset/", {"email": "holder@example.com"})
        self.assertRedirects(response, "/account/password-reset/sent/")
        self.assertEqual(len(mail.outbox), 0)  # queued; the worker sends it
        from agencyscript.signups.models import OutboundEmail

        queued = OutboundEmail.objects.get()
        link = re.search(r"http://testserver(/account/password-reset/\S+)", queued.body).group(1)
        form = self.client.get(link, follow=True)
        self.assertContains(form, "Choose a new password")
        done = self.client.post(
            form.redirect_chain[-1][0],
            {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
        )
        self.assertRedirects(done, "/account/password-reset/done/")
        self.assertRedirects(self.sign_in(password="a brand new passphrase"), "/account/")

    def test_password_reset_does_not_reveal_unknown_addresses(self):
        response = self.client.post("/account/password-reset/", {"email": "nobody@example.com"})
        self.assertRedirects(response, "/account/password-reset/sent/")

    def test_wagtail_admin_accepts_email_too(self):
        staff = get_user_model().objects.create_superuser("boss", "boss@example.com", PASSWORD)
        self.assertTrue(self.client.login(username="boss@example.com", password=PASSWORD))
        self.assertEqual(self.client.get("/admin/").status_code, 200)
        self.assertTrue(staff.is_superuser)


@override_settings(SITE_URL="https://agencyscript.example", ALLOWED_HOSTS=["testserver", "localhost"])
class AbsoluteLinkTests(TestCase):
    """Links that leave the request (emails, QR codes, signed results) come from SITE_URL, not the Host header."""

    @classmethod
    def setUpTestData(cls):
        load_demo_site(articles=False)
        get_user_model().objects.create_user("holder", "holder@example.com", PASSWORD)

    def test_password_reset_link(self):
        from agencyscript.signups.models import OutboundEmail

        self.client.post("/account/password-reset/", {"email": "holder@example.com"}, HTTP_HOST="localhost")
        body = OutboundEmail.objects.get().body
        self.assertIn("https://agencyscript.example/account/password-reset/", body)
        self.assertNotIn("localhost", body)

    def test_verification_result_links_and_qr(self):
        from certification.demo import demo_ids_to_try

        credential_id = demo_ids_to_try()["valid"]
        data = self.client.get(
            f"/verify/{credential_id}/", HTTP_HOST="localhost", HTTP_ACCEPT="application/json"
        ).json()
        self.assertEqual(data["url"], f"https://agencyscript.example/verify/{credential_id}/")
        self.assertTrue(data["issuer"]["keys"].startswith("https://agencyscript.example/"))
        page = self.client.get(f"/verify/{credential_id}/", HTTP_HOST="localhost")
        self.assertContains(page, f"https://agencyscript.example/verify/{credential_id}/")
        self.assertNotContains(page, "http://localhost")


class PasswordResetLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site(articles=False)
        get_user_model().objects.create_user("holder", "holder@example.com", PASSWORD)

    def reset(self, email="holder@example.com", address="203.0.113.5"):
        return self.client.post("/account/password-reset/", {"email": email}, REMOTE_ADDR=address)

    def test_one_address_gets_at_most_three_emails_an_hour_and_learns_nothing_more(self):
        from agencyscript.signups.models import OutboundEmail

        for client in range(5):
            self.assertRedirects(self.reset(address=f"203.0.113.{client + 1}"), "/account/password-reset/sent/")
        self.assertEqual(OutboundEmail.objects.count(), 3)

    def test_one_client_is_limited(self):
        for n in range(10):
            self.reset(email=f"someone{n}@example.com")
        response = self.reset()
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response["Cache-Control"], "no-store")
