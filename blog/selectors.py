"""Read queries for the blog."""

import datetime
import logging

from django.db import DatabaseError, connection
from django.db.models import Exists, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, Length, Substr
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from blog import counts
from blog.models import ArticleCount, ArticlePage, ArticlePageAuthor, Category, ListingAnchor

logger = logging.getLogger(__name__)

# Matches the "article_newest" index, so listings walk the index instead of sorting.
ORDERING = ["-display_date", "-pk"]
LISTING_PAGE_SIZE = 10
POPULAR_TAG_LIMIT = 15
RELATED_LIMIT = 3
_EPOCH = datetime.date(1970, 1, 1)


def published_articles():
    """Live articles any visitor may read (no drafts, no private pages).

    Like ``.public()``, but as a subquery: no extra query to list the restrictions.
    """
    restricted = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return ArticlePage.objects.live().filter(~Exists(restricted))


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
    return counts.total_articles()


def search_article_ids(query, limit=50):
    """Ids of the live, public articles matching ``query`` (title, summary, body, tags), best first."""
    try:
        if connection.vendor == "postgresql":
            hits = _postgres_search(query, limit)
        else:
            hits = [article.pk for article in ArticlePage.objects.live().defer_streamfields().search(query)[:limit]]
    except DatabaseError:
        # A query the backend cannot parse finds nothing rather than failing the page.
        logger.warning("Blog search failed for %r", query, exc_info=True)
        return []
    # The search index holds drafts too: only live, public articles are shown.
    shown = set(published_articles().filter(pk__in=hits).values_list("pk", flat=True))
    return [pk for pk in hits if pk in shown][:limit]


def articles_in_order(ids):
    """Card-ready articles for ``ids``, in that order."""
    articles = {article.pk: article for article in with_card_data(ArticlePage.objects.filter(pk__in=ids))}
    return [articles[pk] for pk in ids if pk in articles]


# How many matches are ranked at most: title matches first, then body matches.
SEARCH_TITLE_CANDIDATES = 200
SEARCH_BODY_CANDIDATES = 300

POSTGRES_SEARCH_SQL = """
WITH q AS (SELECT websearch_to_tsquery(%(query)s) AS query),
title_ids AS (
    SELECT e.object_id FROM wagtailsearch_indexentry e, q
     WHERE e.content_type_id = %(content_type)s AND e.title @@ q.query LIMIT %(title_candidates)s
),
-- Title matches outrank body matches (weighted five times): the body index, whose
-- lists are long for common words, is read only when titles give too few.
body_ids AS (
    SELECT e.object_id FROM wagtailsearch_indexentry e, q
     WHERE (SELECT count(*) FROM title_ids) < %(limit)s
       AND e.content_type_id = %(content_type)s AND e.body @@ q.query LIMIT %(body_candidates)s
),
ids AS (SELECT object_id FROM title_ids UNION SELECT object_id FROM body_ids)
SELECT e.object_id
  FROM wagtailsearch_indexentry e JOIN ids ON ids.object_id = e.object_id, q
 WHERE e.content_type_id = %(content_type)s
 ORDER BY ts_rank(e.title, q.query) * e.title_norm * 5 + ts_rank(e.body, q.query) DESC, e.object_id DESC
 LIMIT %(limit)s
"""


def _postgres_search(query, limit):
    """Full-text search that stays fast on a large archive.

    Wagtail's PostgreSQL backend matches ``title || body``, which its GIN
    indexes cannot serve, and ranks every match; a word found in most of
    50,000 articles then costs most of a second. Here the title index finds a
    bounded set of candidates (the body index too, when titles give too few),
    and only those are ranked.
    """
    from django.contrib.contenttypes.models import ContentType

    params = {
        "query": query,
        "content_type": ContentType.objects.get_for_model(ArticlePage).pk,
        "title_candidates": SEARCH_TITLE_CANDIDATES,
        "body_candidates": SEARCH_BODY_CANDIDATES,
        "limit": limit * 2,
    }
    with connection.cursor() as cursor:
        cursor.execute(POSTGRES_SEARCH_SQL, params)
        return [int(object_id) for (object_id,) in cursor.fetchall()][: limit * 2]
