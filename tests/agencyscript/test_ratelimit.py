from unittest import mock

from django.test import RequestFactory, SimpleTestCase, override_settings

from agencyscript import ratelimit
from agencyscript.client_ip import client_address, client_key


def request_from(address, forwarded=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


class ClientKeyTests(SimpleTestCase):
    def test_ipv4_is_counted_per_address(self):
        self.assertEqual(client_key(request_from("203.0.113.7")), "203.0.113.7")

    def test_ipv6_is_counted_per_64(self):
        first = client_key(request_from("2001:db8:1:2:aaaa::1"))
        second = client_key(request_from("2001:db8:1:2:ffff:1:2:3"))
        other = client_key(request_from("2001:db8:1:3::1"))
        self.assertEqual(first, "2001:db8:1:2::/64")
        self.assertEqual(first, second)
        self.assertNotEqual(first, other)

    def test_forwarded_for_is_ignored_unless_we_run_the_proxy(self):
        self.assertEqual(client_address(request_from("10.0.0.1", "198.51.100.9")), "10.0.0.1")
        with override_settings(NUM_PROXIES=1):
            self.assertEqual(client_address(request_from("10.0.0.1", "1.1.1.1, 198.51.100.9")), "198.51.100.9")

    def test_garbage_address(self):
        self.assertEqual(client_key(request_from("not-an-ip")), "unknown")


@override_settings(RATE_LIMITS={"signup": "2/60", "search": "30/60", "verify": "30/60"})
class RateLimitTests(SimpleTestCase):
    def setUp(self):
        from django.core.cache import cache

        cache.clear()

    def test_allows_up_to_the_limit_then_refuses(self):
        request = request_from("203.0.113.8")
        self.assertTrue(ratelimit.hit("signup", request).allowed)
        self.assertTrue(ratelimit.hit("signup", request).allowed)
        decision = ratelimit.hit("signup", request)
        self.assertFalse(decision.allowed)
        self.assertTrue(1 <= decision.retry_after <= 60)
        self.assertTrue(ratelimit.hit("signup", request_from("203.0.113.9")).allowed)

    def test_a_broken_cache_lets_requests_through(self):
        with mock.patch("agencyscript.ratelimit.cache.add", side_effect=ConnectionError("redis down")):
            self.assertTrue(ratelimit.hit("signup", request_from("203.0.113.8")).allowed)

    def test_parse_limit(self):
        self.assertEqual(ratelimit.parse_limit("30/60"), ratelimit.Limit(30, 60))
        self.assertEqual(ratelimit.parse_limit("5"), ratelimit.Limit(5, 60))


class RedisSharedLimitTests(SimpleTestCase):
    """With REDIS_URL the counts live in Redis, shared by every process."""

    def test_counts_are_shared_through_redis(self):
        import socket

        try:
            socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        except OSError:
            self.skipTest("Redis is not running on 127.0.0.1:6379")
        from django.core.cache.backends.redis import RedisCache

        redis_cache = RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": "as-test"})
        redis_cache.clear()
        other_process_view = RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": "as-test"})
        with (
            override_settings(RATE_LIMITS={"signup": "1/60", "search": "1/60", "verify": "1/60"}),
            mock.patch("agencyscript.ratelimit.cache", redis_cache),
        ):
            self.assertTrue(ratelimit.hit("signup", request_from("203.0.113.10")).allowed)
        with (
            override_settings(RATE_LIMITS={"signup": "1/60", "search": "1/60", "verify": "1/60"}),
            mock.patch("agencyscript.ratelimit.cache", other_process_view),
        ):
            self.assertFalse(ratelimit.hit("signup", request_from("203.0.113.10")).allowed)
        redis_cache.clear()
