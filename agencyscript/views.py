"""Site-wide views: Wagtail's page view, uploaded media, robots.txt, health check, error pages."""

import errno
import secrets
import sys

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from django.views.static import serve as serve_file
from wagtail import views as wagtail_views

from agencyscript.database_outage import is_database_outage, service_unavailable
from agencyscript.worker.runner import overdue_schedules, worker_alive


# Public form pages post back to themselves without a CSRF token (so they can be
# cached whole); FormPage checks the request's origin itself. No other page type
# acts on a POST.
@csrf_exempt
def serve(request, path):
    """Wagtail's page view, without Django's CSRF check (see above)."""
    return wagtail_views.serve(request, path)


def serve_media(request, path, document_root):
    """Uploaded files (when the app serves them: ``SERVE_MEDIA``), with Django's static view.

    A name longer than the file system allows is a 404, not the 500 of its OSError.
    """
    try:
        return serve_file(request, path, document_root=document_root)
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            raise Http404("No such file.") from error
        raise


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /account/",
        "Disallow: /verify/",
        "",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
@never_cache
def healthz(request):
    """200 "ok" when the database, the cache store and the worker answer; otherwise 503 naming what is down.

    The worker counts as down when none has been seen for five minutes, or when a
    scheduled publication is more than fifteen minutes overdue.
    """
    down = [name for name, check in (("database", database_answers), ("cache", cache_answers)) if not check()]
    if "database" not in down and not worker_keeps_up():
        down.append("worker")
    if down:
        response = HttpResponse("down: " + ", ".join(down), content_type="text/plain", status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse("ok", content_type="text/plain")


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def worker_keeps_up():
    try:
        return worker_alive() and not overdue_schedules().exists()
    except DatabaseError:
        return False


def cache_answers():
    """A write and a read of the shared store (a store that is down answers every read as a miss)."""
    token = secrets.token_hex(8)
    try:
        store = caches[settings.PAGE_CACHE_ALIAS]
        store.set("healthz", token, timeout=60)
        return store.get("healthz") == token
    except Exception:  # noqa: BLE001 - any failure of the store means it is down
        return False


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """Render the 500 page without touching the database or request context.

    An error that means the database is out of reach is a 503 instead (agencyscript/database_outage.py).
    """
    if is_database_outage(sys.exc_info()[1]):
        return service_unavailable(request)
    return HttpResponse(loader.get_template("500.html").render(), status=500)
