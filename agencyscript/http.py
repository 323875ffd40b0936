"""Small request/response helpers shared by the site's views."""

from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render


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
