"""Read queries for the blog."""

import datetime
import logging
import math
import time
from collections import defaultdict

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Length, Substr
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from blog.models import ArticlePage, ArticlePageAuthor, BlogIndexPage, BlogPageTag, Category

logger = logging.getLogger(__name__)

ORDERING = ["-display_date", "-first_published_at", "-pk"]
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
    live = published_articles().values("pk")
    return (
        Category.objects.annotate(article_count=Count("articles", filter=Q(articles__in=live)))
        .filter(article_count__gt=0)
        .order_by("name")
    )


def popular_tags(limit=POPULAR_TAG_LIMIT):
    live = published_articles().values("pk")
    return list(
        Tag.objects.filter(blog_blogpagetag_items__content_object__in=live)
        .annotate(article_count=Count("blog_blogpagetag_items", distinct=True))
        .order_by("-article_count", "name")[:limit]
    )


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
    """Invalidate every cached piece of blog data (connected to publish, unpublish, snippet saves)."""
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

    A fixed number of queries whatever the number of articles, tags or picks.
    """
    candidates = {}
    rows = (
        published_articles().exclude(pk=page.pk).values_list("pk", "category_id", "display_date", "first_published_at")
    )
    for pk, category_id, display_date, first_published in rows:
        date = display_date or (first_published.date() if first_published else None)
        candidates[pk] = (category_id, date or _EPOCH)
    wanted = []
    for pick in page.related_picks.all():
        if pick.article_id in candidates and pick.article_id not in wanted and len(wanted) < limit:
            wanted.append(pick.article_id)
    # Tags are read even when the picks fill every slot, so the query count never varies.
    candidate_tags = defaultdict(set)
    tag_ids = set()
    for object_id, tag_id in BlogPageTag.objects.filter(
        Q(content_object_id__in=list(candidates)) | Q(content_object_id=page.pk)
    ).values_list("content_object_id", "tag_id"):
        if object_id == page.pk:
            tag_ids.add(tag_id)
        else:
            candidate_tags[object_id].add(tag_id)
    if len(wanted) < limit:
        others = {pk: value for pk, value in candidates.items() if pk not in wanted}
        ranked = rank_related(page.pk, page.category_id, tag_ids, others, candidate_tags, len(candidates) + 1)
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


def search_articles(query, limit=50):
    """Live, public articles matching ``query`` (title, summary, body, tags), best first."""
    try:
        # The search backend takes simple filters only; privacy is applied by listing() below.
        hits = [article.pk for article in ArticlePage.objects.live().defer_streamfields().search(query)[:limit]]
    except DatabaseError:
        # A query the backend cannot parse finds nothing rather than failing the page.
        logger.warning("Blog search failed for %r", query, exc_info=True)
        return []
    articles = {article.pk: article for article in listing().filter(pk__in=hits)}
    return [articles[pk] for pk in hits if pk in articles]


def certification_url(request):
    from certification.models import CertificationIndexPage

    certification = CertificationIndexPage.objects.live().only("url_path", "path", "depth").first()
    return certification.get_url(request) if certification else "/certification/"
