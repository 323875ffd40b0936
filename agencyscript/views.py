"""Site-wide views: Wagtail's page view, robots.txt, health check, error pages."""

from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from wagtail import views as wagtail_views


# Public form pages post back to themselves without a CSRF token (so they can be
# cached whole); FormPage checks the request's origin itself. No other page type
# acts on a POST.
@csrf_exempt
def serve(request, path):
    """Wagtail's page view, without Django's CSRF check (see above)."""
    return wagtail_views.serve(request, path)


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
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """Render the 500 page without touching the database or request context."""
    return HttpResponse(loader.get_template("500.html").render(), status=500)
