"""Query budgets: each blog page costs the same number of queries with three times the content."""

from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from blog.factories import ArticlePageFactory, AuthorFactory, CategoryFactory, sample_body
from blog.models import ArticleRelatedPick
from tests.blog.utils import build_site

BUDGET = 12


def build_content(index, scale):
    """Articles, tags, FAQ items and related picks, all multiplied by ``scale``."""
    categories = [CategoryFactory(name=name) for name in ("Governance", "Delivery", "Sales", "Operations", "General")]
    authors = [AuthorFactory(name=f"Writer {n}") for n in range(3)]
    tags = [f"topic-{n}" for n in range(5 * scale)]
    articles = []
    for n in range(8 * scale):
        articles.append(
            ArticlePageFactory(
                parent=index,
                title=f"Governed delivery lesson {n}",
                category=categories[n % 5],
                authors=[authors[n % 3], authors[(n + 1) % 3]],
                tags=tags[n % len(tags) : n % len(tags) + 2 * scale],
                body=sample_body(faq_items=2 * scale, takeaways=3 * scale, sections=3),
            )
        )
    main = articles[0]
    main.tags.add(*tags)
    main.related_picks = [
        ArticleRelatedPick(article=target, sort_order=order) for order, target in enumerate(articles[1 : 1 + scale])
    ]
    main.save_revision().publish()
    main.refresh_from_db()
    return main


class QueryCountMixin:
    scale = 1

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()
        cls.article = build_content(cls.index, cls.scale)

    def assertPageQueries(self, url, expected):
        self.client.get(url)  # fill the caches (site root paths, cached blog data)
        with self.assertNumQueries(expected):
            self.assertEqual(self.client.get(url).status_code, 200)
        self.assertLessEqual(expected, BUDGET)

    def test_article_page(self):
        self.assertPageQueries(self.article.url, ARTICLE_QUERIES)

    def test_blog_index(self):
        self.assertPageQueries("/blog/", LISTING_QUERIES)

    def test_category_page(self):
        self.assertPageQueries("/blog/category/governance/", CATEGORY_QUERIES)

    def test_tag_page(self):
        self.assertPageQueries("/blog/tag/topic-0/", TAG_QUERIES)

    def test_search_page(self):
        self.assertPageQueries("/blog/search/?q=governed", SEARCH_QUERIES)

    def test_article_page_with_cold_cache(self):
        """Even before anything is cached the count stays the same as content grows."""
        self.client.get(self.article.url)
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            self.assertEqual(self.client.get(self.article.url).status_code, 200)
        self.assertEqual(len(context.captured_queries), ARTICLE_COLD_QUERIES)


# A repeat visit to an article loads just the article: its route is remembered
# (agencyscript.routing) and its rendered content is cached per revision. Listings
# are routed by Wagtail (site, home, blog index) and read their articles afresh.
ARTICLE_QUERIES = 1
LISTING_QUERIES = 7
CATEGORY_QUERIES = 8
TAG_QUERIES = 8
SEARCH_QUERIES = 8
# With every cache cleared: routing, view restrictions, settings, the article's
# extras (authors, tags, related articles, sidebar) and the hero image.
ARTICLE_COLD_QUERIES = 26


class RealisticContentQueryTests(QueryCountMixin, TestCase):
    scale = 1


class TripleContentQueryTests(QueryCountMixin, TestCase):
    scale = 3
