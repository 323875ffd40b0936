"""Denormalised article counts (all, per category, per tag) for fast reads.

Recounting is a few aggregate queries; it runs when articles are published,
unpublished, moved, deleted or restricted, not when anyone reads a page.
"""

from django.db import transaction
from django.db.models import Count, Max

from blog.models import ArticleCount, BlogPageTag, ListingAnchor
from blog.selectors import LISTING_PAGE_SIZE, ORDERING, published_articles


def refresh_counts():
    live = published_articles()
    totals = live.aggregate(count=Count("pk"), latest=Max("last_published_at"))
    rows = [ArticleCount(kind=ArticleCount.ALL, key=0, **totals)]
    rows += [
        ArticleCount(
            kind=ArticleCount.CATEGORY,
            key=row["category_id"],
            count=row["n"],
            latest=row["latest"],
            name=row["category__name"],
            slug=row["category__slug"],
        )
        for row in live.filter(category__isnull=False)
        .values("category_id", "category__name", "category__slug")
        .annotate(n=Count("pk"), latest=Max("last_published_at"))
        .order_by()
    ]
    rows += [
        ArticleCount(
            kind=ArticleCount.TAG, key=row["tag_id"], count=row["n"], name=row["tag__name"], slug=row["tag__slug"]
        )
        for row in BlogPageTag.objects.filter(content_object__in=live.values("pk"))
        .values("tag_id", "tag__name", "tag__slug")
        .annotate(n=Count("content_object_id", distinct=True))
        .order_by()
    ]
    ordered = live.order_by(*ORDERING).values_list("display_date", "pk")
    anchors = [
        ListingAnchor(number=index // LISTING_PAGE_SIZE + 1, display_date=date, article_id=pk)
        for index, (date, pk) in enumerate(ordered.iterator(chunk_size=5000))
        if index % LISTING_PAGE_SIZE == 0
    ]
    with transaction.atomic():
        ArticleCount.objects.all().delete()
        ArticleCount.objects.bulk_create(rows)
        ListingAnchor.objects.all().delete()
        ListingAnchor.objects.bulk_create(anchors, batch_size=2000)
    return rows
