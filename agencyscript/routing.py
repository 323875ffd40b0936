"""Remembered page routes: a repeat request finds its page in one query.

Wagtail finds the page for a URL by walking the tree one slug at a time, with
a query for each level and another to load each page's specific type, and
then checks the view restrictions of every ancestor. The answers change only
when a page is published, unpublished, moved or deleted, a site is edited or
a view restriction is saved: exactly when the page-cache version changes
(``agencyscript.signals``). So the route is remembered under that version,
and a repeat request loads just the page it needs, along with whether any view
restriction applies to it. Wagtail's own view still does the rest
(view-restriction hooks, ``serve``), so behaviour is unchanged.

Only plain page routes are remembered; a routable page's sub-routes (the
blog's listings and feeds) take Wagtail's usual path.
"""

import copy
import hashlib
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.http.request import split_domain_port
from wagtail.models import PageViewRestriction
from wagtail.url_routing import RouteResult

from agencyscript import pagecache

logger = logging.getLogger(__name__)

ROUTE_SECONDS = 60 * 60
# Part of every key: change it when the shape of what is stored changes.
KEY_PREFIX = "route.2"


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def route_key(request, path, version):
    # The host as Wagtail reads it to choose the site (without the ALLOWED_HOSTS check).
    hostname = split_domain_port(request._get_raw_host())[0]
    raw = f"{hostname}:{request.get_port()}/{path}"
    return f"{KEY_PREFIX}:{version}:{hashlib.sha256(raw.encode()).hexdigest()}"


def use_remembered_route(request, path):
    """Give Wagtail this request's site and page from a remembered route.

    Returns True when it did; otherwise Wagtail routes as usual.
    """
    try:
        remembered = _cache().get(route_key(request, path, pagecache.request_version(request)))
    except Exception:  # noqa: BLE001 - cache down: route as usual
        logger.warning("Route cache unavailable", exc_info=True)
        return False
    if remembered is None:
        return False
    site, page_id, content_type_id, restricted = remembered
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return False
    pages = model.objects.filter(pk=page_id, live=True)
    if getattr(model, "caches_rendered_content", False):
        # Its template renders the body only when the cached copy is missing.
        pages = pages.defer_streamfields()
    page = pages.first()
    if page is None:
        return False
    if not restricted:
        # Known under this version: no restriction applies to the page or its ancestors.
        page.view_restrictions_known_empty = True
    request._wagtail_site = site
    request._wagtail_route_for_request = RouteResult(page)
    return True


def remember_route(request, path):
    """Remember the route Wagtail found for this request, if it is a plain page route."""
    route = getattr(request, "_wagtail_route_for_request", None)
    site = getattr(request, "_wagtail_site", None)
    if route is None or site is None or route.args or route.kwargs:
        return
    stored_site = copy.copy(site)
    stored_site._state = copy.copy(site._state)
    stored_site._state.fields_cache = {}
    try:
        restricted = route.page.get_view_restrictions().exists()
        _cache().set(
            route_key(request, path, pagecache.request_version(request)),
            (stored_site, route.page.pk, route.page.content_type_id, restricted),
            timeout=ROUTE_SECONDS,
        )
    except Exception:  # noqa: BLE001 - cache down: nothing to remember
        logger.warning("Route cache unavailable; route not stored", exc_info=True)


def any_view_restrictions():
    """Whether any page on the site is private, remembered under the page-cache version."""
    try:
        key = f"view-restrictions:{pagecache.current_version()}"
        found = _cache().get(key)
        if found is None:
            found = PageViewRestriction.objects.exists()
            _cache().set(key, found, timeout=ROUTE_SECONDS)
        return found
    except Exception:  # noqa: BLE001 - cache down: check as usual
        return True
