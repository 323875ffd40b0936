"""The health check says what is down and is never cached; pages refuse methods they do not handle;
media files that cannot exist are a 404."""

from pathlib import Path
from unittest import mock

from django.db import OperationalError
from django.test import TestCase, override_settings

from agencyscript.worker import runner
from tests.helpers import load_demo_site


@override_settings(PAGE_CACHE_ENABLED=True)
class HealthCheckTests(TestCase):
    def setUp(self):
        runner.beat("worker-1")  # a worker is alive (tests/agencyscript/test_worker.py covers when none is)

    def test_healthy(self):
        response = self.client.get("/healthz/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"ok")
        self.assertIn("no-store", response["Cache-Control"])
        self.assertNotIn("X-Page-Cache", self.client.get("/healthz/"))

    def test_database_down(self):
        with mock.patch("agencyscript.views.connection.cursor", side_effect=OperationalError("down")):
            response = self.client.get("/healthz/")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.content, b"down: database")
        self.assertEqual(response["Retry-After"], "30")
        self.assertIn("no-store", response["Cache-Control"])

    @override_settings(
        CACHES={
            "default": {
                "BACKEND": "agencyscript.cache_backends.FailSafeRedisCache",
                "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on port 9
                "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
            }
        }
    )
    def test_cache_store_down(self):
        response = self.client.get("/healthz/")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.content, b"down: cache")

    @override_settings(
        CACHES={
            "default": {
                "BACKEND": "agencyscript.cache_backends.SharedFileCache",
                "LOCATION": str(Path(__file__) / "cache"),  # a directory inside a file cannot be made
            }
        }
    )
    def test_file_store_unusable(self):
        response = self.client.get("/healthz/")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.content, b"down: cache")


class MethodTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site(articles=False)

    def test_pages_answer_405_to_methods_they_do_not_handle(self):
        for path in ["/", "/about/", "/blog/", "/certification/"]:
            for method in ("put", "delete", "patch", "post"):
                response = getattr(self.client, method)(path)
                self.assertEqual(response.status_code, 405, f"{method.upper()} {path}")
                self.assertIn("GET", response["Allow"])

    def test_form_pages_still_take_posts(self):
        response = self.client.post("/waitlist/", {}, HTTP_SEC_FETCH_SITE="same-origin")
        self.assertNotEqual(response.status_code, 405)
        self.assertEqual(self.client.put("/waitlist/").status_code, 405)


class MediaTests(TestCase):
    def test_a_file_name_too_long_for_the_file_system_is_a_404(self):
        # Found by tests/live/test_fuzz.py: the OSError (ENAMETOOLONG) of Django's static view was a 500.
        for name in ["a" * 300, "dir/" + "é" * 200 + ".png", "missing.png"]:
            response = self.client.get(f"/media/images/{name}")
            self.assertEqual(response.status_code, 404, name[:20])
