"""Issue 13: the site stays up and loses nothing when what it depends on fails.

Each test runs the site as production does (gunicorn, 3 sync workers, production
settings, the background worker) and breaks one dependency while it runs:

- the database, behind a TCP proxy (``tcp_proxy.TcpProxy``): refused (the server
  is down) and black-holed (a network partition: connections accepted, never
  answered, open connections stalled);
- Redis (the shared cache), a server of the test's own, killed;
- the mail server, one that accepts connections and never says a word.

Every request must be answered within ``ANSWER_WITHIN`` seconds, timed by the
client, with the right status; and the site recovers without a restart once the
dependency returns.
"""

import json
import time
from urllib.parse import urlencode

import pytest

from certification.ids import new_credential_id
from tests.live.conftest import WORKERS, Session, running_site
from tests.live.tcp_proxy import TcpProxy

ANSWER_WITHIN = 3.0
RECOVERY_WITHIN = 20.0
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
VERIFY = f"/verify/{new_credential_id('AS-F')}/"  # well-formed, so the lookup reaches the database


def timed(site, method, path, *, body=None, headers=None):
    started = time.monotonic()
    response = site.request(method, path, body=body, headers=headers)
    response.seconds = time.monotonic() - started
    return response


def get(site, path, accept=BROWSER_ACCEPT):
    return timed(site, "GET", path, headers={"Accept": accept})


def post_form(site, path, fields):
    """A public form posted from one of our pages (as a browser does: Origin, form encoding)."""
    headers = {"Origin": site.origin, "Content-Type": "application/x-www-form-urlencoded", "Accept": BROWSER_ACCEPT}
    return timed(site, "POST", path, body=urlencode(fields).encode(), headers=headers)


def waitlist_fields(email):
    return {"name": "Ada Lovelace", "email": email, "tier_interest": "AS-F"}


def answered_quickly(response):
    assert response.seconds < ANSWER_WITHIN, f"answered in {response.seconds:.2f} s: {response!r}"


def assert_unavailable(response):
    answered_quickly(response)
    assert response.status == 503, response
    assert int(response.header("Retry-After")) > 0
    assert "no-store" in response.header("Cache-Control")


def assert_unavailable_page(response):
    assert_unavailable(response)
    assert response.header("Content-Type").startswith("text/html")
    assert "We will be back in a moment" in response.text


def assert_problem(response):
    assert_unavailable(response)
    assert response.header("Content-Type") == "application/problem+json"
    problem = json.loads(response.body)
    assert problem["status"] == 503
    assert problem["type"].endswith("/verify/problems/#unavailable")


def warm(site, path):
    """Request ``path`` until the page cache serves it (every worker shares the store; after an
    outage of the store each worker waits a few seconds before using it again)."""
    deadline = time.monotonic() + RECOVERY_WITHIN
    while time.monotonic() < deadline:
        if get(site, path).header("X-Page-Cache") == "HIT":
            return
        time.sleep(0.2)
    pytest.fail(f"{path} never came from the page cache")


def wait_until_healthy(site):
    deadline = time.monotonic() + RECOVERY_WITHIN
    while time.monotonic() < deadline:
        response = get(site, "/healthz/")
        answered_quickly(response)
        if response.status == 200:
            return
        time.sleep(0.5)
    pytest.fail(f"/healthz/ still says {response.text!r} {RECOVERY_WITHIN} s after the fault ended")


def record(request, name, responses):
    """Show the slowest answer of each fault in the test report (``-rA`` or a failure)."""
    slowest = max(responses, key=lambda response: response.seconds)
    request.node.user_properties.append((name, f"{slowest.seconds:.2f} s"))
    print(f"{name}: slowest answer {slowest.seconds:.2f} s ({slowest!r})")


# The database ------------------------------------------------------------------


def check_database_down(site, uncached, email):
    responses = []
    # Pages in the page cache: served, on every worker, without the database.
    for _ in range(WORKERS * 2):
        response = get(site, "/about/")
        answered_quickly(response)
        assert response.status == 200, response
        assert response.header("X-Page-Cache") in ("HIT", "STALE")
        responses.append(response)
    # Everything else: 503 with Retry-After.
    page = get(site, uncached)
    assert_unavailable_page(page)
    as_json = get(site, uncached, accept="application/json")
    assert_problem(as_json)
    lookup = get(site, VERIFY, accept="*/*")
    assert_problem(lookup)
    lookup_as_json = get(site, VERIFY, accept="application/json")
    assert_problem(lookup_as_json)
    form = post_form(site, "/waitlist/", waitlist_fields(email))
    assert_unavailable_page(form)
    health = get(site, "/healthz/")
    answered_quickly(health)
    assert health.status == 503
    assert "database" in health.text
    assert health.header("Retry-After")
    return [*responses, page, as_json, lookup, lookup_as_json, form, health]


