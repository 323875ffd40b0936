"""Preview share links: an editor shares one revision's preview with someone without an account."""

import datetime
import hashlib
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import TestCase, override_settings
from django.utils import timezone

from agencyscript.share_links.models import ShareLink
from blog.factories import ArticlePageFactory
from tests.blog.utils import build_site

PASSWORD = "share-links-test-password"  # noqa: S105
LINK = re.compile(r'value="(http://testserver/share/([A-Za-z0-9_-]{43})/)"')
LIVE_SUMMARY = "The published summary readers see."
DRAFT_SUMMARY = "A draft summary nobody outside has seen."


class ShareLinkTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()
        users = get_user_model().objects
        cls.editor = users.create_user("editor", "editor@example.com", PASSWORD, first_name="Maya", last_name="Okafor")
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        # Can sign in to the admin, but holds no permission on any page.
        cls.outsider = users.create_user("outsider", "outsider@example.com", PASSWORD)
        cls.outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
        cls.article = ArticlePageFactory(parent=cls.index, title="Shared article", summary=LIVE_SUMMARY)
        # A draft edit saved after publishing: what the share link is for.
        cls.article.summary = DRAFT_SUMMARY
        cls.article.save_revision(user=cls.editor)

    def setUp(self):
        self.client.force_login(self.editor)

    def admin_url(self):
        return f"/admin/share-links/pages/{self.article.pk}/"

    def create_link(self, days=7):
        """Create a link through the admin screen; returns (response, absolute URL, token)."""
        response = self.client.post(self.admin_url(), {"days": str(days)})
        match = LINK.search(response.content.decode())
        return response, (match.group(1) if match else None), (match.group(2) if match else None)

    def visit(self, token):
        """Open a link as a visitor without an account."""
        self.client.logout()
        return self.client.get(f"/share/{token}/")


class CreatingTests(ShareLinkTestCase):
    def test_the_link_is_shown_once_and_only_its_hash_is_stored(self):
        response, url, token = self.create_link()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Copy this link now")
        self.assertIsNotNone(url)
        link = ShareLink.objects.get()
        self.assertEqual(link.token_hash, hashlib.sha256(token.encode()).hexdigest())
        self.assertNotIn(token, str(ShareLink.objects.values().get()))
        # The list shows the link, never its address again.
        listing = self.client.get(self.admin_url())
        self.assertContains(listing, "Maya Okafor")
        self.assertContains(listing, "Active")
        self.assertNotContains(listing, token)
        self.assertNotContains(listing, "Copy this link now")

    def test_default_is_seven_days_and_shorter_is_allowed(self):
        before = timezone.now()
        self.create_link()
        self.create_link(days=1)
        week, day = ShareLink.objects.order_by("pk")
        minute = datetime.timedelta(minutes=1)
        self.assertAlmostEqual(week.expires_at - before, datetime.timedelta(days=7), delta=minute)
        self.assertAlmostEqual(day.expires_at - before, datetime.timedelta(days=1), delta=minute)
        self.assertContains(self.client.get(self.admin_url()), '<option value="7" selected>7 days</option>', html=True)

    def test_more_than_seven_days_is_refused_with_a_message(self):
        response, url, _ = self.create_link(days=30)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "A share link can last at most 7 days.", status_code=400)
        self.assertIsNone(url)
        self.assertFalse(ShareLink.objects.exists())

    def test_nonsense_duration_is_refused_with_a_message(self):
        for data in ({"days": "soon"}, {}):
            with self.subTest(data=data):
                response = self.client.post(self.admin_url(), data)
                self.assertContains(response, "Choose how many days the link works", status_code=400)
        self.assertFalse(ShareLink.objects.exists())

    def test_the_edit_screen_offers_share_preview(self):
        response = self.client.get(f"/admin/pages/{self.article.pk}/edit/")
        self.assertContains(response, self.admin_url())
        self.assertContains(response, "Share preview")

    def test_a_user_who_cannot_edit_the_page_cannot_create_or_revoke(self):
        _, _, token = self.create_link()
        link = ShareLink.objects.get()
        self.client.force_login(self.outsider)
        # Wagtail's admin answers a refused permission with a redirect to the dashboard and a message.
        refused = self.client.get(self.admin_url(), follow=True)
        self.assertEqual(refused.redirect_chain, [("/admin/", 302)])
        self.assertContains(refused, "Sorry, you do not have permission to access this area.")
        self.assertRedirects(self.client.post(self.admin_url(), {"days": "7"}), "/admin/")
        self.assertRedirects(self.client.post(f"/admin/share-links/{link.pk}/revoke/"), "/admin/")
        self.assertEqual(ShareLink.objects.count(), 1)
        self.assertEqual(self.visit(token).status_code, 200)

    def test_visitors_without_an_account_are_sent_to_sign_in(self):
        self.client.logout()
        response = self.client.get(self.admin_url())
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_create_and_revoke_are_in_the_page_history(self):
        self.create_link()
        link = ShareLink.objects.get()
        self.client.post(f"/admin/share-links/{link.pk}/revoke/")
        history = self.client.get(f"/admin/pages/{self.article.pk}/history/")
        self.assertContains(history, "Created a preview share link")
        self.assertContains(history, "Revoked a preview share link")
        self.assertContains(history, "Maya Okafor")
        report = self.client.get("/admin/reports/site-history/")
        self.assertContains(report, "Created a preview share link")
        self.assertContains(report, "Shared article")


