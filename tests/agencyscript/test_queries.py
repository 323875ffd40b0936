"""Query budgets for site pages: constant as content grows."""

from django.test import TestCase
from wagtail.models import Site

from agencyscript.demo import stream
from agencyscript.models import FooterSettings, HomePage, NavigationSettings, StandardPage
from tests.helpers import load_demo_site

HOME_BUDGET = 16
STANDARD_BUDGET = 12


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
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.client.get(path)  # warm per-process caches (site root paths)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(path)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_home_and_standard_pages_stay_within_budget_when_content_triples(self):
        home, standard = self.count("/"), self.count("/pricing/")
        self.assertLessEqual(home, HOME_BUDGET)
        self.assertLessEqual(standard, STANDARD_BUDGET)
        grow_content(3)
        with self.assertNumQueries(home):
            self.client.get("/")
        with self.assertNumQueries(standard):
            self.client.get("/pricing/")
        self.assertEqual(HomePage.objects.count(), 1)
