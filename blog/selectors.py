"""Read queries for the blog."""

from django.db.models import Exists, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, Length, Substr
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from blog.models import ArticleCount, ArticlePage, ArticlePageAuthor, Category, ListingAnchor

# Matches the "article_newest" index, so listings walk the index instead of sorting.
ORDERING = ["-display_date", "-pk"]
LISTING_PAGE_SIZE = 10
POPULAR_TAG_LIMIT = 15


def published_articles():
    """Live articles any visitor may read (no drafts, no private pages).

    Like ``.public()``, but as a subquery: no extra query to list the restrictions.
    """
    restricted = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return ArticlePage.objects.live().filter(~Exists(restricted))


# What an article card shows (``components/article_cards.html``), its URL included.
CARD_FIELDS = ("title", "url_path", "summary", "display_date", "first_published_at", "read_time", "category")


def with_card_data(queryset):
    """What an article card shows: category, authors; the body is not loaded."""
    return (
        queryset.select_related("category")
        .prefetch_related(
            Prefetch(
                "article_authors", queryset=ArticlePageAuthor.objects.select_related("author").order_by("sort_order")
            )
        )
        .defer_streamfields()
    )


def authors_by_article(article_ids):
    """{article id: [authors in byline order]} for these articles, in one query."""
    links = ArticlePageAuthor.objects.filter(page_id__in=article_ids).select_related("author", "author__photo")
    authors = {article_id: [] for article_id in article_ids}
    for link in links.order_by("page_id", "sort_order"):
        authors[link.page_id].append(link.author)
    return authors


def latest_articles(limit=3):
    """The newest live articles, ready for article cards."""
    return with_card_data(published_articles().order_by(*ORDERING))[:limit]


def listing(category=None, tag=None):
    queryset = published_articles()
    if category is not None:
        queryset = queryset.filter(category=category)
    if tag is not None:
        queryset = queryset.filter(tagged_items__tag=tag)
    return with_card_data(queryset.order_by(*ORDERING))


def categories_with_counts():
    """Categories that have live articles, with their (denormalised) counts."""
    counted = ArticleCount.objects.filter(kind=ArticleCount.CATEGORY, key=OuterRef("pk"))
    return (
        Category.objects.annotate(
            article_count=Subquery(counted.values("count")[:1]),
            article_latest=Subquery(counted.values("latest")[:1]),
        )
        .filter(article_count__gt=0)
        .order_by("name")
    )


def popular_tags(limit=POPULAR_TAG_LIMIT):
    """The tags most used across live articles, with their (denormalised) counts."""
    top = list(
        ArticleCount.objects.filter(kind=ArticleCount.TAG, count__gt=0)
        .order_by("-count", "key")
        .values_list("key", "count")[: limit * 2]
    )
    by_id = dict(top)
    tags = Tag.objects.filter(pk__in=by_id).order_by()
    for tag in tags:
        tag.article_count = by_id[tag.pk]
    return sorted(tags, key=lambda tag: (-tag.article_count, tag.name))[:limit]


def listing_page(number):
    """Page ``number`` of the unfiltered listing, read from its anchor (None if unknown)."""
    anchor = ListingAnchor.objects.filter(number=number).values_list("display_date", "article_id").first()
    if anchor is None:
        return None
    return from_anchor(listing(), anchor)[:LISTING_PAGE_SIZE]


def from_anchor(articles, anchor):
    """``articles`` (newest first) from the one at ``anchor`` = (display date, id) on."""
    # A row comparison walks the (display_date DESC, page_ptr DESC) index from the anchor.
    return articles.extra(  # noqa: S610 - fixed SQL, values passed as parameters
        where=['("blog_articlepage"."display_date", "blog_articlepage"."page_ptr_id") <= (%s, %s)'],
        params=list(anchor),
    )


def sidebar():
    """Categories with articles and the most used tags, with their counts: one query."""
    rows = list(
        ArticleCount.objects.filter(kind__in=[ArticleCount.CATEGORY, ArticleCount.TAG], count__gt=0)
        .order_by("-count", "name")
        .values("kind", "name", "slug", pk=F("key"), article_count=F("count"))
    )
    categories = [row for row in rows if row["kind"] == ArticleCount.CATEGORY]
    tags = [row for row in rows if row["kind"] == ArticleCount.TAG][:POPULAR_TAG_LIMIT]
    return {
        "sidebar_categories": sorted(categories, key=lambda row: row["name"].casefold()),
        "popular_tags": tags,
    }


def with_article_count(queryset, kind):
    """Categories or tags (``kind``), each with its stored number of live articles."""
    counted = ArticleCount.objects.filter(kind=kind, key=OuterRef("pk")).values("count")[:1]
    return queryset.annotate(article_count=Coalesce(Subquery(counted), 0))


def category_by_slug(slug):
    return with_article_count(Category.objects.all(), ArticleCount.CATEGORY).filter(slug=slug).first()


def tag_by_slug(slug):
    return with_article_count(Tag.objects.all(), ArticleCount.TAG).filter(slug=slug).first()


def listing_count(category=None, tag=None):
    """How many articles a listing has, without counting them on every read."""
    if category is not None:
        return category.article_count
    if tag is not None:
        return tag.article_count
    return total_articles()


def total_articles():
    return ArticleCount.objects.filter(kind=ArticleCount.ALL).values_list("count", flat=True).first() or 0


def article_totals():
    """(How many live articles there are, when the newest was last published)."""
    return ArticleCount.objects.filter(kind=ArticleCount.ALL).values_list("count", "latest").first() or (0, None)


def articles_in_order(ids):
    """Card-ready articles for ``ids``, in that order."""
    articles = {article.pk: article for article in with_card_data(ArticlePage.objects.filter(pk__in=ids))}
    return [articles[pk] for pk in ids if pk in articles]
