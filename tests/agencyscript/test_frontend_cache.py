"""A CDN in front is purged of every page that shows a published page."""

from unittest import mock

from django.test import TestCase, override_settings

from agencyscript.frontend_cache import frontend_cache_settings, urls_showing
from blog.models import ArticlePage
from tests.helpers import load_demo_site

HTTP_PURGER = {
    "http": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": "http://127.0.0.1:6081"}
}


class FrontendCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site()

    def test_backends_come_from_the_environment(self):
        self.assertEqual(frontend_cache_settings({}), {})
        backends = frontend_cache_settings({"CLOUDFLARE_API_TOKEN": "t", "CLOUDFLARE_ZONE_ID": "z"})
        self.assertEqual(backends["cloudflare"]["ZONEID"], "z")
        backends = frontend_cache_settings({"FRONTEND_CACHE_PURGE_URL": "http://127.0.0.1:6081"})
        self.assertEqual(backends["http"]["LOCATION"], "http://127.0.0.1:6081")

    def test_an_article_names_the_listings_and_feeds_that_show_it(self):
        article = ArticlePage.objects.live().filter(category__isnull=False).first()
        urls = urls_showing(article)
        base = "http://testserver"
        self.assertIn(f"{base}/", urls)
        self.assertIn(f"{base}/sitemap.xml", urls)
        self.assertIn(f"{base}/sitemap-articles.xml", urls)
        self.assertIn(f"{base}/sitemap-pages.xml", urls)
        self.assertIn(f"{base}/blog/", urls)
        self.assertIn(f"{base}/blog/feed/rss/", urls)
        self.assertIn(f"{base}/blog/category/{article.category.slug}/", urls)
        for tag in article.tags.all():
            self.assertIn(f"{base}/blog/tag/{tag.slug}/", urls)

    @override_settings(WAGTAILFRONTENDCACHE=HTTP_PURGER)
    def test_publishing_purges_the_page_and_the_pages_showing_it(self):
        article = ArticlePage.objects.live().first()
        with (
            mock.patch("wagtail.contrib.frontend_cache.backends.HTTPBackend.purge_batch") as purge,
            self.captureOnCommitCallbacks(execute=True),
        ):
            article.save_revision().publish()
        purged = {url for call in purge.call_args_list for url in call.args[0]}
        self.assertIn(article.get_full_url(), purged)
        self.assertIn("http://testserver/blog/", purged)
        self.assertIn("http://testserver/", purged)

    @override_settings(
        PAGE_CACHE_ENABLED=False,
        WAGTAILFRONTENDCACHE=HTTP_PURGER,
    )
    def test_the_cdn_is_purged_after_the_commit_whether_or_not_the_local_cache_is_on(self):
        article = ArticlePage.objects.live().first()
        with (
            mock.patch("wagtail.contrib.frontend_cache.backends.HTTPBackend.purge_batch") as purge,
            self.captureOnCommitCallbacks(execute=True),
        ):
            article.save_revision().publish()
            purged_before_commit = {url for call in purge.call_args_list for url in call.args[0]}
        purged = {url for call in purge.call_args_list for url in call.args[0]}
        self.assertNotIn("http://testserver/blog/", purged_before_commit)
        self.assertIn("http://testserver/blog/", purged)
