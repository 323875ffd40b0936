"""Query budgets for site pages rendered cold (every cache empty): constant as content grows."""

from django.db import connection
from django.test import TestCase
from wagtail.models import Site

from agencyscript.demo import stream
from agencyscript.models import HomePage, StandardPage
from agencyscript.site_settings import FooterSettings, NavigationSettings
from blog.models import ArticlePage
from tests.helpers import ColdQueriesMixin, load_demo_site

# Site and its root paths, routing (home, one query for the path, the page's type), the
# header and footer settings with their links already resolved (one query), then the
# page's own content. The article has one rich-text block linking to another article.
HOME_QUERIES = 10
STANDARD_QUERIES = 6
ARTICLE_QUERIES = 11
# An article with a hero image also reads the image's renditions: the budget of 12.
ARTICLE_WITH_HERO_QUERIES = 12
# The four tiers with their prerequisites in one query.
CERTIFICATION_QUERIES = 8


def multiplied(stream_value, factor):
    return stream([(block["type"], block["value"]) for block in stream_value.raw_data] * factor)


def grow_content(factor):
    """Multiply navigation and footer links and page blocks by ``factor``."""
    site = Site.objects.get(is_default_site=True)
    navigation = NavigationSettings.for_site(site)
    navigation.links = multiplied(navigation.links, factor)
    navigation.save()
    footer = FooterSettings.for_site(site)
    footer.link_groups = multiplied(footer.link_groups, factor)
    footer.legal_links = multiplied(footer.legal_links, factor)
    footer.save()
    for page in StandardPage.objects.all():
        page.body = multiplied(page.body, factor)
        page.save_revision().publish()


class ColdQueryBudgetTests(ColdQueriesMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site()
        cls.article = ArticlePage.objects.live().filter(hero_image__isnull=True).first()
        cls.article_with_hero = ArticlePage.objects.live().filter(hero_image__isnull=False).first()

    def test_pages_cost_the_same_when_content_triples(self):
        for _ in range(2):
            self.assertColdQueries("/", HOME_QUERIES)
            self.assertColdQueries("/pricing/", STANDARD_QUERIES)
            self.assertColdQueries(self.article.url, ARTICLE_QUERIES)
            self.assertColdQueries(self.article_with_hero.url, ARTICLE_WITH_HERO_QUERIES)
            self.assertColdQueries("/certification/", CERTIFICATION_QUERIES)
            grow_content(3)
        self.assertEqual(HomePage.objects.count(), 1)


class RoutingIndexTests(TestCase):
    def test_the_route_query_finds_pages_by_url_path_through_an_index(self):
        # HomePage.route reads a URL's pages by url_path; without an index that scans every page.
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, "wagtailcore_page")
        self.assertIn(["url_path"], [found["columns"] for found in constraints.values() if found["index"]])
