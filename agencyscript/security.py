"""Security headers that Django's SecurityMiddleware does not set itself.

Public pages get a strict Content-Security-Policy: scripts and styles only from
our own origin, no inline code of any kind. The Wagtail admin (and its preview
iframe) gets its own, looser policy because the admin's own JavaScript relies on
inline styles and needs to frame its previews.

Wagtail 8 still writes inline scripts (choosers, date widgets, inline panels), so
the admin keeps 'unsafe-inline'; README "Security" lists the screens, which
tests/browser/test_admin.py finds with ``ADMIN_POLICY_WITHOUT_INLINE`` sent
report-only. Uploads stored elsewhere (a bucket) add their origin to img-src.
"""

from django.conf import settings

from agencyscript.media_storage import media_origin

PUBLIC_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "media-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "manifest-src": "'self'",
}

ADMIN_POLICY = {
    "default-src": "'self'",
    "script-src": "'self' 'unsafe-inline'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}

# What the admin would get without any inline code. Wagtail 8 still writes some inline scripts
# (README, "Security"), so with CSP_ADMIN_REPORT_STRICT this is sent as Content-Security-Policy-Report-Only:
# browsers then report each inline script or style it would block, with its first characters.
ADMIN_POLICY_WITHOUT_INLINE = {
    **ADMIN_POLICY,
    "script-src": "'self' 'report-sample'",
    "style-src": "'self' 'report-sample'",
}

ADMIN_PREFIXES = ("/admin/",)


def with_media_origin(directives, origin):
    """Images (and audio or video) may also come from where uploads are stored, when that is elsewhere."""
    if not origin:
        return directives
    return {
        name: f"{value} {origin}" if name in ("img-src", "media-src") else value for name, value in directives.items()
    }


def build_policy(directives, upgrade_insecure_requests=False):
    parts = [f"{name} {value}" for name, value in directives.items()]
    if upgrade_insecure_requests:
        parts.append("upgrade-insecure-requests")
    return "; ".join(parts)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        upgrade = getattr(settings, "CSP_UPGRADE_INSECURE_REQUESTS", False)
        origin = media_origin()
        self.public_policy = build_policy(with_media_origin(PUBLIC_POLICY, origin), upgrade)
        self.admin_policy = build_policy(with_media_origin(ADMIN_POLICY, origin), upgrade)
        self.admin_report_only_policy = None
        if getattr(settings, "CSP_ADMIN_REPORT_STRICT", False):
            strict = with_media_origin(ADMIN_POLICY_WITHOUT_INLINE, origin)
            self.admin_report_only_policy = build_policy(strict, upgrade)

    def __call__(self, request):
        response = self.get_response(request)
        is_admin = request.path.startswith(ADMIN_PREFIXES)
        response.headers.setdefault("Content-Security-Policy", self.admin_policy if is_admin else self.public_policy)
        if is_admin and self.admin_report_only_policy:
            response.headers.setdefault("Content-Security-Policy-Report-Only", self.admin_report_only_policy)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
