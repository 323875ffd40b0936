"""The admin dashboard says whether the worker runs and whether anything waits on it."""

from wagtail import hooks
from wagtail.admin.ui.components import Component

from agencyscript.worker import runner


class BackgroundJobsPanel(Component):
    name = "background_jobs"
    order = 90
    template_name = "worker/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        context = {
            "last_seen": runner.last_seen(),
            "alive": runner.worker_alive(),
            "scheduled": runner.scheduled_revisions().count(),
            "overdue": runner.overdue_schedules().count(),
            "upcoming": runner.next_page_publications(),
            "overdue_after": runner.OVERDUE_AFTER,
        }
        if self.user.has_perm("signups.view_outboundemail"):
            context["email"] = runner.email_backlog()
        return context


@hooks.register("construct_homepage_panels")
def add_background_jobs_panel(request, panels):
    panels.append(BackgroundJobsPanel(request.user))
