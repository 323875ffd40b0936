"""Fixed-window rate limits per client, kept in the default cache.

With ``REDIS_URL`` set the cache is Redis, so every process and machine shares
the counts. If the cache is unreachable we let the request through: a limit
that takes the site down with it protects nothing.
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from agencyscript.client_ip import client_key

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    requests: int
    seconds: int


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0


def parse_limit(text):
    """``"30/60"`` means 30 requests per 60 seconds."""
    requests, _, seconds = text.partition("/")
    return Limit(int(requests), int(seconds or 60))


def get_limit(scope):
    return parse_limit(settings.RATE_LIMITS[scope])


def hit(scope, request, *, key=None):
    """Count one request in ``scope`` and say whether it is allowed."""
    limit = get_limit(scope)
    now = int(time.time())
    window = now // limit.seconds
    cache_key = f"ratelimit:{scope}:{key or client_key(request)}:{window}"
    try:
        added = cache.add(cache_key, 1, timeout=limit.seconds + 1)
        count = 1 if added else cache.incr(cache_key)
    except ValueError:
        # Expired between add() and incr(): this request starts a new window.
        cache.set(cache_key, 1, timeout=limit.seconds + 1)
        count = 1
    except Exception:  # noqa: BLE001 - a down cache must not take the site down
        logger.warning("Rate-limit cache unavailable; allowing request", exc_info=True)
        return Decision(True)
    if count > limit.requests:
        return Decision(False, retry_after=(window + 1) * limit.seconds - now)
    return Decision(True)
