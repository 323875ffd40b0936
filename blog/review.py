"""The review workflow: its automatic checks, publication on approval, and what is logged.

Articles go through "Article review": an automatic content check when they are
submitted, review by the *Reviewers* group, then a final automatic check of the
revision that will actually go live (the latest one: a reviewer may have edited
it, or a duplicate may have gone live meanwhile). Approval publishes as the
workflow (``WAGTAIL_FINISH_WORKFLOW_ACTION`` names ``blog.finish_action``), so
reviewers need no publish permission, and the reviewer is named in the byline.
Check results, publication on approval, publication without review and refused
schedules are entries in Wagtail's audit log.
"""

from dataclasses import asdict

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page, Revision, Workflow, WorkflowPage

from blog import checks
from blog.models import ArticlePage

REVIEW_WORKFLOW = "Article review"
REVIEWERS = "Reviewers"
FIRST_CHECK = "Automatic check"
REVIEW = "Review by Reviewers"
FINAL_CHECK = "Final automatic check"

CHECKS_PASSED = "blog.checks_passed"
CHECKS_FAILED = "blog.checks_failed"
PUBLISHED_ON_APPROVAL = "blog.published_on_approval"
PUBLISHED_WITHOUT_REVIEW = "blog.published_without_review"
SCHEDULE_REFUSED = "blog.schedule_refused"

LOG_ACTIONS = [
    (CHECKS_PASSED, "Content checks passed", "Content checks passed (automatic)"),
    (CHECKS_FAILED, "Content checks failed", "Content checks failed (automatic)"),
    (PUBLISHED_ON_APPROVAL, "Published on approval", "Published by the review workflow on approval"),
    (PUBLISHED_WITHOUT_REVIEW, "Published without review", "Published directly, without the review workflow"),
    (SCHEDULE_REFUSED, "Schedule refused", "Scheduled publication refused: the revision fails the content checks"),
]


def problem_list(problems):
    return "\n".join(f"- {problem.message}{'' if problem.blocks else ' (warning)'}" for problem in problems)


def problem_data(problems):
    return [asdict(problem) for problem in problems]


def attach(index):
    """Put the articles under a blog index through the review workflow (installed by a migration)."""
    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})


def decide(task_state):
    """Approve or return an automatic check's task state on what the checks find in its revision."""
    revision = task_state.revision
    article = revision.as_object()
    name = task_state.task.name
    if not isinstance(article, ArticlePage):
        task_state.approve(update=False, comment=f"Automatic comment from “{name}”: no checks for this page type.")
        return
    problems = checks.check_article(article)
    failed = bool(checks.blocking(problems))
    data = {"task": name, "revision_id": revision.pk, "problems": problem_data(problems)}
    log(instance=article, action=CHECKS_FAILED if failed else CHECKS_PASSED, data=data, revision=revision)
    if failed:
        comment = f"Automatic comment from “{name}”: returned for changes.\n{problem_list(problems)}"
        task_state.reject(update=False, comment=comment)
    else:
        comment = f"Automatic comment from “{name}”: all checks passed."
        if problems:
            comment += f"\n{problem_list(problems)}"
        task_state.approve(update=False, comment=comment)


def reviewer_name(user):
    if user is None:
        return ""
    return (user.get_full_name() or user.get_username())[:150]


@transaction.atomic
def publish_on_approval(workflow_state, user=None):
    """Publish (or schedule) the latest revision as the workflow, once, naming the reviewer."""
    obj = workflow_state.content_object
    if not isinstance(obj, Page):
        obj.get_latest_revision().publish(user=user, skip_permission_checks=True)
        return
    # Two reviewers approving at the same moment: the second waits here, then finds nothing to do.
    page = Page.objects.select_for_update().get(pk=obj.pk)
    revision = page.get_latest_revision()
    if revision.pk == page.live_revision_id or revision.approved_go_live_at is not None:
        return
    article = revision.as_object()
    if isinstance(article, ArticlePage):
        revision.content["reviewed_by"] = reviewer_name(user)
        revision.save(update_fields=["content"])
    revision.publish(user=user, skip_permission_checks=True)
    log(
        instance=article,
        action=PUBLISHED_ON_APPROVAL,
        user=user,
        data={"reviewer": reviewer_name(user), "revision_id": revision.pk},
        revision=revision,
    )


def log_direct_publish(page, user):
    """A publication that skipped a review workflow that applies to the article (a superuser's or an import's)."""
    page = page.specific
    if isinstance(page, ArticlePage) and page.get_workflow() is not None:
        log(instance=page, action=PUBLISHED_WITHOUT_REVIEW, user=user, data={"checks": "passed"})


def refuse_failing_schedules(now=None):
    """Before scheduled publishing runs: take revisions that fail the checks off the schedule, and log it.

    Returns the number refused. What was checked at scheduling time may fail by
    the go-live time (a linked page unpublished, a duplicate published).
    """
    now = now or timezone.now()
    refused = 0
    for revision in Revision.objects.filter(approved_go_live_at__lte=now).order_by("approved_go_live_at"):
        article = revision.as_object()
        if not isinstance(article, ArticlePage):
            continue
        problems = checks.blocking(checks.check_article(article))
        if problems:
            revision.approved_go_live_at = None
            revision.save(update_fields=["approved_go_live_at"])
            log(
                instance=article,
                action=SCHEDULE_REFUSED,
                data={"revision_id": revision.pk, "problems": problem_data(problems)},
                revision=revision,
            )
            refused += 1
    return refused
