"""Read queries for the blog."""

import datetime
import logging
import math
import time
from collections import defaultdict

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Case, Exists, FloatField, OuterRef, Prefetch, Q, Subquery, Sum, Value, When
from django.db.models.functions import Length, Substr
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from blog import counts
from blog.models import ArticleCount, ArticlePage, ArticlePageAuthor, BlogIndexPage, Category, ListingAnchor

logger = logging.getLogger(__name__)

# Matches the "article_newest" index, so listings walk the index instead of sorting.
ORDERING = ["-display_date", "-pk"]
LISTING_PAGE_SIZE = 10
POPULAR_TAG_LIMIT = 15
RELATED_LIMIT = 3
_EPOCH = datetime.date(1970, 1, 1)


def blog_index():
    return BlogIndexPage.objects.live().first()


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


def listing_count(category=None, tag=None):
    """How many articles a listing has, without counting them on every read."""
    if category is not None:
        return counts.count_for(ArticleCount.CATEGORY, category.pk)
    if tag is not None:
        return counts.count_for(ArticleCount.TAG, tag.pk)
    return counts.total_articles()


VERSION_CACHE_KEY = "blog:version"
# Short enough that per-process caches (no REDIS_URL) catch up with other processes' edits.
CACHE_SECONDS = 15 * 60


def cache_version():
    """A number that changes whenever blog content changes: part of every blog cache key."""
    version = cache.get(VERSION_CACHE_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_CACHE_KEY, version, None)
    return version


def content_changed(**kwargs):
    """Recount articles and invalidate cached blog data (publish, unpublish, snippet saves)."""
    counts.refresh_counts()
    cache.set(VERSION_CACHE_KEY, time.time_ns(), None)


def sidebar():
    """Categories with counts and popular tags; cached until blog content changes."""
    key = f"blog:sidebar:{cache_version()}"
    data = cache.get(key)
    if data is None:
        data = {
            "sidebar_categories": [
                {"pk": c.pk, "name": c.name, "slug": c.slug, "article_count": c.article_count}
                for c in categories_with_counts()
            ],
            "popular_tags": [
                {"pk": t.pk, "name": t.name, "slug": t.slug, "article_count": t.article_count} for t in popular_tags()
            ],
        }
        cache.set(key, data, CACHE_SECONDS)
    return data


def rank_related(article_id, category_id, tag_ids, candidates, candidate_tags, total):
    """Order candidate ids by relevance to one article.

    ``candidates``: ``{id: (category_id, date)}``; ``candidate_tags``: ``{id: set(tag ids)}``.
    A shared tag scores by its rarity (inverse document frequency over ``total``
    articles), the same category adds one point, and the newer article wins ties.
    """
    tag_frequency = defaultdict(int)
    for tags in candidate_tags.values():
        for tag_id in tags:
            tag_frequency[tag_id] += 1
    for tag_id in tag_ids:
        tag_frequency[tag_id] += 1

    def score(candidate_id):
        candidate_category, _date = candidates[candidate_id]
        shared = tag_ids & candidate_tags.get(candidate_id, set())
        relevance = sum(math.log(1 + total / tag_frequency[tag_id]) for tag_id in shared)
        if category_id and candidate_category == category_id:
            relevance += 1.0
        return relevance

    ordered = sorted(
        (candidate_id for candidate_id in candidates if candidate_id != article_id),
        key=lambda candidate_id: (-score(candidate_id), -candidates[candidate_id][1].toordinal(), -candidate_id),
    )
    return ordered


