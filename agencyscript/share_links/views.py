"""``/share/<token>/``: one revision's preview, as Wagtail's preview renders it, for whoever holds the link."""

from django.shortcuts import render
from django.utils import dateformat, timezone
from django.views.decorators.http import require_safe

from agencyscript import ratelimit
from agencyscript.http import too_many_requests
from agencyscript.share_links.selectors import link_for_token

# As the banner shows it (templates/share_links/_banner.html).
EXPIRY_FORMAT = r"j F Y \a\t H:i T"

# Every response here, the preview and its refusals alike: never stored anywhere (the site's page
# cache skips private, no-store responses), never indexed, and the token in the address never
# sent on to another site as a Referer.
PRIVATE_HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Robots-Tag": "noindex",
    "Referrer-Policy": "no-referrer",
}


def with_private_headers(response):
    for name, value in PRIVATE_HEADERS.items():
        response[name] = value
    return response


def unavailable(request, status, title, message):
    context = {"title": title, "message": message}
    return with_private_headers(render(request, "share_links/unavailable.html", context, status=status))


def not_found(request):
    return unavailable(
        request,
        404,
        "No preview at this address",
        "This share link does not exist. Check that you copied the whole address, or ask the editor for a new link.",
    )


@require_safe
def shared_preview(request, token):
    decision = ratelimit.hit("share", request)
    if not decision.allowed:
        return with_private_headers(too_many_requests(request, decision))
    link = link_for_token(token)
    if link is None:
        return not_found(request)
    # 410 Gone: the link was real and will not work again; a new one from the editor will.
    if link.is_revoked:
        return unavailable(
            request,
            410,
            "This preview link was withdrawn",
            "The editor who shared this preview has withdrawn the link. Ask them for a new one.",
        )
    if link.is_expired:
        expired = dateformat.format(timezone.localtime(link.expires_at), EXPIRY_FORMAT)
        return unavailable(
            request,
            410,
            "This preview link has expired",
            f"The link stopped working on {expired}. Ask the editor for a new one.",
        )
    if link.revision is None:
        return unavailable(
            request,
            404,
            "This preview is no longer available",
            "The version of the page that was shared has been deleted. Ask the editor for a new link.",
        )
    page = link.revision.as_object()
    if not page.is_previewable():
        return not_found(request)
    # As Wagtail's admin previews a revision (PreviewRevision): a request as if to the page's own
    # address, through every middleware, to the page's serve_preview. The banner reads share_link.
    response = page.make_preview_request(request, page.default_preview_mode, extra_request_attrs={"share_link": link})
    return with_private_headers(response)
