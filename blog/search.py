"""Blog search: the query cleaned, then matched against the search index, best first."""

import logging
import re

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection

from blog.models import ArticlePage
from blog.selectors import published_articles

logger = logging.getLogger(__name__)

MAX_LENGTH = 200
MAX_RESULTS = 50
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw):
    """A search query fit to run: control characters removed, spaces collapsed, length capped."""
    text = CONTROL_CHARS.sub(" ", raw or "")
    text = " ".join(text.split())
    return text[:MAX_LENGTH].strip()


def article_ids(query, limit=MAX_RESULTS):
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


# How many matches are ranked at most: title matches first, then body matches.
TITLE_CANDIDATES = 200
BODY_CANDIDATES = 300

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
    params = {
        "query": query,
        "content_type": ContentType.objects.get_for_model(ArticlePage).pk,
        "title_candidates": TITLE_CANDIDATES,
        "body_candidates": BODY_CANDIDATES,
        "limit": limit * 2,
    }
    with connection.cursor() as cursor:
        cursor.execute(POSTGRES_SEARCH_SQL, params)
        return [int(object_id) for (object_id,) in cursor.fetchall()][: limit * 2]
