"""The pages a page's rich text links to, loaded in one query for its whole rendering.

A body with many texts would otherwise load their linked pages one text at a
time (``agencyscript.rich_text``). A page that knows its links renders inside
``linked_pages.rendering(page_ids)``; texts rendered there find the pages loaded.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from wagtail.models import Page

_loaded = ContextVar("linked_pages", default=None)


def load(page_ids):
    """Pages by id (as text), without their StreamFields: rich text only needs their URLs."""
    return {str(page.pk): page for page in Page.objects.filter(pk__in=list(page_ids)).defer_streamfields()}


def loaded():
    """A copy of the pages loaded for the rendering in progress (empty outside one)."""
    return dict(_loaded.get() or {})


@contextmanager
def rendering(page_ids):
    token = _loaded.set(load(page_ids) if page_ids else {})
    try:
        yield
    finally:
        _loaded.reset(token)
