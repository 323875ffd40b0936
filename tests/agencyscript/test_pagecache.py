"""The whole-page cache: what is stored, what never is, invalidation, and its faults."""

import threading
from pathlib import Path
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import OperationalError, connection, transaction
from django.test import Client, TestCase, TransactionTestCase, override_settings
from wagtail.models import PageViewRestriction, Site

from agencyscript import pagecache, site_links
from agencyscript.models import StandardPage
from agencyscript.site_settings import FooterSettings
from blog import counts
from blog.factories import ArticlePageFactory, CategoryFactory
from blog.models import ArticlePage, Author
from tests.blog.utils import build_site
from tests.helpers import load_demo_site


@override_settings(PAGE_CACHE_ENABLED=True)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site()

    def publish(self, page):
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()

    def test_second_anonymous_view_is_a_hit_with_no_queries(self):
        first = self.client.get("/about/")
        self.assertEqual(first["X-Page-Cache"], "MISS")
        with self.assertNumQueries(0):
            second = self.client.get("/about/")
        self.assertEqual(second["X-Page-Cache"], "HIT")
        self.assertEqual(first.content, second.content)

    def test_page_numbers_in_other_digits_are_cached_like_any_value(self):
        # Found by tests/live/test_fuzz.py: "²".isdigit() is true but int("²") fails, which
        # skipped the page cache with an error logged for every such request.
        for query in ("page=%C2%B2", "page=%D9%A3", "p=%EF%BC%91", "page=007"):
            self.client.get(f"/about/?{query}")
            self.assertEqual(self.client.get(f"/about/?{query}")["X-Page-Cache"], "HIT", query)

    def test_a_hit_carries_exactly_the_headers_of_a_miss(self):
        miss = self.client.get("/about/")
        hit = self.client.get("/about/")
        self.assertEqual(hit["X-Page-Cache"], "HIT")
        ignore = {"X-Page-Cache"}
        self.assertEqual(
            {name: value for name, value in miss.items() if name not in ignore},
            {name: value for name, value in hit.items() if name not in ignore},
        )
        self.assertEqual(hit["X-Frame-Options"], "DENY")
        self.assertIn("default-src 'self'", hit["Content-Security-Policy"])
        self.assertEqual(hit["X-Content-Type-Options"], "nosniff")

    def test_cdn_headers(self):
        response = self.client.get("/about/")
        self.assertIn("s-maxage=600", response["Cache-Control"])
        self.assertIn("stale-while-revalidate=60", response["Cache-Control"])
        self.assertIn("public", response["Cache-Control"])

    @override_settings(PAGE_CACHE_ENABLED=False)
    def test_cdn_headers_do_not_depend_on_the_local_cache(self):
        response = self.client.get("/about/")
        self.assertNotIn("X-Page-Cache", response)
        self.assertIn("s-maxage=600", response["Cache-Control"])
        self.assertIn("stale-while-revalidate=60", response["Cache-Control"])

    def test_feeds_keep_their_own_max_age(self):
        for _ in range(2):
            response = self.client.get("/blog/feed/rss/")
            self.assertIn("max-age=900", response["Cache-Control"])
            self.assertIn("s-maxage=600", response["Cache-Control"])

    def test_query_strings_that_change_the_page_are_part_of_the_key(self):
        self.client.get("/waitlist/")
        self.assertEqual(self.client.get("/waitlist/?sent=1")["X-Page-Cache"], "MISS")
        self.assertContains(self.client.get("/waitlist/?sent=1"), "You&#x27;re on the waitlist")

    def test_junk_query_strings_share_the_real_page(self):
        self.client.get("/about/")
        for junk in ["?utm_source=x", "?utm=8f2a", "?fbclid=abc&ref=1"]:
            response = self.client.get("/about/" + junk)
            self.assertEqual(response["X-Page-Cache"], "HIT", junk)
        self.client.get("/blog/?page=2")
        self.assertEqual(self.client.get("/blog/?page=02&utm_medium=mail")["X-Page-Cache"], "HIT")

    def test_searches_are_never_stored(self):
        for _ in range(2):
            response = self.client.get("/blog/search/?q=governance")
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("X-Page-Cache", response)

    def test_publishing_a_page_invalidates(self):
        self.client.get("/about/")
        page = StandardPage.objects.get(slug="about")
        page.introduction = "A freshly published introduction."
        self.publish(page)
        response = self.client.get("/about/")
        self.assertEqual(response["X-Page-Cache"], "MISS")
        self.assertContains(response, "A freshly published introduction.")

    def test_invalidation_waits_for_the_commit(self):
        self.client.get("/about/")
        before = pagecache.current_version()
        page = StandardPage.objects.get(slug="about")
        page.introduction = "Published inside a transaction."
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()
            self.assertEqual(pagecache.current_version(), before)
        self.assertNotEqual(pagecache.current_version(), before)

    def test_one_publish_invalidates_once(self):
        page = StandardPage.objects.get(slug="about")
        with mock.patch.object(pagecache, "bump_version", wraps=pagecache.bump_version) as bump:
            self.publish(page)
        self.assertEqual(bump.call_count, 1)

    def test_saving_a_draft_invalidates_nothing(self):
        self.client.get("/about/")
        page = StandardPage.objects.get(slug="about")
        page.introduction = "Only a draft."
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision()
        response = self.client.get("/about/")
        self.assertEqual(response["X-Page-Cache"], "HIT")
        self.assertNotContains(response, "Only a draft.")

    def test_unpublishing_invalidates_and_never_serves_the_old_page(self):
        self.client.get("/vault/")
        with self.captureOnCommitCallbacks(execute=True):
            StandardPage.objects.get(slug="vault").unpublish()
        self.assertEqual(self.client.get("/vault/").status_code, 404)

    def test_a_page_made_private_is_never_served_from_the_cache(self):
        self.assertContains(self.client.get("/about/"), "About Agency Script")
        with self.captureOnCommitCallbacks(execute=True):
            PageViewRestriction.objects.create(
                page=StandardPage.objects.get(slug="about"), restriction_type="password", password="secret"
            )
        response = self.client.get("/about/")
        self.assertNotEqual(response.get("X-Page-Cache"), "HIT")
        self.assertContains(response, "password")
        self.assertNotContains(response, "About Agency Script</h1>", html=False)

    def test_a_setting_change_invalidates_every_page(self):
        self.client.get("/pricing/")
        footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
        footer.tagline = "Edited tagline."
        with self.captureOnCommitCallbacks(execute=True):
            footer.save()
        self.assertContains(self.client.get("/pricing/"), "Edited tagline.")

    def test_renaming_an_author_shows_on_their_articles_at_once(self):
        author = Author.objects.filter(article_links__isnull=False).first()
        article = author.article_links.first().page
        self.assertContains(self.client.get(article.url), author.name)
        author.name = "Renamed Writer"
        with self.captureOnCommitCallbacks(execute=True):
            author.save()
        self.assertContains(self.client.get(article.url), "Renamed Writer")

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

    def test_unknown_paths_are_not_stored(self):
        self.client.get("/missing/")
        self.assertNotIn("X-Page-Cache", self.client.get("/missing/"))

    def test_site_keeps_serving_when_the_store_is_down(self):
        broken = mock.MagicMock()
        broken.get.side_effect = ConnectionError("store down")
        broken.add.side_effect = ConnectionError("store down")
        broken.set.side_effect = ConnectionError("store down")
        with mock.patch.object(pagecache, "store", return_value=broken):
            response = self.client.get("/about/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "About Agency Script")
        self.assertIn("s-maxage=600", response["Cache-Control"])

    def test_a_cached_page_is_served_stale_when_rendering_fails(self):
        fresh = self.client.get("/about/")
        later = pagecache.time.time() + 3600
        client = Client(raise_request_exception=False)
        with (
            mock.patch.object(pagecache.time, "time", return_value=later),
            mock.patch("agencyscript.views.wagtail_views.serve", side_effect=OperationalError("database down")),
        ):
            stale = client.get("/about/")
            never_cached = client.get("/pricing/")
        self.assertEqual(stale.status_code, 200)
        self.assertEqual(stale["X-Page-Cache"], "STALE")
        self.assertEqual(stale.content, fresh.content)
        self.assertEqual(never_cached.status_code, 503)  # the database is out of reach: try again later


@override_settings(
    PAGE_CACHE_ENABLED=True,
    CACHES={
        "default": {
            "BACKEND": "agencyscript.cache_backends.FailSafeRedisCache",
            # Nothing listens on port 9: every call fails at once.
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    },
)
class RedisDownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site()

    def tearDown(self):
        caches["default"].down_until = 0.0

    def test_every_kind_of_page_keeps_serving_without_redis(self):
        for path in ["/", "/about/", "/blog/", "/blog/search/?q=agency", "/account/sign-in/", "/sitemap.xml"]:
            response = self.client.get(path)
            self.assertEqual(response.status_code, 200, path)


@override_settings(
    PAGE_CACHE_ENABLED=True,
    CACHES={
        "default": {
            "BACKEND": "agencyscript.cache_backends.SharedFileCache",
            # A directory inside a regular file cannot be made, not even by root.
            "LOCATION": str(Path(__file__) / "cache"),
        }
    },
)
class FileStoreDownTests(TestCase):
    """Without Redis: the workers' shared directory cannot be used (a full disk, a wrong permission)."""

    @classmethod
    def setUpTestData(cls):
        load_demo_site()

    def test_every_kind_of_page_keeps_serving_uncached(self):
        for path in ["/", "/about/", "/blog/", "/blog/search/?q=agency", "/account/sign-in/", "/sitemap.xml"]:
            response = self.client.get(path)
            self.assertEqual(response.status_code, 200, path)
            self.assertNotEqual(response.get("X-Page-Cache"), "HIT", path)


@override_settings(PAGE_CACHE_ENABLED=True)
class PublishRaceTests(TransactionTestCase):
    """A request rendering while a publish is in flight cannot store the old page under the new version."""

    # Other TransactionTestCases empty every table; this restores what migrations created.
    serialized_rollback = True

    def setUp(self):
        load_demo_site(articles=False)
        caches["default"].clear()

    def test_a_render_during_a_publish_is_not_stored_under_the_new_version(self):
        page = StandardPage.objects.get(slug="about")
        seen = {}

        def read_while_publishing():
            # Another connection: it sees the committed (old) page, renders it and stores it.
            seen["response"] = Client().get("/about/")
            connection.close()

        with transaction.atomic():
            page.title = "About us, renamed"
            page.save_revision().publish()
            reader = threading.Thread(target=read_while_publishing)
            reader.start()
            reader.join()
        self.assertEqual(seen["response"]["X-Page-Cache"], "MISS")
        self.assertNotContains(seen["response"], "About us, renamed")
        after = self.client.get("/about/")
        self.assertEqual(after["X-Page-Cache"], "MISS")
        self.assertContains(after, "About us, renamed")


@override_settings(PAGE_CACHE_ENABLED=True)
class PublishWithoutTransactionRaceTests(TransactionTestCase):
    """Wagtail's admin publishes and unpublishes outside a transaction: a request rendering while
    what is derived from the change is still being computed must not be stored as the new state."""

    serialized_rollback = True

    def setUp(self):
        load_demo_site(articles=False)
        caches["default"].clear()

    def test_a_render_before_the_links_are_resolved_is_not_stored_under_the_new_version(self):
        seen = {}
        resolve = site_links.refresh

        def render_first_then_resolve():
            # Another visitor renders the home page just before the links are resolved again.
            def read():
                seen["response"] = Client().get("/")
                connection.close()

            reader = threading.Thread(target=read)
            reader.start()
            reader.join()
            resolve()

        courses = StandardPage.objects.get(slug="courses")
        courses.slug = "preparation-courses"
        revision = courses.save_revision()
        with mock.patch.object(site_links, "refresh", render_first_then_resolve):
            revision.publish()
        self.assertIn('href="/courses/"', seen["response"].content.decode())
        after = self.client.get("/")
        self.assertContains(after, 'href="/preparation-courses/"')
        self.assertNotContains(after, 'href="/courses/"')


@override_settings(PAGE_CACHE_ENABLED=True)
class UnpublishWithoutTransactionRaceTests(TransactionTestCase):
    """Wagtail's admin unpublishes outside a transaction. A visitor rendering an article while the
    sidebar's counts are being recomputed must not leave the old counts cached as the new state."""

    serialized_rollback = True

    def test_a_render_before_the_counts_are_refreshed_is_not_stored_under_the_new_version(self):
        _, index = build_site()
        caches["default"].clear()
        audits = CategoryFactory(name="Audits")
        withdrawn = ArticlePageFactory(parent=index, title="Withdrawn Soon", category=audits)
        reader_article = ArticlePageFactory(parent=index, title="Still Here", category=audits)
        count = '<span class="category-list__count">({}<span class="visually-hidden"> article{}</span>)</span>'
        self.assertContains(self.client.get(reader_article.url), count.format(2, "s"), html=False)
        seen = {}
        refresh_counts = counts.refresh_counts

        def render_first_then_count():
            def read():
                seen["response"] = Client().get(reader_article.url)
                connection.close()

            reader = threading.Thread(target=read)
            reader.start()
            reader.join()
            refresh_counts()

        with mock.patch.object(counts, "refresh_counts", render_first_then_count):
            ArticlePage.objects.get(pk=withdrawn.pk).unpublish()
        self.assertContains(seen["response"], count.format(2, "s"))
        self.assertContains(self.client.get(reader_article.url), count.format(1, ""))
