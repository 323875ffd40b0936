"""The whole-page cache: what is stored, what never is, and invalidation."""

from unittest import mock

from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from wagtail.models import Site

from agencyscript.models import FooterSettings, StandardPage
from tests.helpers import load_demo_site


@override_settings(PAGE_CACHE_ENABLED=True)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site()

    def test_second_anonymous_view_is_a_hit_with_no_queries(self):
        first = self.client.get("/about/")
        self.assertEqual(first["X-Page-Cache"], "MISS")
        with self.assertNumQueries(0):
            second = self.client.get("/about/")
        self.assertEqual(second["X-Page-Cache"], "HIT")
        self.assertEqual(first.content, second.content)
        # Security headers are still sent on a hit.
        self.assertIn("default-src 'self'", second["Content-Security-Policy"])
        self.assertEqual(second["X-Content-Type-Options"], "nosniff")

    def test_cdn_headers(self):
        response = self.client.get("/about/")
        self.assertIn("s-maxage=600", response["Cache-Control"])
        self.assertIn("stale-while-revalidate=60", response["Cache-Control"])
        self.assertIn("public", response["Cache-Control"])

    def test_query_strings_are_part_of_the_key(self):
        self.client.get("/waitlist/")
        self.assertEqual(self.client.get("/waitlist/?sent=1")["X-Page-Cache"], "MISS")
        self.assertContains(self.client.get("/waitlist/?sent=1"), "You&#x27;re on the waitlist")

    def test_publishing_a_page_invalidates(self):
        self.client.get("/about/")
        page = StandardPage.objects.get(slug="about")
        page.introduction = "A freshly published introduction."
        page.save_revision().publish()
        response = self.client.get("/about/")
        self.assertEqual(response["X-Page-Cache"], "MISS")
        self.assertContains(response, "A freshly published introduction.")

    def test_unpublishing_invalidates_and_never_serves_the_old_page(self):
        self.client.get("/vault/")
        StandardPage.objects.get(slug="vault").unpublish()
        self.assertEqual(self.client.get("/vault/").status_code, 404)

    def test_a_setting_change_invalidates_every_page(self):
        self.client.get("/pricing/")
        footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
        footer.tagline = "Edited tagline."
        footer.save()
        self.assertContains(self.client.get("/pricing/"), "Edited tagline.")

    def test_signed_in_visitors_are_never_cached(self):
        user = get_user_model().objects.create_user("reader", "reader@example.com", "pw-for-tests-only")
        self.client.force_login(user)
        self.assertNotIn("X-Page-Cache", self.client.get("/about/"))
        self.assertNotIn("X-Page-Cache", self.client.get("/about/"))

    def test_private_paths_and_posts_are_never_cached(self):
        for path in ["/account/sign-in/", "/verify/", "/admin/login/"]:
            self.client.get(path)
            self.assertNotIn("X-Page-Cache", self.client.get(path), path)
        response = self.client.post("/waitlist/", {"name": ""})
        self.assertNotIn("X-Page-Cache", response)

    def test_404_is_not_cached(self):
        self.client.get("/missing/")
        self.assertNotIn("X-Page-Cache", self.client.get("/missing/"))

    def test_site_keeps_serving_when_the_cache_is_down(self):
        broken = mock.MagicMock()
        broken.get.side_effect = ConnectionError("redis down")
        broken.add.side_effect = ConnectionError("redis down")
        with mock.patch("agencyscript.pagecache._cache", return_value=broken):
            response = self.client.get("/about/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "About Agency Script")
