"""Cached site chrome (header and footer).

The header and footer show page titles and URLs from the navigation and footer
settings, which costs several queries on every page. Their rendered HTML is
cached per path under a version number; any publish, unpublish, move or
delete of a page, or any change to the settings, bumps the version so the next
request renders them afresh. With a per-process cache (no ``REDIS_URL``) other
processes notice at the latest after ``CHROME_CACHE_SECONDS``.
"""

from django.core.cache import cache

VERSION_KEY = "chrome:version"


def chrome_version():
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            version = 1
            cache.add(VERSION_KEY, version, timeout=None)
    except Exception:  # noqa: BLE001 - a down cache only costs a re-render
        return 0
    return version


def bump_chrome_version(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)
    except Exception:  # noqa: BLE001, S110 - nothing cached either, then
        pass
