"""Waitlist, newsletter and contact forms: saved first, emailed after, never lost."""

import re
from datetime import timedelta
from smtplib import SMTPException
from unittest import mock

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase, override_settings
from django.utils import timezone

from agencyscript.signups.models import (
    ConsentRecord,
    ContactMessage,
    NewsletterSubscription,
    OutboundEmail,
    WaitlistEntry,
)
from agencyscript.signups.outbox import queue_email, send_due_emails
from certification.factories import tier_page
from certification.models import CertificationIndexPage, TierPage
from tests.helpers import load_demo_site, same_origin_headers

WAITLIST = {"name": "Ada Lovelace", "email": "ada@example.com", "tier_interest": "AS-O", "company": "Engines Ltd"}


def link_in(body, path_part):
    return re.search(rf"https?://\S*{path_part}\S*", body).group(0)


class FormTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site(articles=False)

    def post(self, path, data, **headers):
        """Post as a visitor, then send what was queued, as the worker does a moment later."""
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(path, data, **(headers or same_origin_headers()))
        send_due_emails()
        return response


class WaitlistTests(FormTestCase):
    def test_form_page_has_no_per_visitor_data(self):
        response = self.client.get("/waitlist/")
        self.assertNotContains(response, "csrfmiddlewaretoken")
        self.assertNotIn("csrftoken", response.cookies)
        self.assertNotIn("sessionid", response.cookies)

    def test_signup_is_saved_and_acknowledged(self):
        response = self.post("/waitlist/", WAITLIST)
        self.assertRedirects(response, "/waitlist/?sent=1", status_code=303)
        entry = WaitlistEntry.objects.get()
        self.assertEqual((entry.name, entry.tier_interest, entry.company), ("Ada Lovelace", "AS-O", "Engines Ltd"))
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["ada@example.com"])
        self.assertContains(self.client.get("/waitlist/?sent=1"), "You&#x27;re on the waitlist")

    def test_repeat_signup_updates_instead_of_duplicating(self):
        self.post("/waitlist/", WAITLIST)
        self.post("/waitlist/", {**WAITLIST, "email": "ADA@EXAMPLE.COM", "tier_interest": "AS-A", "role": "CTO"})
        entry = WaitlistEntry.objects.get()
        self.assertEqual((entry.tier_interest, entry.role), ("AS-A", "CTO"))

    def test_errors_are_shown_beside_fields_and_keep_input(self):
        response = self.post("/waitlist/", {"name": "", "email": "not-an-email", "company": "Kept Co"})
        self.assertEqual(response.status_code, 400)
        html = response.content.decode()
        self.assertIn("There are problems with your answers", html)
        self.assertIn('id="id_name-error"', html)
        self.assertIn('aria-describedby="id_email-error"', html)
        self.assertIn('aria-invalid="true"', html)
        self.assertIn("Enter an email address like name@example.com.", html)
        self.assertIn('value="Kept Co"', html)
        self.assertIn('value="not-an-email"', html)
        self.assertIn("<title>Error:", html)
        self.assertEqual(WaitlistEntry.objects.count(), 0)

    def test_honeypot_pretends_success_and_saves_nothing(self):
        response = self.post("/waitlist/", {**WAITLIST, "website": "http://spam.example"})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(WaitlistEntry.objects.count(), 0)
        self.assertEqual(len(mail.outbox), 0)

    def test_cross_site_post_is_refused(self):
        response = self.post("/waitlist/", WAITLIST, HTTP_SEC_FETCH_SITE="cross-site")
        self.assertEqual(response.status_code, 403)
        response = self.post("/waitlist/", WAITLIST, HTTP_ORIGIN="https://evil.example")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(WaitlistEntry.objects.count(), 0)

    def test_overlong_and_junk_input_gets_a_message_not_an_error(self):
        response = self.post("/waitlist/", {**WAITLIST, "name": "x" * 5000, "tier_interest": "AS-Z"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Keep this under 150 characters.", status_code=400)
        self.assertContains(response, "Choose the tier you are interested in.", status_code=400)

    def test_the_form_offers_the_live_tiers_lowest_first(self):
        response = self.client.get("/waitlist/")
        options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', response.content.decode())
        self.assertEqual(
            options,
            [
                ("", "Choose a tier"),
                ("AS-F", "Foundation (AS-F)"),
                ("AS-O", "Operator (AS-O)"),
                ("AS-A", "Architect (AS-A)"),
                ("AS-P", "Principal (AS-P)"),
                ("undecided", "Not sure yet"),
            ],
        )

    def test_a_new_tier_is_offered_and_a_withdrawn_one_is_not(self):
        index = CertificationIndexPage.objects.get()
        tier_page(index, "Fellow", "AS-X", level=5)
        TierPage.objects.get(code="AS-P").unpublish()
        page = self.client.get("/waitlist/")
        self.assertContains(page, '<option value="AS-X">Fellow (AS-X)</option>', html=True)
        self.assertNotContains(page, "AS-P")
        self.assertEqual(self.post("/waitlist/", {**WAITLIST, "tier_interest": "AS-X"}).status_code, 303)
        response = self.post("/waitlist/", {**WAITLIST, "email": "p@example.com", "tier_interest": "AS-P"})
        self.assertContains(response, "Choose the tier you are interested in.", status_code=400)
        self.assertEqual(list(WaitlistEntry.objects.values_list("tier_interest", flat=True)), ["AS-X"])

    @override_settings(RATE_LIMITS={"signup": "3/60", "search": "30/60", "verify": "30/60"})
    def test_bursts_are_answered_with_429_and_a_friendly_page(self):
        for index in range(3):
            self.assertEqual(self.post("/waitlist/", {**WAITLIST, "email": f"p{index}@example.com"}).status_code, 303)
        response = self.post("/waitlist/", {**WAITLIST, "email": "p9@example.com"})
        self.assertEqual(response.status_code, 429)
        self.assertTrue(1 <= int(response["Retry-After"]) <= 60)
        self.assertContains(response, "Please slow down", status_code=429)
        self.assertEqual(WaitlistEntry.objects.count(), 3)

    def test_requests_only_queue_email_the_worker_sends_it(self):
        with mock.patch("django.core.mail.EmailMessage.send", side_effect=AssertionError("sent in the request")):
            response = self.client.post("/waitlist/", WAITLIST, **same_origin_headers())
        self.assertEqual(response.status_code, 303)
        self.assertEqual(len(mail.outbox), 0)
        self.assertIsNone(OutboundEmail.objects.get().sent_at)
        self.assertEqual(send_due_emails(), (1, 0))
        self.assertEqual(mail.outbox[0].to, ["ada@example.com"])

    def test_mail_server_down_loses_nothing_and_retries_later(self):
        with mock.patch("django.core.mail.EmailMessage.send", side_effect=SMTPException("connection refused")):
            response = self.post("/waitlist/", WAITLIST)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(WaitlistEntry.objects.count(), 1)
        queued = OutboundEmail.objects.get()
        self.assertIsNone(queued.sent_at)
        self.assertEqual(queued.attempts, 1)
        self.assertIn("connection refused", queued.last_error)
        # Not due yet: back-off.
        self.assertEqual(send_due_emails(), (0, 0))
        OutboundEmail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
        self.assertEqual(send_due_emails(), (1, 0))
        queued.refresh_from_db()
        self.assertIsNotNone(queued.sent_at)
        self.assertEqual(len(mail.outbox), 1)

    def test_a_batch_stops_starting_emails_after_its_time_limit(self):
        for index in range(3):
            queue_email(f"p{index}@example.com", "Subject", "Body")
        # Each send may wait EMAIL_TIMEOUT on a mail server that never answers: past the
        # limit the rest wait for the next batch (here the limit has passed after the first).
        self.assertEqual(send_due_emails(time_limit=timedelta(0)), (1, 0))
        self.assertEqual(send_due_emails(), (2, 0))
        self.assertEqual(len(mail.outbox), 3)

    def test_retries_back_off_for_three_days_then_the_failure_is_shown(self):
        self.post("/waitlist/", WAITLIST)
        mail.outbox.clear()
        OutboundEmail.objects.update(sent_at=None, attempts=0)
        queued = OutboundEmail.objects.get()
        failing = mock.patch("django.core.mail.EmailMessage.send", side_effect=SMTPException("mailbox unavailable"))
        delays = []
        with failing, self.assertLogs("agencyscript.signups.outbox", "ERROR") as logs:
            while queued.gave_up_at is None:
                OutboundEmail.objects.filter(pk=queued.pk).update(next_attempt_at=timezone.now())
                before = timezone.now()
                send_due_emails()
                queued.refresh_from_db()
                delays.append(queued.next_attempt_at - before)
                # Time passes as long as the worker would have waited.
                OutboundEmail.objects.filter(pk=queued.pk).update(created_at=queued.created_at - delays[-1])
        self.assertIn("Gave up sending email", logs.output[0])
        self.assertLess(delays[0], timedelta(minutes=3))
        self.assertLessEqual(max(delays), timedelta(hours=6, seconds=5))
        self.assertGreater(sum(delays[:-1], timedelta()), timedelta(days=2, hours=18))
        self.assertEqual(send_due_emails(), (0, 0))  # given up: no more attempts
        admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
        self.client.force_login(admin)
        listing = self.client.get("/admin/submissions/outgoing-email/")
        self.assertContains(listing, "Failed")
        self.assertContains(listing, "mailbox unavailable")


class ContactTests(FormTestCase):
    def test_message_is_saved_then_delivered_with_reply_to(self):
        data = {"name": "Lin", "email": "lin@example.com", "topic": "press", "message": "Hello there."}
        response = self.post("/contact/", data)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(ContactMessage.objects.get().topic, "press")
        self.assertEqual(mail.outbox[0].extra_headers["Reply-To"], "lin@example.com")

    def test_missing_message_is_reported(self):
        response = self.post("/contact/", {"name": "Lin", "email": "lin@example.com", "topic": "press"})
        self.assertContains(response, "Write your message", status_code=400)


class NewsletterTests(FormTestCase):
    def subscribe(self, email="reader@example.com", source="http://testserver/about/"):
        return self.post("/newsletter/", {"email": email, "source": source})

    def test_double_opt_in(self):
        response = self.subscribe()
        self.assertRedirects(response, "/newsletter/?sent=1", status_code=303)
        subscription = NewsletterSubscription.objects.get()
        self.assertEqual(subscription.status, NewsletterSubscription.PENDING)
        consent = ConsentRecord.objects.get()
        self.assertEqual((consent.action, consent.page_url), ("requested", "http://testserver/about/"))
        self.assertEqual(consent.wording_version, "2026-11")
        message = mail.outbox[0]
        self.assertIn("List-Unsubscribe", message.extra_headers)
        confirm = link_in(message.body, "/newsletter/confirm/")
        self.assertIn("/newsletter/unsubscribe/", message.body)

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.get(confirm)
        self.assertContains(response, "You're subscribed")
        subscription.refresh_from_db()
        self.assertEqual(subscription.status, NewsletterSubscription.CONFIRMED)
        self.assertEqual(subscription.consents.filter(action="confirmed").count(), 1)
        # Single use.
        response = self.client.get(confirm)
        self.assertContains(response, "already been used", status_code=400)

    def test_confirmation_link_expires_after_48_hours(self):
        self.subscribe()
        confirm = link_in(mail.outbox[0].body, "/newsletter/confirm/")
        later = timezone.now() + timedelta(hours=49)
        with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
            response = self.client.get(confirm)
        self.assertContains(response, "expired", status_code=400)
        self.assertEqual(NewsletterSubscription.objects.get().status, "pending")

    def test_tampered_link_is_refused(self):
        response = self.client.get("/newsletter/confirm/not-a-real-token/")
        self.assertContains(response, "has been changed", status_code=400)

    def test_signing_up_twice_neither_duplicates_nor_reveals(self):
        first = self.subscribe()
        self.client.get(link_in(mail.outbox[0].body, "/newsletter/confirm/"))
        second = self.subscribe(email="Reader@Example.com")
        self.assertEqual(NewsletterSubscription.objects.count(), 1)
        self.assertEqual(first["Location"], second["Location"])
        self.assertEqual(NewsletterSubscription.objects.get().status, "confirmed")

    def test_one_click_unsubscribe(self):
        self.subscribe()
        unsubscribe = link_in(mail.outbox[0].body, "/newsletter/unsubscribe/")
        page = self.client.get(unsubscribe)
        self.assertContains(page, "Unsubscribe")
        self.assertEqual(NewsletterSubscription.objects.get().status, "pending")
        # RFC 8058: the mail client POSTs without any token of ours.
        response = self.client.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
        self.assertContains(response, "You have been unsubscribed")
        subscription = NewsletterSubscription.objects.get()
        self.assertEqual(subscription.status, "unsubscribed")
        self.assertEqual(subscription.consents.filter(action="withdrawn").count(), 1)

    def test_unknown_unsubscribe_token(self):
        self.assertEqual(self.client.get("/newsletter/unsubscribe/nope/").status_code, 404)

    def test_footer_form_posts_to_newsletter_page(self):
        html = self.client.get("/pricing/").content.decode()
        self.assertIn('action="/newsletter/"', html)
        self.assertIn('name="source" value="http://testserver/pricing/"', html)


class AdminSubmissionTests(FormTestCase):
    def test_editors_can_list_and_export_submissions_as_csv(self):
        from django.contrib.auth import get_user_model

        self.post("/waitlist/", WAITLIST)
        admin = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw-for-tests-only")
        self.client.force_login(admin)
        listing = self.client.get("/admin/submissions/waitlist/")
        self.assertContains(listing, "ada@example.com")
        export = self.client.get("/admin/submissions/waitlist/?export=csv")
        self.assertEqual(export.status_code, 200)
        content = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
        self.assertIn("ada@example.com", content)
        self.assertIn("Ada Lovelace", content)

    def test_editors_filter_the_waitlist_by_tier_name(self):
        from django.contrib.auth import get_user_model

        self.post("/waitlist/", WAITLIST)
        self.post("/waitlist/", {**WAITLIST, "email": "grace@example.com", "tier_interest": "AS-A"})
        admin = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw-for-tests-only")
        self.client.force_login(admin)
        listing = self.client.get("/admin/submissions/waitlist/")
        self.assertContains(listing, '<option value="AS-A">Architect (AS-A)</option>', html=True)
        filtered = self.client.get("/admin/submissions/waitlist/", {"tier_interest": "AS-A"})
        self.assertContains(filtered, "grace@example.com")
        self.assertNotContains(filtered, "ada@example.com")


class HostileInputTests(FormTestCase):
    def test_control_characters_in_any_field_or_address_get_a_400(self):
        cases = [
            ("post", "/newsletter/", {"email": "reader@example.com", "source": "/about/\x00"}),
            ("post", "/waitlist/", {"name": "Ana\x00", "email": "ana@example.com"}),
            ("post", "/verify/holder/visibility/", {"credential_id": "ASO-\x00"}),
            ("get", "/newsletter/unsubscribe/abc%00def/", None),
            ("get", "/blog/?page=1%00", None),
        ]
        for method, path, data in cases:
            response = self.post(path, data) if method == "post" else self.client.get(path)
            self.assertContains(response, "control characters", status_code=400, msg_prefix=path)
            self.assertEqual(response["Cache-Control"], "no-store")
        self.assertFalse(NewsletterSubscription.objects.exists())

    def test_the_consent_record_keeps_only_a_page_of_this_site(self):
        for source, recorded in [
            ("/pricing/", "http://testserver/pricing/"),
            ("http://testserver/about/", "http://testserver/about/"),
            ("javascript:alert(1)", "http://testserver/newsletter/"),
            ("https://evil.example/phish", "http://testserver/newsletter/"),
            ("//evil.example/", "http://testserver/newsletter/"),
        ]:
            ConsentRecord.objects.all().delete()
            NewsletterSubscription.objects.all().delete()
            self.post("/newsletter/", {"email": "reader@example.com", "source": source})
            self.assertEqual(ConsentRecord.objects.get().page_url, recorded, source)


class DoubleSubmitTests(FormTestCase):
    def test_waitlist_resubmissions_send_one_email_an_hour(self):
        for email in ["ada@example.com", "ADA@example.com", " Ada@Example.COM "]:
            self.post("/waitlist/", {**WAITLIST, "email": email})
        self.assertEqual(WaitlistEntry.objects.get().email, "ada@example.com")
        self.assertEqual(OutboundEmail.objects.filter(to="ada@example.com").count(), 1)
        WaitlistEntry.objects.update(emailed_at=timezone.now() - timedelta(hours=2))
        self.post("/waitlist/", WAITLIST)
        self.assertEqual(OutboundEmail.objects.filter(to="ada@example.com").count(), 2)

    def test_newsletter_resubmissions_keep_the_first_link_working(self):
        for email in ["reader@example.com", "READER@example.com", "reader@example.com"]:
            self.post("/newsletter/", {"email": email, "source": "/about/"})
        self.assertEqual(NewsletterSubscription.objects.count(), 1)
        self.assertEqual(len(mail.outbox), 1)
        confirm = link_in(mail.outbox[0].body, "/newsletter/confirm/")
        with self.captureOnCommitCallbacks(execute=True):
            self.assertContains(self.client.get(confirm), "You're subscribed")

    def test_a_repeated_contact_message_is_recorded_once(self):
        message = {"name": "Lin", "email": "lin@example.com", "topic": "press", "message": "Hello there."}
        for _ in range(3):
            self.assertEqual(self.post("/contact/", message).status_code, 303)
        self.assertEqual(ContactMessage.objects.count(), 1)
        self.assertEqual(OutboundEmail.objects.filter(subject__startswith="[Contact]").count(), 1)
        self.post("/contact/", {**message, "message": "A different question."})
        self.assertEqual(ContactMessage.objects.count(), 2)
