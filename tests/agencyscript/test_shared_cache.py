"""The store every worker of one machine shares when there is no Redis (``SharedFileCache``)."""

import multiprocessing
import tempfile

from django.core.cache import caches
from django.core.signals import request_finished
from django.test import RequestFactory, SimpleTestCase, override_settings

from agencyscript import ratelimit

WORKERS = 4
REQUESTS_EACH = 25
LIMIT = 60


def shared_store(directory):
    return {
        "default": {
            "BACKEND": "agencyscript.cache_backends.SharedFileCache",
            "LOCATION": directory,
            "KEY_PREFIX": "agencyscript",
            "OPTIONS": {"size_limit": 2**26},
        }
    }


def allowed_in_one_worker(_):
    """A forked worker's share of the requests from one client: how many were let through."""
    request = RequestFactory().get("/verify/", REMOTE_ADDR="203.0.113.50")
    allowed = 0
    for _ in range(REQUESTS_EACH):
        allowed += ratelimit.hit("verify", request).allowed
        request_finished.send(sender=None)  # as after each response: Django closes the caches
    return allowed


class SharedFileCacheTests(SimpleTestCase):
    def setUp(self):
        directory = self.enterContext(tempfile.TemporaryDirectory())
        # A window longer than the test, so the count cannot roll over midway.
        self.enterContext(
            override_settings(CACHES=shared_store(directory), RATE_LIMITS={"verify": f"{LIMIT}/1000000000"})
        )

    def test_workers_share_entries(self):
        caches["default"].set("greeting", "stored by the first worker")
        with multiprocessing.get_context("fork").Pool(1) as pool:
            seen = pool.apply(caches["default"].get, ("greeting",))
        self.assertEqual(seen, "stored by the first worker")

    def test_a_rate_limit_counts_every_request_across_workers(self):
        with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
            allowed = sum(pool.map(allowed_in_one_worker, range(WORKERS)))
        # 100 requests at once from 4 processes: exactly the limit gets through, no lost counts.
        self.assertEqual(allowed, LIMIT)

    def test_counts_go_up_and_down(self):
        caches["default"].set("count", 5)
        self.assertEqual(caches["default"].incr("count"), 6)
        self.assertEqual(caches["default"].decr("count", 2), 4)
        with self.assertRaises(ValueError):
            caches["default"].incr("never stored")

    def test_entries_survive_the_end_of_a_request(self):
        caches["default"].set("page", b"<html>")
        request_finished.send(sender=None)
        self.assertEqual(caches["default"].get("page"), b"<html>")
