"""The admin screen of a page's share links: list, create (for the latest revision), revoke."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from agencyscript.http import site_url
from agencyscript.share_links import selectors, services
from agencyscript.share_links.forms import ShareLinkForm
from agencyscript.share_links.models import ShareLink


def editable_page(user, page_id):
    page = get_object_or_404(Page, pk=page_id).specific_deferred
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied
    return page


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def page_share_links(request, page_id):
    page = editable_page(request.user, page_id)
    form = ShareLinkForm(request.POST) if request.method == "POST" else ShareLinkForm()
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                link, token = services.create_share_link(page, request.user, days=form.cleaned_data["days"])
            except services.CannotShare as error:
                form.add_error(None, error.reason)
                status = 400
            else:
                # Shown on this response only: the token is not stored, so no later page can show it.
                created = {"link": link, "url": site_url(reverse("share_links:preview", args=[token]))}
                form = ShareLinkForm()
        else:
            status = 400
    context = {
        "page": page,
        "form": form,
        "created": created,
        "links": selectors.links_for_page(page),
        "header_title": f"Share preview: {page.get_admin_display_title()}",
        "header_icon": "link",
        "breadcrumbs_items": [
            {"url": reverse("wagtailadmin_home"), "label": "Home"},
            {"url": reverse("wagtailadmin_pages:edit", args=[page.pk]), "label": page.get_admin_display_title()},
            {"url": "", "label": "Share preview"},
        ],
    }
    return TemplateResponse(request, "share_links/admin/page_share_links.html", context, status=status)


@require_POST
def revoke(request, pk):
    link = get_object_or_404(ShareLink, pk=pk)
    page = editable_page(request.user, link.page_id)
    was_revoked = link.is_revoked
    services.revoke_share_link(link, request.user)
    if was_revoked:
        messages.info(request, "That link was already revoked.")
    else:
        messages.success(request, "Link revoked: it no longer opens the preview.")
    return redirect("share_links_admin:page", page_id=page.pk)
