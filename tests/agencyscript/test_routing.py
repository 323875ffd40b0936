"""Remembered routes: a repeat visit skips Wagtail's tree walk, and never serves a stale answer."""

from unittest import mock

from django.db import connection
from django.test import RequestFactory, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from agencyscript import routing
from agencyscript.models import StandardPage
from blog.models import ArticlePage
from tests.helpers import load_demo_site


def queries_for(client, url, **extra):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **extra)
    return response, [query["sql"] for query in context.captured_queries]


class RememberedRouteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site()

    def test_a_repeat_visit_loads_only_the_page(self):
        first, first_queries = queries_for(self.client, "/about/")
        second, second_queries = queries_for(self.client, "/about/")
        self.assertEqual(first.status_code, 200)
        # The first visit finds the site and walks the tree; the second does neither.
        self.assertTrue(any('FROM "wagtailcore_site"' in sql for sql in first_queries))
        self.assertFalse(any('FROM "wagtailcore_site"' in sql for sql in second_queries))
        self.assertFalse(any('FROM "wagtailcore_pageviewrestriction"' in sql for sql in second_queries))
        self.assertEqual(sum('FROM "agencyscript_standardpage"' in sql for sql in second_queries), 1)
        self.assertLess(len(second_queries), len(first_queries))
        self.assertEqual(first.content, second.content)

    def test_a_repeat_article_visit_costs_one_query_and_renders_the_same(self):
        article = ArticlePage.objects.live().first()
        first = self.client.get(article.url)
        with self.assertNumQueries(1):
            second = self.client.get(article.url)
        self.assertEqual(first.content, second.content)

    def test_an_unpublished_page_is_gone_at_once(self):
        self.client.get("/vault/")
        self.client.get("/vault/")
        StandardPage.objects.get(slug="vault").unpublish()
        self.assertEqual(self.client.get("/vault/").status_code, 404)

    def test_a_page_taken_offline_without_signals_is_not_served(self):
        """Belt and braces: the remembered page is loaded only while it is live."""
        self.client.get("/vault/")
        Page.objects.filter(slug="vault").update(live=False)
        self.assertEqual(self.client.get("/vault/").status_code, 404)

    def test_a_renamed_page_moves_to_its_new_address(self):
        self.client.get("/press/")
        page = StandardPage.objects.get(slug="press")
        page.slug = "newsroom"
        page.save_revision().publish()
        self.assertEqual(self.client.get("/press/").status_code, 404)
        self.assertContains(self.client.get("/newsroom/"), "<h1")

    def test_a_moved_page_is_found_under_its_new_parent(self):
        self.client.get("/careers/")
        page = StandardPage.objects.get(slug="careers")
        page.move(StandardPage.objects.get(slug="about"), pos="last-child")
        # Wagtail leaves a permanent redirect at the old address.
        self.assertRedirects(self.client.get("/careers/"), "/about/careers/", status_code=301)
        self.assertEqual(self.client.get("/about/careers/").status_code, 200)

    def test_a_new_view_restriction_applies_at_once(self):
        self.client.get("/vault/")
        self.client.get("/vault/")
        PageViewRestriction.objects.create(page=Page.objects.get(slug="vault"), restriction_type="login")
        response = self.client.get("/vault/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("next=/vault/", response["Location"])

    def test_a_private_page_stays_private_on_every_visit(self):
        PageViewRestriction.objects.create(page=Page.objects.get(slug="vault"), restriction_type="login")
        for _ in range(3):
            response = self.client.get("/vault/")
            self.assertEqual(response.status_code, 302)
            self.assertIn("next=/vault/", response["Location"])

    def test_other_pages_skip_the_restriction_check_once_remembered(self):
        PageViewRestriction.objects.create(page=Page.objects.get(slug="vault"), restriction_type="login")
        self.client.get("/about/")
        response, queries = queries_for(self.client, "/about/")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(any("wagtailcore_pageviewrestriction" in sql for sql in queries))

    @override_settings(ALLOWED_HOSTS=["testserver", "other.example"])
    def test_each_site_keeps_its_own_routes(self):
        press = Page.objects.get(slug="press")
        Site.objects.create(hostname="other.example", port=80, root_page=press, site_name="Other")
        for _ in range(2):
            home = self.client.get("/")
            other = self.client.get("/", HTTP_HOST="other.example")
            self.assertContains(home, "<h1")
            self.assertContains(other, f">{press.title}</h1>", html=False)
            self.assertNotEqual(home.content, other.content)

    def test_the_site_serves_as_usual_when_the_cache_is_down(self):
        with mock.patch.object(routing, "_cache", side_effect=ConnectionError("cache down")):
            self.assertEqual(self.client.get("/about/").status_code, 200)
            self.assertEqual(self.client.get("/about/").status_code, 200)

    def test_routable_sub_routes_are_not_remembered(self):
        request = RequestFactory().get("/blog/feed/rss/")
        index = Page.objects.get(slug="blog").specific
        request._wagtail_site = Site.objects.get(is_default_site=True)
        request._wagtail_route_for_request = RouteResult(index, args=(index.rss_route, (), {}))
        with mock.patch.object(routing, "_cache") as cache:
            routing.remember_route(request, "blog/feed/rss/")
        cache.return_value.set.assert_not_called()
        # …and the listings still answer on every visit.
        for _ in range(2):
            self.assertEqual(self.client.get("/blog/category/governance/").status_code, 200)


class ViewRestrictionShortcutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site()

    def test_no_query_while_no_page_is_private(self):
        page = StandardPage.objects.get(slug="about")
        routing.any_view_restrictions()  # remembered
        with self.assertNumQueries(0):
            self.assertEqual(list(page.get_view_restrictions()), [])

    def test_restrictions_are_checked_once_one_exists(self):
        page = StandardPage.objects.get(slug="about")
        routing.any_view_restrictions()
        restriction = PageViewRestriction.objects.create(page=page.get_parent(), restriction_type="login")
        self.assertEqual(list(page.get_view_restrictions()), [restriction])

    def test_a_cache_outage_falls_back_to_checking(self):
        page = StandardPage.objects.get(slug="about")
        restriction = PageViewRestriction.objects.create(page=page, restriction_type="login")
        with mock.patch.object(routing, "_cache", side_effect=ConnectionError("cache down")):
            self.assertEqual(list(page.get_view_restrictions()), [restriction])
