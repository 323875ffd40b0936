"""Signal wiring for the site-wide app: the page cache and the CDN in front."""

from django.db import transaction
from wagtail.signals import page_published, page_unpublished

from agencyscript import pagecache
from agencyscript.frontend_cache import purge_pages_showing


def purge_after_commit(instance, **kwargs):
    transaction.on_commit(lambda: purge_pages_showing(instance))


def connect():
    pagecache.connect()
    page_published.connect(purge_after_commit, dispatch_uid="cdn-published")
    page_unpublished.connect(purge_after_commit, dispatch_uid="cdn-unpublished")
