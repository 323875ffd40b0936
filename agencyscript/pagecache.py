"""The site's one cache: whole rendered pages for anonymous visitors.

What is stored
    A GET or HEAD from a visitor without a session cookie, outside the admin,
    accounts, newsletter links, credential verification, preview share links and the
    DID document, that is not a preview or a search, and whose response is a 200 that
    sets no cookie and is not private, no-store or no-cache. Wagtail's previews
    (``make_preview_request``, which marks its request ``is_dummy``) pass through this
    middleware as a request to the live page's address: they are neither stored nor
    answered from the cache, or a shared preview would show the live page. The entry keeps the status, every
    header and the body, so a hit carries exactly the headers of a miss.

Where
    In the ``default`` cache, which every process shares: Redis when
    ``REDIS_URL`` is set (all machines), otherwise files under
    ``DATA_DIR/cache`` (all workers of one machine). Never a per-process memory.

For how long
    Fresh for ``PAGE_CACHE_SECONDS``; kept ``PAGE_CACHE_STALE_IF_ERROR_SECONDS``
    longer, and served stale only when rendering fails (the database is down).

What clears it
    One version, stored beside the pages and in each entry: an entry counts only
    while its version is the current one (both are read in one round trip). It changes after
    the transaction that made an editor's change commits (``transaction.on_commit``),
    so a request rendering during a publish cannot store the old page under the
    new version. Wagtail publishes and unpublishes outside a transaction; every page
    type does both in one (``SitePage``), so what they derive (links, counts,
    related articles) is stored before the version changes. The events, wired in
    ``connect()`` below:

    - a page is published, unpublished, moved or deleted (one publish, one change);
    - a view restriction (private page) is saved or deleted;
    - a site, a site setting, an author, a category, a tag or an image is edited
      or deleted (they show on many pages: header, footer, bylines, sidebar).

    Saving a draft changes nothing readers see and invalidates nothing. Creating a
    snippet, tag or image shows nowhere until a page using it is published.

Keys
    Host, path, and only the query parameters pages read (``page``, ``p``,
    ``sent``), normalised; any other parameter (``utm_*`` and such) is ignored, so
    junk query strings share the real page's entry instead of evicting it.
    Search results (``q``) are never stored.

A CDN in front gets ``s-maxage`` and ``stale-while-revalidate`` on the same
responses whether or not the local cache is on; publishing purges it
(``agencyscript.frontend_cache``). If the store is down the site serves
uncached.
"""

import logging
import secrets
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
EXCLUDED_PREFIXES = (
    "/admin/",
    "/account/",
    "/newsletter/",
    "/verify/",
    "/share/",
    "/.well-known/",
    "/documents/",
    "/media/",
    "/static/",
)
# Query parameters that change what a cacheable page shows; every other one is ignored.
KEYED_PARAMETERS = ("page", "p", "sent")
# Requests with these parameters are never stored (search results, previews).
UNCACHED_PARAMETERS = ("q", "preview")
NOT_STORED_HEADERS = {"set-cookie", "x-page-cache"}


def store():
    return caches[settings.PAGE_CACHE_ALIAS]


def current_version():
    """The version an entry must carry to count; None when the store cannot say (then nothing is cached)."""
    return store().get(VERSION_KEY) or first_version()


def first_version():
    store().add(VERSION_KEY, new_version(), timeout=None)
    return store().get(VERSION_KEY)


def read(key):
    """The current version and the entry stored under ``key`` if it carries that version, in one round trip."""
    found = store().get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or first_version()
    stored = found.get(key)
    return version, stored if stored is not None and stored.get("version") == version else None


def new_version():
    # A fresh random value, not an increment: two processes bumping at once still
    # both leave a version that no stored page has.
    return secrets.token_hex(8)


def bump_version():
    try:
        store().set(VERSION_KEY, new_version(), timeout=None)
    except Exception:  # noqa: BLE001 - store down: nothing is being served from it
        logger.warning("Page cache unavailable; could not change its version", exc_info=True)


def invalidate(**kwargs):
    """Forget every cached page once the current transaction commits (at once outside one)."""
    transaction.on_commit(bump_version)


