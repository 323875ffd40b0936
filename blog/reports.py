"""Admin reports about articles: broken external links."""

from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from blog.models import ExternalLink

EDITING = ["add", "change", "publish"]


class BrokenLinksView(ReportView):
    """Addresses in live articles that did not answer well at the last nightly check."""

    page_title = "Broken external links"
    header_icon = "link"
    results_template_name = "blog/admin/broken_links_results.html"
    index_url_name = "blog_broken_links"
    index_results_url_name = "blog_broken_links_results"
    any_permission_required = EDITING
    no_results_message = "No broken external links at the last check."

    @cached_property
    def permission_policy(self):
        # The report lists links, but who may see them is decided by the articles.
        return policy_registry.get_by_type(Page)

    def get_queryset(self):
        editable = self.permission_policy.instances_user_has_permission_for(self.request.user, "change")
        return (
            ExternalLink.objects.filter(ok=False, article__live=True, article__in=editable.values("pk"))
            .select_related("article")
            .order_by("article__title", "url")
        )


class BrokenLinksMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(request.user, EDITING)
