"""Related articles: editor picks first, then shared rare tags, same category, recency.

Ranked when articles are published and stored; what readers see is read back from
the stored list, and never includes an article that is no longer public.
"""

import datetime

from django.test import TestCase
from wagtail.models import PageViewRestriction

from blog import related
from blog.factories import ArticlePageFactory, CategoryFactory
from blog.models import ArticlePage, ArticleRelatedPick
from tests.blog.utils import build_site

D = datetime.date


def titles(articles):
    return [article.title for article in articles]


class RankingTests(TestCase):
    """``related.rank``, the ranking the site stores, on small archives built for each rule."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()
        cls.ops = CategoryFactory(name="Operations")
        cls.sales = CategoryFactory(name="Sales")

    def article(self, title, **fields):
        return ArticlePageFactory(parent=self.index, title=title, **{"category": self.sales, **fields})

    def test_rare_shared_tags_beat_common_ones(self):
        main = self.article("Main", tags=["everywhere", "rare"], display_date=D(2024, 1, 1))
        self.article("Shares common", tags=["everywhere"], display_date=D(2024, 1, 1))
        self.article("Shares rare", tags=["rare"], display_date=D(2020, 1, 1))
        for n in range(2):
            self.article(f"Also common {n}", tags=["everywhere"], display_date=D(2020, 1, 1))
        self.assertEqual(titles(related.for_article(main))[0], "Shares rare")

    def test_same_category_counts_and_recency_breaks_ties(self):
        main = self.article("Main", category=self.ops, display_date=D(2024, 6, 1))
        self.article("Other category", category=self.sales, display_date=D(2025, 6, 1))
        self.article("Same, newer", category=self.ops, display_date=D(2025, 1, 1))
        self.article("Same, older", category=self.ops, display_date=D(2023, 1, 1))
        self.assertEqual(titles(related.for_article(main)), ["Same, newer", "Same, older", "Other category"])

    def test_never_the_article_itself(self):
        main = self.article("Main")
        self.article("Other")
        self.assertEqual(titles(related.for_article(main)), ["Other"])


class RelatedArticlesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()
        cls.ops = CategoryFactory(name="Operations")
        cls.sales = CategoryFactory(name="Sales")
        cls.article = ArticlePageFactory(parent=cls.index, title="Main", category=cls.ops, tags=["rare", "common"])
        cls.shares_rare = ArticlePageFactory(
            parent=cls.index, title="Shares rare", category=cls.sales, tags=["rare"], display_date=D(2020, 1, 1)
        )
        cls.same_category = ArticlePageFactory(
            parent=cls.index, title="Same category", category=cls.ops, display_date=D(2021, 1, 1)
        )
        cls.common = [
            ArticlePageFactory(parent=cls.index, title=f"Common {n}", category=cls.sales, tags=["common"])
            for n in range(3)
        ]
        cls.newest_unrelated = ArticlePageFactory(parent=cls.index, title="Unrelated", category=cls.sales)
        cls.draft = ArticlePageFactory(parent=cls.index, title="Draft", category=cls.ops, tags=["rare"], publish=False)
        cls.private = ArticlePageFactory(parent=cls.index, title="Private", category=cls.ops, tags=["rare", "common"])
        PageViewRestriction.objects.create(
            page=cls.private, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )

    def shown(self, page):
        return titles(related.for_article(ArticlePage.objects.get(pk=page.pk)))

    def test_automatic_ranking(self):
        shown = self.shown(self.article)
        self.assertEqual(len(shown), 3)
        self.assertEqual(shown[0], "Shares rare")
        self.assertNotIn("Main", shown)
        self.assertNotIn("Draft", shown)
        self.assertNotIn("Private", shown)
        self.assertNotIn("Unrelated", shown)

    def test_editor_picks_come_first_and_skip_unpublishable(self):
        page = self.article
        page.related_picks = [
            ArticleRelatedPick(article=self.newest_unrelated, sort_order=0),
            ArticleRelatedPick(article=self.draft, sort_order=1),
            ArticleRelatedPick(article=self.private, sort_order=2),
        ]
        page.save_revision().publish()
        shown = self.shown(page)
        self.assertEqual(shown[0], "Unrelated")
        self.assertEqual(shown[1], "Shares rare")
        self.assertEqual(len(shown), 3)
        self.assertNotIn("Draft", shown)
        self.assertNotIn("Private", shown)

    def test_a_saved_draft_changes_nothing_readers_see(self):
        before = self.shown(self.article)
        self.article.related_picks = [ArticleRelatedPick(article=self.newest_unrelated, sort_order=0)]
        self.article.save_revision()
        self.assertEqual(self.shown(self.article), before)

    def test_an_unpublished_article_leaves_every_list_at_once(self):
        self.assertIn("Shares rare", self.shown(self.article))
        self.shares_rare.unpublish()
        shown = self.shown(self.article)
        self.assertNotIn("Shares rare", shown)
        self.assertEqual(len(shown), 3)

    def test_an_article_made_private_leaves_every_list(self):
        PageViewRestriction.objects.create(
            page=self.shares_rare, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        shown = self.shown(self.article)
        self.assertNotIn("Shares rare", shown)
        self.assertEqual(len(shown), 3)

    def test_a_deleted_article_leaves_every_list(self):
        self.shares_rare.delete()
        shown = self.shown(self.article)
        self.assertNotIn("Shares rare", shown)
        self.assertEqual(len(shown), 3)

    def test_a_new_article_enters_the_lists_of_the_articles_it_relates_to(self):
        newcomer = ArticlePageFactory(parent=self.index, title="Newcomer", category=self.ops, tags=["rare"])
        self.assertIn("Newcomer", self.shown(self.article))
        self.assertIn("Main", self.shown(newcomer))

    def test_deleting_private_pages_keeps_every_list_public(self):
        self.private.delete()
        self.assertEqual(len(self.shown(self.article)), 3)
        self.index.delete()
        self.assertFalse(ArticlePage.objects.exists())
