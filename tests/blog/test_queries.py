"""Query budgets: each blog page costs the same number of queries with three times the content."""

from django.test import TestCase
from wagtail_factories import ImageFactory

from blog.factories import ArticlePageFactory, AuthorFactory, CategoryFactory, paragraph, sample_body
from blog.models import ArticleRelatedPick
from tests.blog.utils import build_site
from tests.helpers import ColdQueriesMixin


def build_content(index, scale):
    """Articles, tags, FAQ items and related picks, all multiplied by ``scale``."""
    categories = [CategoryFactory(name=name) for name in ("Governance", "Delivery", "Sales", "Operations", "General")]
    authors = [AuthorFactory(name=f"Writer {n}", photo=ImageFactory()) for n in range(3)]
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
                body=sample_body(faq_items=2 * scale, takeaways=3 * scale, sections=3, seed=n),
            )
        )
    main = articles[0]
    main.tags.add(*tags)
    # Paragraphs that link to other articles: their pages are loaded at once, however many.
    main.body = list(main.body.raw_data) + [
        paragraph(f'<p>See <a linktype="page" id="{target.pk}">{target.title}</a>.</p>')
        for target in articles[1 : 1 + 2 * scale]
    ]
    # A hero, a social image and the bylines' photos: their renditions are one query.
    main.hero_image, main.hero_image_alt, main.social_image = ImageFactory(), "A review board at work", ImageFactory()
    main.related_picks = [
        ArticleRelatedPick(article=target, sort_order=order) for order, target in enumerate(articles[1 : 1 + scale])
    ]
    main.save_revision().publish()
    main.refresh_from_db()
    return main


class QueryCountMixin(ColdQueriesMixin):
    """Cold renders: every cache empty (the first reader after a publish), database warm."""

    scale = 1

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()
        cls.article = build_content(cls.index, cls.scale)

    def test_article_page(self):
        self.assertColdQueries(self.article.url, ARTICLE_QUERIES)

    def test_blog_index(self):
        self.assertColdQueries("/blog/", LISTING_QUERIES)

    def test_category_page(self):
        self.assertColdQueries("/blog/category/governance/", LISTING_QUERIES)

    def test_tag_page(self):
        self.assertColdQueries("/blog/tag/topic-0/", LISTING_QUERIES)

    def test_search_page(self):
        self.assertColdQueries("/blog/search/?q=governed", SEARCH_QUERIES)


# Site and its root paths, routing (home, one query for the path with the page's parent,
# the page with its category and images), the header and footer settings with their
# links already resolved (one query), then what the article shows: authors (its own and
# the related articles'), the renditions of its hero, social image and bylines' photos
# (one query), tags, related articles (stored), the sidebar, and the pages its rich
# text links to (one query for all of them).
ARTICLE_QUERIES = 12
# Listings: the count (stored; a category or tag page reads it with the category or
# tag), the page of articles and their authors, the sidebar.
LISTING_QUERIES = 10
SEARCH_QUERIES = 11


class RealisticContentQueryTests(QueryCountMixin, TestCase):
    scale = 1


class TripleContentQueryTests(QueryCountMixin, TestCase):
    scale = 3
