"""Related articles: editor picks first, then shared rare tags, same category, recency."""

import datetime

from django.test import SimpleTestCase, TestCase
from wagtail.models import PageViewRestriction

from blog.factories import ArticlePageFactory, CategoryFactory
from blog.selectors import rank_related, related_articles
from tests.blog.utils import build_site

D = datetime.date


class RankRelatedTests(SimpleTestCase):
    def test_rare_shared_tags_beat_common_ones(self):
        candidates = {2: (None, D(2024, 1, 1)), 3: (None, D(2024, 1, 1))}
        tags = {2: {10}, 3: {20}}
        # Tag 10 is on every article; tag 20 only on the article and candidate 3.
        tags_everywhere = {**tags, 4: {10}, 5: {10}}
        candidates.update({4: (None, D(2020, 1, 1)), 5: (None, D(2020, 1, 1))})
        order = rank_related(1, None, {10, 20}, candidates, tags_everywhere, total=5)
        self.assertEqual(order[0], 3)

    def test_same_category_counts_and_recency_breaks_ties(self):
        candidates = {2: (7, D(2023, 1, 1)), 3: (8, D(2025, 1, 1)), 4: (8, D(2024, 1, 1))}
        order = rank_related(1, 8, set(), candidates, {}, total=4)
        self.assertEqual(order, [3, 4, 2])

    def test_never_the_article_itself(self):
        order = rank_related(1, None, set(), {1: (None, D(2024, 1, 1)), 2: (None, D(2024, 1, 1))}, {}, total=2)
        self.assertEqual(order, [2])


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

    def titles(self, page):
        return [article.title for article in related_articles(page)]

    def test_automatic_ranking(self):
        titles = self.titles(self.article)
        self.assertEqual(len(titles), 3)
        self.assertEqual(titles[0], "Shares rare")
        self.assertNotIn("Main", titles)
        self.assertNotIn("Draft", titles)
        self.assertNotIn("Private", titles)
        self.assertNotIn("Unrelated", titles)

    def test_editor_picks_come_first_and_skip_unpublishable(self):
        from blog.models import ArticleRelatedPick

        page = self.article
        page.related_picks = [
            ArticleRelatedPick(article=self.newest_unrelated, sort_order=0),
            ArticleRelatedPick(article=self.draft, sort_order=1),
            ArticleRelatedPick(article=self.private, sort_order=2),
        ]
        page.save()
        titles = self.titles(page)
        self.assertEqual(titles[0], "Unrelated")
        self.assertEqual(titles[1], "Shares rare")
        self.assertEqual(len(titles), 3)
        self.assertNotIn("Draft", titles)
        self.assertNotIn("Private", titles)
