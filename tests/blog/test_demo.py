"""The demo content: loaded through the importer, complete, and safe to load twice."""

import io
import re

from django.core.management import call_command
from django.test import TestCase
from taggit.models import Tag

from blog.models import ArticlePage, Author, Category


class DemoContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_initial_data", stdout=io.StringIO())

    def test_enough_original_articles_across_categories_authors_and_tags(self):
        articles = ArticlePage.objects.live()
        self.assertGreaterEqual(articles.count(), 12)
        self.assertEqual(
            set(articles.values_list("category__name", flat=True)),
            {"Operations", "Sales", "Delivery", "Governance", "General"},
        )
        self.assertGreaterEqual(Author.objects.filter(article_links__isnull=False).distinct().count(), 3)
        self.assertGreaterEqual(Tag.objects.filter(blog_blogpagetag_items__isnull=False).distinct().count(), 15)
        self.assertEqual(Category.objects.count(), 5)
        kinds = {block.block_type for article in articles for block in article.body}
        self.assertLessEqual({"faq", "key_takeaways", "heading", "subheading", "paragraph"}, kinds)
        linked = [a for a in articles if re.search(r'linktype="page"', str(a.body.raw_data))]
        self.assertGreaterEqual(len(linked), 6)
        for article in articles:
            self.assertNotIn("lorem", str(article.body.raw_data).lower())

    def test_near_miss_case_study_structure(self):
        article = ArticlePage.objects.get(slug="near-miss-support-assistant-refund-promise")
        headings = [str(block.value) for block in article.body if block.block_type == "heading"]
        self.assertEqual(
            headings, ["Situation", "Decision", "Execution", "Intervention", "Outcome", "Lessons", "Costs"]
        )
        kinds = [block.block_type for block in article.body]
        self.assertGreaterEqual(kinds.count("subheading"), 6)
        self.assertEqual(kinds[-2:], ["faq", "key_takeaways"])
        self.assertIsNotNone(article.hero_image)
        self.assertTrue(article.hero_image_alt)
        self.assertEqual(article.related_picks.count(), 2)
        response = self.client.get(article.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "On This Page")

    def test_loading_again_creates_nothing(self):
        before = (ArticlePage.objects.count(), Author.objects.count(), Category.objects.count(), Tag.objects.count())
        out = io.StringIO()
        call_command("load_initial_data", stdout=out)
        after = (ArticlePage.objects.count(), Author.objects.count(), Category.objects.count(), Tag.objects.count())
        self.assertEqual(before, after)
        self.assertNotIn("Created the article", out.getvalue())

    def test_home_page_shows_the_latest_articles(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        newest = ArticlePage.objects.live().order_by("-display_date").first()
        self.assertContains(response, newest.title)
        self.assertContains(response, "min read")
