"""Small request/response helpers shared by the site's views."""

import json
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

# Control characters no form field or address of ours needs (tab, newline and return are fine).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# PostgreSQL cannot store NUL in text at all; the admin accepts the other control characters
# (text pasted from word processors), public forms do not.
NUL = re.compile(r"\x00")
ADMIN_PREFIX = "/admin/"
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def plain_bad_request(message):
    response = HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


class RejectControlCharactersMiddleware:
    """400 for a path, query parameter or form field holding control characters, before any view.

    Also 400 for a form post Django cannot read (a urlencoded body declared in another
    charset than UTF-8): answered here, as later readers of ``request.POST`` (the CSRF check
    of Django's own 400 view among them) would raise again and turn it into a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pattern = NUL if request.path.startswith(ADMIN_PREFIX) else CONTROL_CHARACTERS
        values = [request.path, *request.GET.keys(), *(v for values in request.GET.lists() for v in values[1])]
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            try:
                values += [*request.POST.keys(), *(v for values in request.POST.lists() for v in values[1])]
            except BadRequest as error:
                return plain_bad_request(f"The form could not be read: {error}")
        if any(pattern.search(value) for value in values):
            return plain_bad_request("The request contains control characters, which no page or form here accepts.")
        return self.get_response(request)


def site_url(path):
    """The absolute address of ``path`` on this site, from ``SITE_URL`` (never the request's Host)."""
    return path if path.startswith(("http://", "https://")) else settings.SITE_URL + path


def same_site_url(value, default):
    """``value`` if it is an address on this site (a path, or an absolute URL on ``SITE_URL``), else ``default``."""
    value = (value or "").strip()
    parts = urlsplit(value)
    site = urlsplit(settings.SITE_URL)
    if value.startswith("/") and not value.startswith("//") and not parts.scheme and not parts.netloc:
        return settings.SITE_URL + value
    if (parts.scheme, parts.netloc) == (site.scheme, site.netloc) and parts.path.startswith("/"):
        return value
    return default


def is_same_origin(request):
    """Whether a POST comes from one of our own pages.

    Public forms carry no CSRF token so that the pages holding them can be
    cached whole (they hold no per-visitor data). They are protected instead by
    the browser's own account of where a request comes from: ``Sec-Fetch-Site``
    in current browsers, ``Origin`` in older ones. A request with neither comes
    from a non-browser client that holds no visitor's cookies, so there is
    nothing to forge. These forms never act on a signed-in session.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site in {"same-origin", "none"}
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    if origin == "null":
        return False
    allowed = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    parts = urlsplit(origin)
    return f"{parts.scheme}://{parts.netloc}" in allowed


def too_many_requests(request, decision, *, template="errors/429.html"):
    response = render(request, template, {"retry_after": decision.retry_after}, status=429)
    response["Retry-After"] = str(max(decision.retry_after, 1))
    response["Cache-Control"] = "no-store"
    return response


def forbidden_origin(request):
    return render(request, "errors/403_origin.html", status=403)


def problem_response(status, problem_type, title, detail, *, headers=None, **extra):
    """An RFC 9457 ``application/problem+json`` response; ``problem_type`` is a path on this site."""
    body = {"type": site_url(problem_type), "title": title, "status": status, "detail": detail, **extra}
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type="application/problem+json"
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response
