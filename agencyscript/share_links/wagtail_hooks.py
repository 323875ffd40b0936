"""Share preview in the admin: a "Share preview" action on the page, its screen, and audit log actions."""

from django.urls import include, path, reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter

from agencyscript.share_links import admin_urls
from agencyscript.share_links.services import CREATE_ACTION, REVOKE_ACTION


@hooks.register("register_admin_urls")
def register_share_link_urls():
    return [path("share-links/", include(admin_urls, namespace="share_links_admin"))]


class SharePreviewMenuItem(PageMenuItem):
    label = "Share preview"
    icon_name = "link"
    priority = 62

    @cached_property
    def url(self):
        return reverse("share_links_admin:page", args=[self.page.pk])

    def is_shown(self, user):
        return not self.page.is_root() and self.page.permissions_for_user(user).can_edit()


@hooks.register("register_page_header_buttons")
def share_preview_button(page, user, view_name, next_url=None):
    yield SharePreviewMenuItem(page=page)


def expiry(log_entry):
    return (log_entry.data or {}).get("expires_at", "")[:16].replace("T", " ")


@hooks.register("register_log_actions")
def register_share_link_actions(actions):
    @actions.register_action(CREATE_ACTION)
    class CreateShareLink(LogFormatter):
        label = "Create preview share link"

        def format_message(self, log_entry):
            return f"Created a preview share link (expires {expiry(log_entry)} UTC)"

    @actions.register_action(REVOKE_ACTION)
    class RevokeShareLink(LogFormatter):
        label = "Revoke preview share link"

        def format_message(self, log_entry):
            return f"Revoked a preview share link (was to expire {expiry(log_entry)} UTC)"
