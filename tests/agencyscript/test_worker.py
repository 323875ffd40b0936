"""The background worker: runs each due job once, on however many workers; health reports it."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import TestCase, TransactionTestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import PageLogEntry, Revision
from wagtail.tasks import update_reference_index_task

from agencyscript.models import StandardPage
from agencyscript.signups.models import OutboundEmail
from agencyscript.signups.outbox import queue_email
from agencyscript.worker import runner
from agencyscript.worker.jobs import JOBS
from agencyscript.worker.jobs import Job as JobSpec
from agencyscript.worker.models import Heartbeat, Job
from certification.models import VerificationEvent
from tests.blog.utils import build_site
from tests.helpers import load_demo_site

REPO = Path(__file__).resolve().parents[2]


def counting_job(name="count", every=timedelta(minutes=1), fail=False):
    calls = []

    def run():
        calls.append(timezone.now())
        if fail:
            raise RuntimeError("the job broke")

    return JobSpec(name, every, run), calls


def schedule_about_page(seconds_ahead=1):
    """Schedule an edit of the About page to go live shortly; wait until its time has come."""
    page = StandardPage.objects.get(slug="about")
    page.title = "About Agency Script (scheduled)"
    page.go_live_at = timezone.now() + timedelta(seconds=seconds_ahead)
    page.save_revision().publish()  # in the future: scheduled, not live yet
    time.sleep(seconds_ahead + 0.1)
    return page


class JobTests(TestCase):
    def test_a_due_job_runs_once_until_it_is_due_again(self):
        job, calls = counting_job()
        self.assertTrue(runner.run_job(job, "a"))
        self.assertFalse(runner.run_job(job, "b"))
        self.assertEqual(len(calls), 1)
        Job.objects.filter(name="count").update(next_run_at=timezone.now())
        self.assertTrue(runner.run_job(job, "b"))
        self.assertEqual(len(calls), 2)

    def test_a_job_held_by_another_worker_waits_for_its_lease_to_end(self):
        job, calls = counting_job()
        Job.objects.create(name="count", locked_until=timezone.now() + timedelta(minutes=5), locked_by="elsewhere")
        self.assertFalse(runner.run_job(job, "here"))
        Job.objects.filter(name="count").update(locked_until=timezone.now())  # the other worker died
        self.assertTrue(runner.run_job(job, "here"))
        self.assertEqual(len(calls), 1)

    def test_a_failing_job_is_recorded_and_the_others_still_run(self):
        broken, _ = counting_job("broken", fail=True)
        fine, calls = counting_job("fine")
        with self.assertLogs("agencyscript.worker.runner", "ERROR"):
            runner.run_once("w", jobs=(broken, fine))
        self.assertEqual(Job.objects.get(name="broken").last_error, "RuntimeError: the job broke")
        self.assertEqual(Job.objects.get(name="fine").last_error, "")
        self.assertEqual(len(calls), 1)
        self.assertTrue(Heartbeat.objects.filter(worker="w").exists())

    def test_queued_email_is_sent_by_the_worker(self):
        from django.core import mail

        queue_email("ada@example.com", "Hello", "Body")
        runner.run_once("w")
        self.assertEqual([message.to for message in mail.outbox], [["ada@example.com"]])
        self.assertIsNotNone(OutboundEmail.objects.get().sent_at)

    @override_settings(CERTIFICATION_VERIFICATION_LOG_RETENTION_DAYS=30)
    def test_the_worker_purges_the_verification_log_past_its_retention(self):
        old = VerificationEvent.objects.create(credential_id="AS-OLD", outcome="valid", client_hash="x")
        VerificationEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
        recent = VerificationEvent.objects.create(credential_id="AS-NEW", outcome="valid", client_hash="y")
        runner.run_once("w")
        self.assertEqual(list(VerificationEvent.objects.values_list("pk", flat=True)), [recent.pk])

    @override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "ENQUEUE_ON_COMMIT": False}})
    def test_wagtails_background_tasks_queued_in_the_database_are_run_by_the_worker(self):
        _, index = build_site()
        queued = update_reference_index_task.enqueue("blog", "blogindexpage", index.pk)
        self.assertEqual(DBTaskResult.objects.get(id=queued.id).status, "READY")
        runner.run_once("w")
        self.assertEqual(DBTaskResult.objects.get(id=queued.id).status, "SUCCESSFUL")

    def test_every_job_has_its_own_name(self):
        names = [job.name for job in JOBS]
        self.assertEqual(len(names), len(set(names)))


class ScheduledPublishingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site(articles=False)

    def test_a_scheduled_edit_goes_live_on_the_next_turn(self):
        schedule_about_page()
        self.assertNotContains(self.client.get("/about/"), "(scheduled)")
        runner.run_once("w")
        self.assertContains(self.client.get("/about/"), "About Agency Script (scheduled)")
        self.assertEqual(PageLogEntry.objects.filter(action="wagtail.publish.scheduled").count(), 1)


@override_settings(PAGE_CACHE_ENABLED=False)
class HealthTests(TestCase):
    def test_ok_while_a_worker_is_alive(self):
        runner.beat("w")
        response = self.client.get("/healthz/")
        self.assertEqual((response.status_code, response.content), (200, b"ok"))

    def test_no_worker_ever_seen(self):
        response = self.client.get("/healthz/")
        self.assertEqual((response.status_code, response.content), (503, b"down: worker"))

    def test_worker_not_seen_for_five_minutes(self):
        Heartbeat.objects.create(worker="w", seen_at=timezone.now() - timedelta(minutes=5, seconds=1))
        self.assertEqual(self.client.get("/healthz/").content, b"down: worker")

    def test_a_schedule_fifteen_minutes_overdue(self):
        load_demo_site(articles=False)
        runner.beat("w")
        schedule_about_page()
        self.assertEqual(self.client.get("/healthz/").status_code, 200)
        Revision.objects.exclude(approved_go_live_at=None).update(
            approved_go_live_at=timezone.now() - timedelta(minutes=16)
        )
        response = self.client.get("/healthz/")
        self.assertEqual((response.status_code, response.content), (503, b"down: worker"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="worker processes share the test database on PostgreSQL")
class TwoWorkerProcessesTests(TransactionTestCase):
    """Two `manage.py run_worker` processes, started as `make run` starts one: nothing is done twice."""

    serialized_rollback = True

    def start_worker(self):
        settings_dict = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "agencyscript.settings.dev",  # emails printed to stdout
            "DATABASE_URL": (
                f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
                f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
            ),
            "PYTHONUNBUFFERED": "1",
        }
        return subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.05"],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def test_two_workers_send_each_email_once_and_publish_once(self):
        load_demo_site(articles=False)
        for number in range(30):
            queue_email(f"reader{number}@example.com", f"Message {number}", "Body")
        page = schedule_about_page()
        workers = [self.start_worker(), self.start_worker()]
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                page.refresh_from_db()
                if page.title.endswith("(scheduled)") and not OutboundEmail.objects.filter(sent_at=None).exists():
                    break
                time.sleep(0.2)
            time.sleep(0.5)  # let both workers take a few more turns
        finally:
            outputs = []
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
                outputs.append(worker.communicate(timeout=30))
        printed = "".join(stdout for stdout, _ in outputs)
        errors = "".join(stderr for _, stderr in outputs)
        self.assertTrue(page.title.endswith("(scheduled)"), errors)
        subjects = sorted(line for line in printed.splitlines() if line.startswith("Subject: Message"))
        self.assertEqual(subjects, sorted(f"Subject: Message {number}" for number in range(30)), errors)
        self.assertEqual(OutboundEmail.objects.filter(attempts=1).count(), 30)
        published = PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled")
        self.assertEqual(published.count(), 1)
        self.assertEqual([worker.returncode for worker in workers], [0, 0], errors)
        self.assertFalse(Heartbeat.objects.exists())  # a worker that stops says so


class DashboardTests(TestCase):
    def setUp(self):
        self.admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
        self.client.force_login(self.admin)

    def test_a_worker_never_seen_is_said_plainly(self):
        response = self.client.get("/admin/")
        self.assertContains(response, "Background jobs")
        self.assertContains(response, "Not running")
        self.assertContains(response, "never seen")
        self.assertNotContains(response, "gravatar.com")  # blocked by the admin's CSP: it would show broken

    def test_running_worker_and_failed_email(self):
        runner.beat("w")
        queue_email("ok@example.com", "Waiting", "Body")
        failed = queue_email("gone@example.com", "Failed", "Body")
        OutboundEmail.objects.filter(pk=failed.pk).update(gave_up_at=timezone.now(), last_error="550 no such user")
        response = self.client.get("/admin/")
        self.assertContains(response, "Running")
        self.assertContains(response, "1 waiting to be sent")
        link = "/admin/submissions/outgoing-email/?gave_up_at__isnull=false"
        self.assertContains(response, f'href="{link}"')
        listing = self.client.get(link)
        self.assertContains(listing, "gone@example.com")
        self.assertNotContains(listing, "ok@example.com")
        self.assertContains(listing, "550 no such user")

    def test_editors_without_access_to_email_do_not_see_its_backlog(self):
        editor = get_user_model().objects.create_user("ed", "ed@example.com", "pw")
        editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(editor)
        response = self.client.get("/admin/")
        self.assertContains(response, "Background jobs")
        self.assertNotContains(response, "Outgoing email")

    def test_scheduled_publications_are_listed_soonest_first_with_overdue_ones_marked(self):
        home, index = build_site()
        now = timezone.now()
        for page, due in ((home, now + timedelta(days=2)), (index, now - timedelta(minutes=20))):
            Revision.objects.filter(pk=page.save_revision().pk).update(approved_go_live_at=due)
        response = self.client.get("/admin/")
        self.assertContains(response, "2 waiting; <strong>1 more than 15 minutes overdue</strong>", html=False)
        listed = [
            item.get_text(" ", strip=True)
            for item in BeautifulSoup(response.content, "html.parser").select(".scheduled-publications li")
        ]
        self.assertEqual(len(listed), 2)
        self.assertTrue(listed[0].startswith("Blog") and listed[0].endswith("Overdue"), listed)
        self.assertTrue(listed[1].startswith("Home") and "Overdue" not in listed[1], listed)
        self.assertContains(response, f'href="/admin/pages/{index.pk}/edit/"')
