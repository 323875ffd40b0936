"""The two stores of the ``default`` cache (``agencyscript/settings/base.py``), both safe to lose.

``FailSafeRedisCache``: Django's Redis cache (``REDIS_URL``: every machine).

``SharedFileCache``: without Redis, every worker of one machine shares
diskcache's store under ``CACHE_DIR`` (SQLite indexes, large values in files).
Unlike Django's file cache, storing an entry does not list every file first (so
storing a page takes about 1 ms with 4,000 entries, not 15), eviction drops the least
recently stored entries instead of a random third, and ``add`` and ``incr`` are
atomic across processes (rate limits count every request).

Every user of the cache (Wagtail's site lookup, the page cache, rate limits)
would otherwise fail the request when the store fails: Redis unreachable, a
full disk, a directory the site may not write. Here a failed call answers as a
miss, and for a few seconds afterwards the process does not try again, so pages
are served uncached instead of each waiting on the failure.
"""

import logging
import math
import sqlite3
import time

from diskcache import DjangoCache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


class FailSafe:
    """A cache backend whose calls that fail with ``errors`` answer as misses."""

    errors = ()
    down_until = 0.0

    def _guard(self, call, default, *args, **kwargs):
        if time.monotonic() < self.down_until:
            return default
        try:
            return call(*args, **kwargs)
        except self.errors:
            self.down_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("Cache store unavailable; carrying on without it", exc_info=True)
            return default

    def get(self, key, default=None, version=None):
        return self._guard(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guard(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._guard(super().has_key, False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().add, False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().set, None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().set_many, list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().touch, False, key, timeout, version)

    def incr(self, key, delta=1, version=None):
        # Down, the store counts nothing: as if the key were new. A missing key still raises ValueError.
        return self._guard(super().incr, delta, key, delta, version)

    def decr(self, key, delta=1, version=None):
        # As Django's own backends do (diskcache's passes arguments this incr does not take).
        return self.incr(key, -delta, version)

    def delete(self, key, version=None):
        return self._guard(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        return self._guard(super().delete_many, None, keys, version)

    def clear(self):
        return self._guard(super().clear, False)


class FailSafeRedisCache(FailSafe, RedisCache):
    errors = (RedisError,)


class SharedFileCache(FailSafe, DjangoCache):
    # A full disk, a directory the site may not write, a damaged index.
    errors = (OSError, sqlite3.Error)

    def __init__(self, directory, params):
        try:
            super().__init__(directory, params)
        except self.errors:
            # The store's directory cannot be made: this process runs uncached.
            self.down_until = math.inf
            logger.warning("Cache directory %s unusable; serving uncached", directory, exc_info=True)

    def close(self, **kwargs):
        """Keep the connections open: Django closes every cache after each request.

        Opening a shard's SQLite file again costs more than the read itself (about
        1.3 ms against 0.1 ms). The store reopens them itself in a forked process.
        """
