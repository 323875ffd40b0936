"""Brute-force protection for sign-in: failures counted per account and per client."""

from contextlib import suppress

from django.conf import settings
from django.core.cache import cache

from agencyscript.clients import client_key


def _keys(request, email):
    keys = [f"login-fail:account:{(email or '').strip().lower()}"]
    if request is not None:
        keys.append(f"login-fail:client:{client_key(request)}")
    return keys


def _limits():
    return [settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT, settings.LOGIN_FAILURE_LIMIT_PER_CLIENT]


def is_locked(request, email):
    try:
        counts = cache.get_many(_keys(request, email))
    except Exception:  # noqa: BLE001 - cache down: fall back to plain authentication
        return False
    return any(counts.get(key, 0) >= limit for key, limit in zip(_keys(request, email), _limits(), strict=False))


def record_failure(request, email):
    for key in _keys(request, email):
        with suppress(Exception):  # counting is best effort when the cache is down
            if not cache.add(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS):
                cache.incr(key)


def clear_account(email):
    with suppress(Exception):
        cache.delete(_keys(None, email)[0])


def lockout_minutes():
    return max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
