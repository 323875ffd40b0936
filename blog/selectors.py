"""Read queries for the blog."""

import datetime
import logging
import math
from collections import defaultdict

from django.db import DatabaseError, transaction
from django.db.models import Count, Prefetch, Q
from taggit.models import Tag

from blog.models import ArticlePage, ArticlePageAuthor, BlogIndexPage, BlogPageTag, Category

logger = logging.getLogger(__name__)

ORDERING = ["-display_date", "-first_published_at", "-pk"]
POPULAR_TAG_LIMIT = 15
RELATED_LIMIT = 3
_EPOCH = datetime.date(1970, 1, 1)


def blog_index():
    return BlogIndexPage.objects.live().first()


def published_articles():
    """Live articles any visitor may read (no drafts, no private pages)."""
    return ArticlePage.objects.live().public()


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
    return with_card_data(queryset.order_by(*ORDERING)).prefetch_related("tags")


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


def sidebar():
    return {"sidebar_categories": list(categories_with_counts()), "popular_tags": popular_tags()}


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
    """Editor picks first (live, public, not the page itself), then the most relevant others."""
    published = published_articles().exclude(pk=page.pk)
    pick_ids = [pick.article_id for pick in page.related_picks.all()]
    allowed = set(published.filter(pk__in=pick_ids).values_list("pk", flat=True)) if pick_ids else set()
    wanted = []
    for pk in pick_ids:
        if pk in allowed and pk not in wanted and len(wanted) < limit:
            wanted.append(pk)
    if len(wanted) < limit:
        rows = published.exclude(pk__in=wanted).values_list("pk", "category_id", "display_date", "first_published_at")
        candidates = {}
        for pk, category_id, display_date, first_published in rows:
            date = display_date or (first_published.date() if first_published else None)
            candidates[pk] = (category_id, date or _EPOCH)
        candidate_tags = defaultdict(set)
        tag_ids = set()
        for object_id, tag_id in BlogPageTag.objects.filter(
            Q(content_object_id__in=list(candidates)) | Q(content_object_id=page.pk)
        ).values_list("content_object_id", "tag_id"):
            if object_id == page.pk:
                tag_ids.add(tag_id)
            else:
                candidate_tags[object_id].add(tag_id)
        total = len(candidates) + 1
        wanted += rank_related(page.pk, page.category_id, tag_ids, candidates, candidate_tags, total)[
            : limit - len(wanted)
        ]
    articles = {article.pk: article for article in with_card_data(ArticlePage.objects.filter(pk__in=wanted))}
    return [articles[pk] for pk in wanted if pk in articles]


def article_page_context(page, request):
    index = page.get_parent().specific_deferred
    blog_url = index.get_url(request)
    context = {
        "blog_index": index,
        "blog_url": blog_url,
        "feed_links": [
            {"type": "application/rss+xml", "title": f"{index.title} (RSS)", "href": blog_url + "feed/rss/"},
            {"type": "application/atom+xml", "title": f"{index.title} (Atom)", "href": blog_url + "feed/atom/"},
        ],
        "breadcrumbs": [
            {"url": "/", "title": "Home"},
            {"url": index.get_url(request), "title": index.title},
            {"url": page.get_url(request), "title": page.title},
        ],
        "table_of_contents": page.table_of_contents,
        "related_articles": related_articles(page),
        "certification_url": certification_url(request),
    }
    context.update(sidebar())
    return context


def search_articles(query, limit=50):
    """Live, public articles matching ``query`` (title, summary, body, tags), best first."""
    try:
        with transaction.atomic():
            hits = [article.pk for article in published_articles().defer_streamfields().search(query)[:limit]]
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
