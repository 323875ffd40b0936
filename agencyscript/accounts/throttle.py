"""Brute-force protection for sign-in, which nobody can turn against an account's owner.

Failures are counted in the shared cache (every worker and machine sees them):

- per account *and* client: after ``LOGIN_FAILURE_LIMIT_PER_ACCOUNT`` failures that client
  may not try that account again for the window; the owner, on another client, still can;
- per client: after ``LOGIN_FAILURE_LIMIT_PER_CLIENT`` failures (many accounts guessed from
  one place) that client may not sign in at all for the window;
- per account, from every client together: after ``LOGIN_FAILURE_SLOWDOWN_AFTER`` failures,
  each further attempt waits a delay that doubles with every failure (at most a minute).
  Guessing from many clients is slowed to a crawl; the owner waits seconds, never the window.

A successful sign-in clears its pair and the account's count.
"""

import time
from contextlib import suppress

from django.conf import settings
from django.core.cache import cache

from agencyscript.client_ip import client_key

MAX_DELAY_SECONDS = 60


def _account(email):
    return (email or "").strip().lower()


def _pair_key(request, email):
    # No request (a sign-in made by code, such as a test client's login()): no client to count.
    client = client_key(request) if request is not None else "no-request"
    return f"login-fail:pair:{_account(email)}:{client}"


def _client_key(request):
    return f"login-fail:client:{client_key(request) if request is not None else 'no-request'}"


def _account_key(email):
    return f"login-fail:account:{_account(email)}"


def seconds_to_wait(request, email):
    """How long this client must wait before trying this account again (0: it may try now)."""
    pair, client, account = _pair_key(request, email), _client_key(request), _account_key(email)
    try:
        counts = cache.get_many([pair, client, account])
    except Exception:  # noqa: BLE001 - cache down: fall back to plain authentication
        return 0
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    if counts.get(pair, 0) >= settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT:
        return window
    if counts.get(client, 0) >= settings.LOGIN_FAILURE_LIMIT_PER_CLIENT:
        return window
    count, last_failure = counts.get(account) or (0, 0.0)
    excess = count - settings.LOGIN_FAILURE_SLOWDOWN_AFTER
    if excess < 0:
        return 0
    delay = min(2**excess, MAX_DELAY_SECONDS)
    return max(0, round(last_failure + delay - time.time()))


def record_failure(request, email):
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    with suppress(Exception):  # counting is best effort when the cache is down
        for key in (_pair_key(request, email), _client_key(request)):
            if not cache.add(key, 1, timeout=window):
                cache.incr(key)
        count, _ = cache.get(_account_key(email)) or (0, 0.0)
        cache.set(_account_key(email), (count + 1, time.time()), timeout=window)


def record_success(request, email):
    with suppress(Exception):
        cache.delete_many([_pair_key(request, email), _account_key(email)])


def describe_wait(seconds):
    if seconds >= 120:
        return f"{seconds // 60} minutes"
    return f"{max(seconds, 1)} seconds"
