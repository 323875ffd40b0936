"""generate_scale_content: a valid tree, readable articles, idempotent."""

import re
from io import StringIO
from unittest import mock

from bs4 import BeautifulSoup
from django.core.management import call_command
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import SimpleTestCase, TestCase
from wagtail.models import Page

from blog import counts, duplicates, selectors, views
from blog.models import ArticlePage
from tests.helpers import load_demo_site


class GenerateScaleContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site(articles=False)
        cls.before = ArticlePage.objects.count()
        call_command("generate_scale_content", articles=cls.before + 40, batch_size=15, stdout=StringIO())

    def test_tops_the_archive_up_and_is_idempotent(self):
        self.assertEqual(ArticlePage.objects.count(), self.before + 40)
        out = StringIO()
        call_command("generate_scale_content", articles=self.before + 40, stdout=out)
        self.assertIn("nothing to add", out.getvalue())
        self.assertEqual(ArticlePage.objects.count(), self.before + 40)

    def test_the_page_tree_is_valid(self):
        problems = Page.find_problems()
        self.assertEqual([list(group) for group in problems], [[], [], [], [], []])
        index = Page.objects.get(slug="blog")
        self.assertEqual(index.numchild, index.get_children().count())

    def test_generated_articles_render_with_body_tags_and_authors(self):
        article = ArticlePage.objects.filter(slug__startswith="archive-").order_by("-pk").first()
        response = self.client.get(article.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, article.title)
        self.assertGreater(article.word_count, 100)
        self.assertTrue(article.tags.exists())
        self.assertTrue(article.article_authors.exists())
        self.assertIsNotNone(article.category)

    def test_generated_articles_declare_provenance(self):
        article = ArticlePage.objects.filter(slug__startswith="archive-").order_by("-pk").first()
        label = article.get_provenance_display()
        self.assertIn(label, ["Human-written", "AI-assisted"])
        self.assertContains(self.client.get(article.url), f'<span class="provenance__label">{label}</span>')

    def test_generated_articles_are_found_as_duplicates(self):
        # They bypass publishing, so the command stores their fingerprints itself.
        generated = ArticlePage.objects.filter(slug__startswith="archive-")
        self.assertEqual(generated.filter(fingerprint__isnull=True).count(), 0)
        article = generated.order_by("pk").first()
        copy = ArticlePage(title=article.title, body=article.body)
        match = next(match for match in duplicates.find(copy) if match.article_id == article.pk)
        self.assertEqual((match.same_title, match.same_body, match.similarity), (True, True, 1.0))
        near = ArticlePage(title="Another title", body=article.body)
        self.assertIn(article.pk, [match.article_id for match in duplicates.find(near)])

    def test_listings_paginate_deep_into_the_archive(self):
        response = self.client.get("/blog/?page=4")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<span aria-current="page">4</span>', html=True)

    def test_generated_articles_are_searchable(self):
        article = ArticlePage.objects.filter(slug__startswith="archive-").order_by("pk").first()
        word = article.title.split()[-1]
        page = BeautifulSoup(self.client.get("/blog/search/", {"q": word}).content, "html.parser")
        summary = page.select_one(".search-summary").get_text()
        self.assertRegex(summary, rf"\d+ results? for “{re.escape(word)}”|best matches")
        titles = [a.get_text(strip=True) for a in page.select(".article-cards .card__title a")]
        self.assertTrue(titles)
        self.assertTrue(any(word.casefold() in title.casefold() for title in titles), titles)

    def test_anchored_pages_match_offset_pages(self):
        everything = list(selectors.listing().values_list("pk", flat=True))
        size = selectors.LISTING_PAGE_SIZE
        for number in (2, 3, (len(everything) - 1) // size + 1):  # the last page
            anchored = [article.pk for article in selectors.listing_page(number)]
            self.assertEqual(anchored, everything[(number - 1) * size : number * size], number)
            response = self.client.get(f"/blog/?page={number}")
            self.assertEqual([a.pk for a in response.context["articles"]], anchored)

    def test_anchors_follow_publishing(self):
        first_of_page_two = selectors.listing_page(2)[0]
        newest = selectors.listing().first()
        newest.unpublish()
        self.assertNotEqual(selectors.listing_page(2)[0].pk, first_of_page_two.pk)


class PaginationLinksTests(SimpleTestCase):
    """A large archive links its first, last and nearby pages only, as listings and search render them."""

    def render(self, number, pages=20):
        page_obj = Paginator(range(pages * selectors.LISTING_PAGE_SIZE), selectors.LISTING_PAGE_SIZE).page(number)
        context = {"page_obj": page_obj, "page_numbers": views.page_numbers(page_obj), "listing_url": "/blog/"}
        return render_to_string("components/blog/pagination.html", context)

    def test_pagination_links_first_last_and_nearby_pages_only(self):
        html = self.render(10)
        self.assertIn('aria-current="page">10<', html)
        self.assertIn("?page=8", html)
        self.assertIn("?page=12", html)
        self.assertNotIn('?page=5"', html)
        self.assertIn('?page=20"', html)
        self.assertIn('href="/blog/"', html)
        self.assertIn("…", html)


class RecountingTests(TestCase):
    """Counts and anchors are rebuilt when readers would see a change, not on every draft save."""

    @classmethod
    def setUpTestData(cls):
        load_demo_site()

    def test_saving_a_draft_does_not_recount(self):
        article = ArticlePage.objects.live().first()
        article.title = "A draft title nobody sees yet"
        with mock.patch.object(counts, "refresh_counts") as refresh:
            article.save_revision()
        refresh.assert_not_called()

    def test_publishing_unpublishing_and_deleting_recount(self):
        total = selectors.total_articles()
        article = ArticlePage.objects.live().first()
        article.unpublish()
        self.assertEqual(selectors.total_articles(), total - 1)
        article.save_revision().publish()
        self.assertEqual(selectors.total_articles(), total)
        article.delete()
        self.assertEqual(selectors.total_articles(), total - 1)

    def test_moving_an_article_recounts(self):
        article = ArticlePage.objects.live().first()
        with mock.patch.object(counts, "refresh_counts") as refresh:
            article.move(article.get_parent(), pos="first-child")
        refresh.assert_called()