class PreviewTests(ShareLinkTestCase):
    def test_the_link_shows_the_draft_that_the_live_page_does_not(self):
        _, _, token = self.create_link()
        response = self.visit(token)
        self.assertContains(response, DRAFT_SUMMARY)
        self.assertNotContains(response, LIVE_SUMMARY)
        live = self.client.get(self.article.url)
        self.assertContains(live, LIVE_SUMMARY)
        self.assertNotContains(live, DRAFT_SUMMARY)

    def test_headers_keep_it_private_unindexed_and_without_referrer(self):
        _, _, token = self.create_link()
        response = self.visit(token)
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.assertEqual(response["X-Robots-Tag"], "noindex")
        self.assertEqual(response["Referrer-Policy"], "no-referrer")
        self.assertIn("script-src 'self';", response["Content-Security-Policy"])
        self.assertNotIn("Set-Cookie", response)

    def test_banner_names_who_shared_it_and_when_it_expires(self):
        _, _, token = self.create_link(days=3)
        expires = ShareLink.objects.get().expires_at
        response = self.visit(token)
        self.assertContains(response, "Preview shared by Maya Okafor")
        self.assertContains(response, "not published; link expires on")
        self.assertContains(response, f"{expires:%-d %B %Y} at {expires:%H:%M} UTC")
        self.assertNotContains(self.client.get(self.article.url), "Preview shared by")

    def test_the_link_keeps_showing_the_revision_it_was_made_for(self):
        _, _, token = self.create_link()
        self.article.summary = "A later draft."
        self.article.save_revision(user=self.editor)
        response = self.visit(token)
        self.assertContains(response, DRAFT_SUMMARY)
        self.assertNotContains(response, "A later draft.")

    def test_only_get_and_head(self):
        _, _, token = self.create_link()
        self.client.logout()
        self.assertEqual(self.client.head(f"/share/{token}/").status_code, 200)
        self.assertEqual(self.client.post(f"/share/{token}/").status_code, 405)


class RefusedTests(ShareLinkTestCase):
    def assertRefused(self, response, status, message):
        self.assertContains(response, message, status_code=status)
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.assertEqual(response["X-Robots-Tag"], "noindex")
        self.assertNotContains(response, DRAFT_SUMMARY, status_code=status)

    def test_expired(self):
        _, _, token = self.create_link()
        past = timezone.now() - datetime.timedelta(minutes=1)
        ShareLink.objects.update(created_at=past - datetime.timedelta(days=7), expires_at=past)
        response = self.visit(token)
        self.assertRefused(response, 410, "This preview link has expired")
        self.assertContains(response, f"stopped working on {past:%-d %B %Y} at {past:%H:%M} UTC", status_code=410)
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(self.admin_url()), "Expired")

    def test_revoked(self):
        _, _, token = self.create_link()
        response = self.client.post(f"/admin/share-links/{ShareLink.objects.get().pk}/revoke/", follow=True)
        self.assertContains(response, "Link revoked")
        self.assertContains(response, "Revoked")
        self.assertRefused(self.visit(token), 410, "This preview link was withdrawn")

    def test_revoking_twice_is_harmless(self):
        self.create_link()
        url = f"/admin/share-links/{ShareLink.objects.get().pk}/revoke/"
        self.client.post(url)
        self.assertContains(self.client.post(url, follow=True), "That link was already revoked.")

    def test_tampered_and_unknown_tokens(self):
        _, _, token = self.create_link()
        changed = ("A" if token[0] != "A" else "B") + token[1:]
        for bad in (changed, token[:-1], token + "x", "not-a-token", "a" * 500, "é" * 43):
            with self.subTest(bad=bad):
                self.assertRefused(self.visit(bad), 404, "No preview at this address")

    def test_deleted_revision(self):
        _, _, token = self.create_link()
        ShareLink.objects.get().revision.delete()
        self.assertRefused(self.visit(token), 404, "This preview is no longer available")

    def test_deleted_page(self):
        _, _, token = self.create_link()
        self.article.delete()
        self.assertRefused(self.visit(token), 404, "No preview at this address")

    @override_settings(RATE_LIMITS={"share": "3/60"})
    def test_guessing_is_rate_limited(self):
        self.client.logout()
        for _ in range(3):
            self.assertEqual(self.client.get("/share/" + "x" * 43 + "/").status_code, 404)
        response = self.client.get("/share/" + "y" * 43 + "/")
        self.assertEqual(response.status_code, 429)
        self.assertIn("Retry-After", response)
        self.assertEqual(response["Cache-Control"], "private, no-store")


@override_settings(PAGE_CACHE_ENABLED=True)
class PageCacheTests(ShareLinkTestCase):
    def test_the_preview_is_never_stored_or_served_from_the_page_cache(self):
        _, _, token = self.create_link()
        self.assertContains(self.visit(token), DRAFT_SUMMARY)
        second = self.visit(token)
        self.assertContains(second, DRAFT_SUMMARY)
        self.assertNotIn("X-Page-Cache", second)
        self.client.force_login(self.editor)
        self.client.post(f"/admin/share-links/{ShareLink.objects.get().pk}/revoke/")
        self.assertContains(self.visit(token), "This preview link was withdrawn", status_code=410)

    def test_a_cached_live_page_is_not_served_in_place_of_the_preview(self):
        # Wagtail renders the preview as a request for the page's own address: with the live
        # page in the cache, that request must still render the revision.
        _, _, token = self.create_link()
        self.client.logout()
        self.client.get(self.article.url)
        self.assertEqual(self.client.get(self.article.url)["X-Page-Cache"], "HIT")
        response = self.visit(token)
        self.assertContains(response, DRAFT_SUMMARY)
        self.assertNotContains(response, LIVE_SUMMARY)
        # ... and the preview never replaces the live page in the cache.
        live = self.client.get(self.article.url)
        self.assertContains(live, LIVE_SUMMARY)
        self.assertNotContains(live, "Preview shared by")
