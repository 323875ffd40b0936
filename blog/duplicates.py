"""Stored fingerprints of live articles, and the search for duplicates among them.

``remember`` runs when an article is published, ``forget`` when it stops being
live; ``find`` compares any title and body (a revision being checked) with every
live article in one indexed query.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from blog import content, fingerprints
from blog.models import ArticleFingerprint, ArticlePage, FingerprintBand

# Candidates sharing the most band keys are compared; more would only be less similar.
CANDIDATES = 10


@dataclass(frozen=True)
class Match:
    article_id: int
    title: str
    same_title: bool
    same_body: bool
    similarity: float


def of_page(page):
    return fingerprints.fingerprint(page.title, content.body_text(page.body))


@transaction.atomic
def remember(page):
    """Store the fingerprint of a live article's published text (replacing the old one)."""
    print_ = of_page(page)
    ArticleFingerprint.objects.filter(article_id=page.pk).delete()
    stored = ArticleFingerprint.objects.create(
        article_id=page.pk, title_key=print_.title_key, body_key=print_.body_key, signature=print_.signature
    )
    FingerprintBand.objects.bulk_create(FingerprintBand(fingerprint=stored, key=key) for key in print_.bands)


def forget(page_ids):
    ArticleFingerprint.objects.filter(article_id__in=list(page_ids)).delete()


def remember_all_live():
    """Fill in fingerprints for live articles that have none (after the migration that added them)."""
    missing = ArticlePage.objects.live().filter(fingerprint__isnull=True)
    for page in missing.iterator(chunk_size=200):
        remember(page)


def find(page):
    """Live articles (other than ``page``) with the same title or body, or a similar body, most similar first."""
    print_ = of_page(page)
    # The articles sharing the most keys (bands, or the exact title or body key): one indexed lookup.
    sharing = (
        FingerprintBand.objects.filter(key__in=print_.bands)
        .exclude(fingerprint_id=page.pk)
        .values("fingerprint_id")
        .annotate(shared=Count("id"))
        .order_by("-shared")
        .values("fingerprint_id")[:CANDIDATES]
    )
    rows = ArticleFingerprint.objects.filter(pk__in=sharing).values_list(
        "article_id", "article__title", "title_key", "body_key", "signature"
    )
    matches = [
        Match(
            article_id=article_id,
            title=title,
            same_title=title_key == print_.title_key,
            same_body=body_key == print_.body_key,
            similarity=1.0 if body_key == print_.body_key else fingerprints.similarity(print_.signature, signature),
        )
        for article_id, title, title_key, body_key, signature in rows
    ]
    return sorted(matches, key=lambda match: -match.similarity)
