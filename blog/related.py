"""Related articles: ranked when articles change, stored, and read in one query.

Editor picks come first (live, public, not the article itself), then the most
relevant others: each shared tag scores by its rarity (inverse document
frequency over all live articles), the same category adds one point, and the
newer article wins ties. The ranking runs in SQL over three small candidate
sets that must contain the best articles whatever the size of the archive:
the best-scoring articles sharing a tag, the newest in the same category and
the newest overall.

The ranking is stored (``RelatedArticle``) when an article is published, and
refreshed for the articles it may now belong to; when an article is
unpublished, restricted, moved or deleted, the lists that held it are
refreshed. Reads join the stored list with ``published_articles()``, so an
article that is no longer public never shows, whatever the stored list says.
"""

import datetime
import math

from django.db import transaction
from django.db.models import Case, FloatField, Q, Sum, Value, When

from blog.models import ArticleCount, ArticlePage, RelatedArticle
from blog.selectors import CARD_FIELDS, ORDERING, articles_in_order, published_articles

SHOWN = 3
# Stored per article: a few more than shown, so one article leaving still leaves a full panel.
STORED = 6
_EPOCH = datetime.date(1970, 1, 1)


def rank(page, limit=STORED, exclude=()):
    """Ids of the articles most related to ``page``, best first.

    Reads the picks and tags as the page holds them, so a preview of unsaved
    edits is ranked too.
    """
    others = published_articles().exclude(pk=page.pk).exclude(pk__in=exclude)
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
            .order_by("-score", *ORDERING)
            .values_list("pk", "score", "display_date")[:depth]
        )
        scored.update({pk: (score, date) for pk, score, date in sharing})
    if same_category:
        same = candidates.filter(category_id=same_category).order_by(*ORDERING)
        for pk, date in same.values_list("pk", "display_date")[:depth]:
            scored.setdefault(pk, (1.0, date))
    for pk, category_id, date in candidates.order_by(*ORDERING).values_list("pk", "category_id", "display_date")[
        :depth
    ]:
        scored.setdefault(pk, (1.0 if same_category and category_id == same_category else 0.0, date))
    ranked = sorted(scored, key=lambda pk: (-round(scored[pk][0], 9), -(scored[pk][1] or _EPOCH).toordinal(), -pk))
    return wanted + ranked[: limit - len(wanted)]


def for_article(page, limit=SHOWN):
    """The stored related articles that readers may see, with their category (authors: the caller's)."""
    stored = published_articles().filter(related_in__article=page).order_by("related_in__position")
    return list(stored.select_related("category").only(*CARD_FIELDS)[:limit])


def for_preview(page, limit=SHOWN):
    """Ranked afresh from the page as edited (its picks and tags may be unsaved)."""
    return articles_in_order(rank(page, limit))


@transaction.atomic
def refresh(article_ids, exclude=()):
    """Rank and store the lists of these articles (live ones; others get none)."""
    articles = ArticlePage.objects.filter(pk__in=set(article_ids)).exclude(pk__in=exclude)
    articles = articles.prefetch_related("related_picks").defer_streamfields()
    RelatedArticle.objects.filter(article_id__in=set(article_ids)).delete()
    rows = []
    for article in articles:
        if not article.live:
            continue
        rows += [
            RelatedArticle(article=article, related_id=related_id, position=position)
            for position, related_id in enumerate(rank(article, exclude=exclude))
        ]
    RelatedArticle.objects.bulk_create(rows)


def holding(article_ids):
    """Ids of the articles whose stored lists hold any of these."""
    return set(RelatedArticle.objects.filter(related_id__in=article_ids).values_list("article_id", flat=True))


def refresh_around(article):
    """After ``article`` is published: its own list, and those it now most likely belongs to.

    Relevance is symmetric (shared tags and category), so the articles most
    related to it are the ones whose lists it is most likely to enter.
    """
    refresh([article.pk])
    stored = RelatedArticle.objects.filter(article=article).values_list("related_id", flat=True)
    refresh({*stored, *holding([article.pk])})
