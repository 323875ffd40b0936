"""Query budgets for site pages: constant as content grows."""

from django.test import TestCase
from wagtail.models import Site

from agencyscript.demo import stream
from agencyscript.models import FooterSettings, HomePage, NavigationSettings, StandardPage
from tests.helpers import count_queries, load_demo_site

# Uncached by the page cache; header and footer come from the fragment cache after the first view.
HOME_BUDGET = 10
STANDARD_BUDGET = 6


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


class QueryBudgetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site()

    def count(self, path):
        self.client.get(path)  # warm the header/footer fragment cache
        queries, response = count_queries(self.client.get, path)
        self.assertEqual(response.status_code, 200)
        return queries

    def test_home_and_standard_pages_stay_within_budget_when_content_triples(self):
        home, standard = self.count("/"), self.count("/pricing/")
        self.assertLessEqual(home, HOME_BUDGET)
        self.assertLessEqual(standard, STANDARD_BUDGET)
        grow_content(3)
        self.client.get("/")  # first view after the change re-renders the chrome
        self.client.get("/pricing/")
        with self.assertNumQueries(home):
            self.client.get("/")
        with self.assertNumQueries(standard):
            self.client.get("/pricing/")

    def test_a_cold_chrome_cache_costs_a_constant_number_of_queries(self):
        from django.core.cache import cache

        cache.clear()
        cold, _ = count_queries(self.client.get, "/pricing/")
        grow_content(3)
        cache.clear()
        with self.assertNumQueries(cold):
            self.client.get("/pricing/")
        self.assertEqual(HomePage.objects.count(), 1)