def check_recovered(site, uncached, email):
    wait_until_healthy(site)
    assert get(site, uncached).status == 200
    lookup = get(site, VERIFY, accept="application/json")
    assert lookup.status == 404  # no such credential: answered from the database again
    assert lookup.header("Content-Type") == "application/problem+json"
    form = post_form(site, "/waitlist/", waitlist_fields(email))
    assert form.status == 303, form
    saved = site.python(
        "import json; from agencyscript.signups.models import WaitlistEntry; "
        f"print(json.dumps(WaitlistEntry.objects.filter(email={email!r}).count()))"
    )
    assert saved == 1


def test_database_refused_then_black_holed(request, live_site_behind_proxy, database_proxy):
    site = live_site_behind_proxy
    warm(site, "/about/")

    database_proxy.refuse()
    refused = check_database_down(site, "/pricing/", "refused@example.com")
    record(request, "database refused", refused)
    database_proxy.forward()
    check_recovered(site, "/pricing/", "after-refused@example.com")

    database_proxy.blackhole()
    black_holed = check_database_down(site, "/contact/", "partitioned@example.com")
    record(request, "database black-holed", black_holed)
    database_proxy.forward()
    check_recovered(site, "/contact/", "after-partition@example.com")


# Redis -------------------------------------------------------------------------


def test_redis_stopped(request, live_site_built, own_redis):
    with running_site(live_site_built, "redis", redis_url=own_redis.url, label="own-redis") as site:
        warm(site, "/about/")
        assert get(site, "/healthz/").status == 200

        own_redis.stop()
        responses = []
        for path in ("/about/", "/pricing/", "/"):
            for _ in range(WORKERS):
                response = get(site, path)
                answered_quickly(response)
                assert response.status == 200, response  # rendered, uncached
                responses.append(response)
        lookup = get(site, VERIFY, accept="application/json")
        answered_quickly(lookup)
        assert lookup.status == 404  # the verify rate limit lets requests through while it cannot count
        responses.append(lookup)
        form = post_form(site, "/waitlist/", waitlist_fields("redis-down@example.com"))
        answered_quickly(form)
        assert form.status == 303, form
        responses.append(form)

        # Sign-in: the throttle cannot count, so it falls back to plain authentication (it fails open,
        # like the rate limits): a wrong password is refused as usual, the right one lets the owner in.
        visitor = Session(site)
        started = time.monotonic()
        wrong = visitor.submit(
            "/account/sign-in/", {"email": "chief@agencyscript.test", "password": "not the password"}
        )
        assert time.monotonic() - started < 2 * ANSWER_WITHIN  # two requests: the form and the post
        assert wrong.status == 400, wrong  # refused as any wrong password is (429 would mean locked)
        right = Session(site).submit(
            "/account/sign-in/", {"email": "chief@agencyscript.test", "password": site.editor_password}
        )
        assert right.status == 302, right

        health = get(site, "/healthz/")
        answered_quickly(health)
        assert health.status == 503
        assert health.text == "down: cache"
        responses.append(health)
        record(request, "redis stopped", responses)

        own_redis.start()
        wait_until_healthy(site)
        warm(site, "/pricing/")


# The mail server ---------------------------------------------------------------


def test_a_mail_server_that_never_answers(request, live_site_built):
    email_timeout = 4
    # Accepts every connection and never sends its greeting.
    with TcpProxy("127.0.0.1", 9) as mail_server:
        mail_server.blackhole()
        env = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mail_server.port),
            "EMAIL_TIMEOUT": str(email_timeout),
        }
        with running_site(live_site_built, "file", env=env, label="mail-hang") as site:
            responses = [
                post_form(site, "/waitlist/", waitlist_fields("waitlist@example.com")),
                post_form(site, "/newsletter/", {"email": "newsletter@example.com"}),
            ]
            for response in responses:
                answered_quickly(response)
                assert response.status == 303, response
            started = time.monotonic()
            reset = Session(site).submit("/account/password-reset/", {"email": "chief@agencyscript.test"})
            assert time.monotonic() - started < 2 * ANSWER_WITHIN  # two requests: the form and the post
            assert reset.status == 302, reset
            assert "/account/password-reset/sent/" in reset.header("Location")
            record(request, "mail server hangs", responses)

            # The worker tries each, waits EMAIL_TIMEOUT, records the error and keeps the email queued.
            query = (
                "import json; from agencyscript.signups.models import OutboundEmail; "
                "print(json.dumps(list(OutboundEmail.objects.order_by('pk').values("
                "'to', 'attempts', 'last_error', 'sent_at', 'gave_up_at'))))"
            )
            deadline = time.monotonic() + 3 * email_timeout + 30
            while time.monotonic() < deadline:
                emails = site.python(query)
                if len(emails) == 3 and all(email["attempts"] >= 1 for email in emails):
                    break
                time.sleep(2)
            assert {email["to"] for email in emails} == {
                "waitlist@example.com",
                "newsletter@example.com",
                "chief@agencyscript.test",
            }
            for email in emails:
                assert email["attempts"] >= 1, email
                assert email["sent_at"] is None, email
                assert email["gave_up_at"] is None, email  # retried later, for three days
                assert "timed out" in email["last_error"], email
            # The worker was held only EMAIL_TIMEOUT at a time: it is alive and keeping up.
            wait_until_healthy(site)
