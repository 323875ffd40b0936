"""The worker's loop: claim a due job, run it, record the outcome; say it is alive.

Claiming is one conditional UPDATE of the job's row: "if it is due and nobody
holds it, hold it until <lease>". The database applies it atomically (PostgreSQL
re-checks the condition after waiting for a parallel update; SQLite writes one at
a time), so however many workers run, on one machine or several, one of them
runs a given job at a time. A worker that dies mid-job loses its hold when the
lease ends.
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import close_old_connections
from django.db.models import Count, Q
from django.utils import timezone
from wagtail.models import Page, Revision

from agencyscript.signups.models import OutboundEmail
from agencyscript.worker.jobs import JOBS
from agencyscript.worker.models import Heartbeat, Job

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
# /healthz/ and the dashboard call a worker gone after this long without a heartbeat,
# and a scheduled publication overdue after this long past its time.
HEARTBEAT_STALE_AFTER = timedelta(minutes=5)
OVERDUE_AFTER = timedelta(minutes=15)


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def claim(job, worker):
    Job.objects.get_or_create(name=job.name)
    now = timezone.now()
    claimed = Job.objects.filter(name=job.name, next_run_at__lte=now, locked_until__lte=now).update(
        locked_until=now + LEASE, locked_by=worker
    )
    return claimed == 1


def run_job(job, worker):
    """Run ``job`` if it is due and no other worker holds it; True if it ran."""
    if not claim(job, worker):
        return False
    started = timezone.now()
    error = ""
    try:
        job.run()
    except Exception as exc:  # noqa: BLE001 - one failing job must not stop the others
        logger.exception("Job %s failed", job.name)
        error = f"{type(exc).__name__}: {exc}"[:2000]
    finished = timezone.now()
    Job.objects.filter(name=job.name, locked_by=worker).update(
        locked_until=finished, next_run_at=started + job.every, last_finished_at=finished, last_error=error
    )
    return True


def beat(worker):
    Heartbeat.objects.update_or_create(worker=worker, defaults={"seen_at": timezone.now()})


def run_once(worker, jobs=JOBS):
    """One turn of the loop: a heartbeat, then every job that is due."""
    beat(worker)
    for job in jobs:
        run_job(job, worker)


def run_forever(stop: threading.Event, *, interval=1.0, jobs=JOBS):
    worker = worker_name()
    logger.info("Worker %s started", worker)
    while not stop.is_set():
        try:
            close_old_connections()  # a database that went away and came back is reconnected here
            run_once(worker, jobs)
        except Exception:  # noqa: BLE001 - the database may be down for a while; keep trying
            logger.exception("Worker turn failed; retrying in %s s", interval)
        stop.wait(interval)
    Heartbeat.objects.filter(worker=worker).delete()
    logger.info("Worker %s stopped", worker)


def last_seen():
    """When any worker was last alive, or None if none ever was."""
    return Heartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()


def worker_alive():
    seen = last_seen()
    return seen is not None and timezone.now() - seen < HEARTBEAT_STALE_AFTER


def scheduled_revisions():
    return Revision.objects.exclude(approved_go_live_at=None)


def overdue_schedules():
    """Revisions scheduled to go live more than OVERDUE_AFTER ago and still waiting."""
    return scheduled_revisions().filter(approved_go_live_at__lt=timezone.now() - OVERDUE_AFTER)


def next_page_publications(limit=5):
    """The pages due to go live soonest (overdue first): revision, title, page id, time, and whether overdue."""
    overdue_before = timezone.now() - OVERDUE_AFTER
    revisions = scheduled_revisions().filter(base_content_type=ContentType.objects.get_for_model(Page))
    return [
        {
            "title": revision.object_str,
            "page_id": revision.object_id,
            "go_live_at": revision.approved_go_live_at,
            "overdue": revision.approved_go_live_at < overdue_before,
        }
        for revision in revisions.order_by("approved_go_live_at")[:limit]
    ]


def email_backlog():
    """Outgoing email still to send, and given up, in one query."""
    return OutboundEmail.objects.filter(sent_at=None).aggregate(
        waiting=Count("pk", filter=Q(gave_up_at=None)), failed=Count("pk", filter=~Q(gave_up_at=None))
    )