def normalised_query(request):
    pairs = []
    for name in KEYED_PARAMETERS:
        value = request.GET.get(name)
        if value is None:
            continue
        value = value.strip()
        if value.isascii() and value.isdigit():  # not "²" or "١", which int() refuses
            value = value.lstrip("0") or "0"
        pairs.append((name, value[:20]))
    return urlencode(pairs)


def cache_key(request):
    return f"pagecache:{request.get_host()}{request.path}?{normalised_query(request)}"


def request_is_shareable(request):
    """Whether the response to this request may be shared between visitors (here or by a CDN)."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(EXCLUDED_PREFIXES):
        return False
    if getattr(request, "is_dummy", False):  # a Wagtail preview, made to look like a request for the page
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not any(name in request.GET for name in UNCACHED_PARAMETERS)


def response_is_shareable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(response, "page_cache", True) is False:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def add_shared_cache_headers(response):
    """Let a CDN keep the page (purged on publish); a response's own max-age (feeds) is kept."""
    directives = {"public": True, "s_maxage": settings.PAGE_CACHE_SECONDS}
    directives["stale_while_revalidate"] = settings.PAGE_CACHE_STALE_SECONDS
    if "max-age" not in response.get("Cache-Control", ""):
        directives["max_age"] = 0
    patch_cache_control(response, **directives)


def to_stored(response, version):
    headers = [(name, value) for name, value in response.items() if name.lower() not in NOT_STORED_HEADERS]
    return {
        "version": version,
        "status": response.status_code,
        "headers": headers,
        "content": response.content,
        "at": time.time(),
    }


def from_stored(stored, label):
    response = HttpResponse(stored["content"], status=stored["status"])
    for name, value in stored["headers"]:
        response[name] = value
    response["X-Page-Cache"] = label
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_is_shareable(request):
            return self.get_response(request)
        if not settings.PAGE_CACHE_ENABLED:
            return self.shared(self.get_response(request))
        key = cache_key(request)
        try:
            version, stored = read(key)
        except Exception:  # noqa: BLE001 - store down: serve uncached
            logger.warning("Page cache unavailable; serving uncached", exc_info=True)
            version = None
        if version is None:
            return self.shared(self.get_response(request))
        if stored is not None and time.time() - stored["at"] < settings.PAGE_CACHE_SECONDS:
            return from_stored(stored, "HIT")
        response = self.get_response(request)
        if response.status_code >= 500 and stored is not None:
            # Rendering failed (the database is down): the last good copy is still current.
            return from_stored(stored, "STALE")
        if self.shared(response) is not response or not response_is_shareable(response):
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        try:
            timeout = settings.PAGE_CACHE_SECONDS + settings.PAGE_CACHE_STALE_IF_ERROR_SECONDS
            store().set(key, to_stored(response, version), timeout=timeout)
        except Exception:  # noqa: BLE001
            logger.warning("Page cache unavailable; response not stored", exc_info=True)
        response["X-Page-Cache"] = "MISS"
        return response

    @staticmethod
    def shared(response):
        if response_is_shareable(response):
            add_shared_cache_headers(response)
        return response


def connect():
    """Wire every event that changes what readers see to ``invalidate`` (see the module docstring)."""
    from django.apps import apps  # the registry is ready only once apps are loaded
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(invalidate, dispatch_uid="pagecache-published")
    page_unpublished.connect(invalidate, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="pagecache-moved")
    post_delete.connect(invalidate, sender=Page, dispatch_uid="pagecache-page-deleted")
    for label in (*SHOWN_EVERYWHERE, *SHOWN_WHEN_USED):
        model = apps.get_model(label)
        post_save.connect(_saved, sender=model, dispatch_uid=f"pagecache-{label}-saved")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"pagecache-{label}-deleted")


# Models (by label) whose every change can show on public pages.
SHOWN_EVERYWHERE = (
    "wagtailcore.Site",
    "wagtailcore.PageViewRestriction",
    "agencyscript.NavigationSettings",
    "agencyscript.FooterSettings",
)
# Models that show only through a published page: a new one shows nowhere yet.
SHOWN_WHEN_USED = ("blog.Author", "blog.Category", "taggit.Tag", "wagtailimages.Image")


def _saved(sender, created=False, **kwargs):
    if not (created and sender._meta.label in SHOWN_WHEN_USED):
        invalidate()
