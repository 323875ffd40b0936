"""What the background worker records: when each job last ran, and which workers are alive."""

from django.db import models
from django.utils import timezone


class Job(models.Model):
    """One recurring job. A worker runs it only after claiming this row (see ``agencyscript.worker.runner``)."""

    name = models.CharField(max_length=50, primary_key=True)
    next_run_at = models.DateTimeField(default=timezone.now)
    # While a worker runs the job, later than now: no other worker may claim it.
    locked_until = models.DateTimeField(default=timezone.now)
    locked_by = models.CharField(max_length=100, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    def __str__(self):
        return self.name


class Heartbeat(models.Model):
    """A running worker process, by host and process id; refreshed on every turn of its loop."""

    worker = models.CharField(max_length=100, unique=True)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"{self.worker} (seen {self.seen_at:%Y-%m-%d %H:%M:%S})"
