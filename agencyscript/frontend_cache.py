"""Purging a CDN in front of the site when content changes.

``wagtail.contrib.frontend_cache`` already purges a page's own URLs when it is
published or unpublished. This adds the pages that *show* it: the home page,
its parent listing, the sitemap, and whatever the page names in
``get_pages_showing_me()`` (an article names its blog listings, category, tags
and feeds). Backends are configured from the environment (see
``frontend_cache_settings``); without one, nothing is sent anywhere.
Paginated listing pages and related-article panels of other articles are not
purged one by one: they expire from the CDN within ``PAGE_CACHE_SECONDS``.
"""

import logging
import os

from django.conf import settings
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch

logger = logging.getLogger(__name__)


def frontend_cache_settings(environ=os.environ):
    """WAGTAILFRONTENDCACHE from the environment: Cloudflare, or an HTTP purger such as Varnish."""
    backends = {}
    if environ.get("CLOUDFLARE_API_TOKEN") and environ.get("CLOUDFLARE_ZONE_ID"):
        backends["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": environ["CLOUDFLARE_API_TOKEN"],
            "ZONEID": environ["CLOUDFLARE_ZONE_ID"],
        }
    if environ.get("FRONTEND_CACHE_PURGE_URL"):
        backends["http"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": environ["FRONTEND_CACHE_PURGE_URL"],
        }
    return backends


def urls_showing(page):
    """Full URLs of pages (besides ``page`` itself) that display ``page``."""
    from agencyscript import sitemaps  # settings import this module, before the page models sitemaps import

    site = page.get_site()
    if site is None:
        return set()
    root_url = site.root_url
    # The sitemap index and the first page of each section (where new pages appear).
    urls = {root_url + "/", root_url + reverse("sitemap")}
    urls |= {root_url + reverse("sitemap-section", kwargs={"section": name}) for name in sitemaps.sections()}
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        urls.add(parent.specific.get_full_url())
    showing = getattr(page.specific, "get_pages_showing_me", None)
    if showing:
        urls.update(showing())
    return {url for url in urls if url}


def purge_pages_showing(instance):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    batch = PurgeBatch()
    batch.add_urls(sorted(urls_showing(instance)))
    batch.purge()
