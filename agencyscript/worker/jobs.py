"""The recurring jobs the worker runs, and how often.

A new job is one more ``Job`` entry here: a name, an interval and a function
that takes no arguments. The runner makes sure only one worker runs it at a time.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker as TaskQueueWorker
from django_tasks_db.models import DBTaskResult

from agencyscript.signups.outbox import send_due_emails
from agencyscript.worker.models import Heartbeat
from blog.link_check import check_all as check_external_links
from blog.review import refuse_failing_schedules
from certification.vc.documents import resign_all


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[], object]


def publish_scheduled():
    """Wagtail's scheduled publishing: expired pages and snippets go down, due revisions go live.

    Due articles that now fail the content checks are first taken off the schedule (and logged).
    """
    refuse_failing_schedules()
    call_command("publish_scheduled", stdout=StringIO())


def run_wagtail_tasks(limit=100):
    """Wagtail's background tasks waiting in the database queue (django-tasks-db), up to ``limit`` a turn.

    Each task is claimed under a row lock (skipped by other workers), then run by the
    library's own worker class, which records its outcome. (Its ``db_worker`` loop would
    replace our signal handlers and close the connection between tasks.)
    """
    worker = TaskQueueWorker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=limit,
        worker_id=f"run_worker:{os.getpid()}",
    )
    for _ in range(limit):
        with transaction.atomic():
            task_result = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if task_result is None:
                return
            task_result.claim(worker.worker_id)
        worker.run_task(task_result)


def prune_task_results():
    call_command("prune_db_task_results", "--min-age-days", "7", stdout=StringIO())


def purge_audit_log():
    """Verification and change logs older than their retention periods (certification settings)."""
    call_command("purge_audit_log", stdout=StringIO())


def forget_stopped_workers():
    Heartbeat.objects.filter(seen_at__lt=timezone.now() - timedelta(days=1)).delete()


JOBS = (
    # Confirmations and notifications: a few seconds after the request that queued them.
    Job("send-email", timedelta(seconds=5), lambda: send_due_emails(limit=50)),
    # "At most a minute late."
    Job("publish-scheduled", timedelta(seconds=30), publish_scheduled),
    # Signed status lists are valid for a few days; unchanged lists signed today are left alone.
    Job("resign-status-lists", timedelta(hours=1), lambda: resign_all(force=False)),
    Job("forget-stopped-workers", timedelta(hours=1), forget_stopped_workers),
    Job("purge-audit-log", timedelta(hours=24), purge_audit_log),
    Job("wagtail-tasks", timedelta(seconds=5), run_wagtail_tasks),
    Job("prune-task-results", timedelta(hours=24), prune_task_results),
    # Broken links in live articles, listed in the admin's reports; they never block publishing.
    Job("check-external-links", timedelta(hours=24), check_external_links),
)
