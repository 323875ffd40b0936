"""Whole-page cache for anonymous visitors.

Public pages hold no per-visitor data, so one rendered copy serves everyone.
A response is stored only when it is safe to share:

- the request is a GET or HEAD from a visitor without a session cookie, for a
  path outside the admin, accounts, newsletter links and credential
  verification (whose status must always be current), and not a preview;
- the response is a 200 that sets no cookie and is not marked private,
  no-store or no-cache.

Invalidation is by version: publishing, unpublishing, moving or deleting a
page, or saving a snippet or site setting, bumps one number that is part of
every key, so every page that might show the change (home, listings, feeds,
related-article panels, sitemap) is rendered afresh on its next request. Old
entries simply expire. The cache is Redis when ``REDIS_URL`` is set (shared by
all workers and machines); when it is unreachable the site serves uncached.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
EXCLUDED_PREFIXES = ("/admin/", "/account/", "/newsletter/", "/verify/", "/documents/", "/media/", "/static/")
STORED_HEADERS = ("Content-Type", "Content-Language", "Content-Security-Policy", "Link", "X-Robots-Tag")


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def current_version():
    cache = _cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return version


def request_version(request):
    """``current_version()``, read once per request."""
    if not hasattr(request, "_pagecache_version"):
        request._pagecache_version = current_version()
    return request._pagecache_version


def invalidate(**kwargs):
    """Forget every cached page (cheaply: the next requests use a new key)."""
    try:
        _cache().incr(VERSION_KEY)
    except ValueError:
        _cache().set(VERSION_KEY, 2, timeout=None)
    except Exception:  # noqa: BLE001 - cache down: nothing is being served from it
        logger.warning("Page cache unavailable; could not bump its version", exc_info=True)


def cache_key(request, version):
    raw = f"{request.get_host()}{request.get_full_path()}"
    return f"pagecache:{version}:{hashlib.sha256(raw.encode()).hexdigest()}"


def request_is_cacheable(request):
    if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return "preview" not in request.GET


def response_is_cacheable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(response, "page_cache", True) is False:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    # "Vary: Cookie" is fine: only requests without a session cookie are stored.
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def add_shared_cache_headers(response):
    """Let a CDN in front keep the page too (purged on publish by frontend_cache)."""
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.PAGE_CACHE_SECONDS,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_SECONDS,
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_is_cacheable(request):
            return self.get_response(request)
        cache = _cache()
        try:
            key = cache_key(request, request_version(request))
            stored = cache.get(key)
        except Exception:  # noqa: BLE001 - serve uncached while the cache is down
            logger.warning("Page cache unavailable; serving uncached", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            return self.from_stored(stored)
        response = self.get_response(request)
        if response_is_cacheable(response):
            add_shared_cache_headers(response)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            try:
                cache.set(key, self.to_stored(response), timeout=settings.PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001
                logger.warning("Page cache unavailable; response not stored", exc_info=True)
            response["X-Page-Cache"] = "MISS"
        return response

    @staticmethod
    def to_stored(response):
        headers = {name: response[name] for name in STORED_HEADERS if name in response}
        headers["Cache-Control"] = response["Cache-Control"]
        return {"status": response.status_code, "headers": headers, "content": response.content}

    @staticmethod
    def from_stored(stored):
        response = HttpResponse(stored["content"], status=stored["status"])
        for name, value in stored["headers"].items():
            response[name] = value
        response["X-Page-Cache"] = "HIT"
        return response