def related_articles(page, limit=RELATED_LIMIT):
    """Editor picks first (live, public, not the page itself), then the most relevant others.

    Relevance is ``rank_related``'s score: shared tags weighted by rarity, plus
    one for the same category, newer first on ties. It is computed in SQL over
    three small candidate sets that must contain the best articles whatever the
    size of the archive: the best-scoring articles sharing a tag, the newest in
    the same category and the newest overall. A fixed number of queries.
    """
    others = published_articles().exclude(pk=page.pk)
    # Picks and tags as the page holds them (also unsaved ones, in previews).
    pick_ids = [pick.article_id for pick in page.related_picks.all()]
    live_picks = set(others.filter(pk__in=pick_ids).values_list("pk", flat=True)) if pick_ids else set()
    wanted = []
    for pick_id in pick_ids:
        if pick_id in live_picks and pick_id not in wanted and len(wanted) < limit:
            wanted.append(pick_id)
    tag_ids = [tag.pk for tag in page.tags.all()]
    frequency = dict(
        ArticleCount.objects.filter(Q(kind=ArticleCount.TAG, key__in=tag_ids) | Q(kind=ArticleCount.ALL)).values_list(
            "key", "count"
        )
    )
    total = max(frequency.pop(0, 0), 1)
    weights = {tag_id: math.log(1 + total / max(frequency.get(tag_id, 1), 1)) for tag_id in tag_ids}
    same_category = page.category_id
    category_bonus = Case(
        When(category_id=same_category, then=Value(1.0)), default=Value(0.0), output_field=FloatField()
    )
    newest = ORDERING
    depth = limit * 3
    scored = {}
    candidates = others.exclude(pk__in=wanted)
    if weights:
        tag_score = Sum(
            Case(
                *[When(tagged_items__tag_id=tag_id, then=Value(weight)) for tag_id, weight in weights.items()],
                default=Value(0.0),
                output_field=FloatField(),
            )
        )
        sharing = (
            candidates.filter(tagged_items__tag_id__in=list(weights))
            .annotate(score=tag_score + category_bonus)
            .order_by("-score", *newest)
            .values_list("pk", "score", "display_date")[:depth]
        )
        scored.update({pk: (score, date) for pk, score, date in sharing})
    if same_category:
        for pk, date in (
            candidates.filter(category_id=same_category).order_by(*newest).values_list("pk", "display_date")[:depth]
        ):
            scored.setdefault(pk, (1.0, date))
    for pk, category_id, date in candidates.order_by(*newest).values_list("pk", "category_id", "display_date")[:depth]:
        scored.setdefault(pk, (1.0 if same_category and category_id == same_category else 0.0, date))
    ranked = sorted(scored, key=lambda pk: (-round(scored[pk][0], 9), -(scored[pk][1] or _EPOCH).toordinal(), -pk))
    wanted += ranked[: limit - len(wanted)]
    articles = {article.pk: article for article in with_card_data(ArticlePage.objects.filter(pk__in=wanted))}
    return [articles[pk] for pk in wanted if pk in articles]


def article_extras(page, request):
    """What the article page shows around the body: authors, tags, category, related, links.

    Cached per article revision until any blog content changes; computed fresh in previews.
    """
    if getattr(request, "is_preview", False):
        return compute_article_extras(page, request)
    key = f"blog:article:{page.pk}:{page.latest_revision_id}:{cache_version()}"
    extras = cache.get(key)
    if extras is None:
        extras = compute_article_extras(page, request)
        cache.set(key, extras, CACHE_SECONDS)
    return extras


def compute_article_extras(page, request):
    from blog.structured_data import social_image_url

    index = page.get_parent().specific_deferred
    blog_url = index.get_url(request)
    return {
        "blog_index_title": index.title,
        "blog_url": blog_url,
        "article_authors": [link.author for link in page.article_authors.select_related("author", "author__photo")],
        "article_tags": list(page.tags.all()),
        "article_category": page.category,
        "related_articles": related_articles(page),
        "certification_url": certification_url(request),
        "social_image_url": social_image_url(page, request),
    }


# The names article_page_context() fills, so the page can offer each one lazily.
ARTICLE_CONTEXT_NAMES = (
    "blog_index_title",
    "blog_url",
    "article_authors",
    "article_tags",
    "article_category",
    "related_articles",
    "certification_url",
    "social_image_url",
    "feed_links",
    "breadcrumbs",
    "table_of_contents",
    "sidebar_categories",
    "popular_tags",
)


def article_page_context(page, request):
    extras = article_extras(page, request)
    blog_url, title = extras["blog_url"], extras["blog_index_title"]
    context = {
        **extras,
        "feed_links": [
            {
                "type": "application/rss+xml",
                "title": f"{extras['blog_index_title']} (RSS)",
                "href": blog_url + "feed/rss/",
            },
            {
                "type": "application/atom+xml",
                "title": f"{extras['blog_index_title']} (Atom)",
                "href": blog_url + "feed/atom/",
            },
        ],
        "breadcrumbs": [
            {"url": "/", "title": "Home"},
            {"url": blog_url, "title": title},
            {"url": page.get_url(request), "title": page.title},
        ],
        "table_of_contents": page.table_of_contents,
    }
    category = extras["article_category"]
    if category is not None:
        prefix = f"{blog_url}category/{category.slug}/feed/"
        context["feed_links"] += [
            {"type": "application/rss+xml", "title": f"{category.name} (RSS)", "href": prefix + "rss/"},
            {"type": "application/atom+xml", "title": f"{category.name} (Atom)", "href": prefix + "atom/"},
        ]
    context.update(sidebar())
    return context


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


def certification_url(request):
    from certification.models import CertificationIndexPage

    certification = CertificationIndexPage.objects.live().only("url_path", "path", "depth").first()
    return certification.get_url(request) if certification else "/certification/"
