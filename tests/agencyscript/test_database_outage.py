"""While the database is out of reach: 503 with Retry-After (problem+json for JSON clients and the
verification API), cached pages still served, other errors still 500; and the per-request
database-wait limit interrupts only database waits (queries, connecting, health checks)."""

import json
import signal
import sqlite3
import time

import pytest
from django.conf import settings
from django.db import DatabaseError, IntegrityError, OperationalError, ProgrammingError, connection
from django.http import HttpResponse
from django.test import Client, SimpleTestCase, TestCase, override_settings
from django.urls import path

from agencyscript.database_outage import DatabaseWaitExceeded, is_database_outage
from agencyscript.models import StandardPage
from agencyscript.postgresql.base import DatabaseWrapper
from certification.ids import new_credential_id
from tests.helpers import load_demo_site, same_origin_headers
from tests.live.tcp_proxy import TcpProxy

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# A well-formed ID (so the lookup reaches the database); no such credential exists.
CREDENTIAL = f"/verify/{new_credential_id('AS-F')}/"


def failing_queries(error):
    """An execute wrapper under which every query fails with ``error``, as with the database down."""

    def fail(execute, sql, params, many, context):
        raise error

    return fail


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


# Answering ---------------------------------------------------------------------


def assert_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "Accept" in response["Vary"]


def assert_problem(response):
    assert_unavailable(response)
    assert response["Content-Type"] == "application/problem+json"
    problem = json.loads(response.content)
    assert problem["status"] == 503
    assert problem["type"] == "http://testserver/verify/problems/#unavailable"
    assert problem["title"]
    assert "30 seconds" in problem["detail"]


def assert_html_page(response):
    assert_unavailable(response)
    assert response["Content-Type"].startswith("text/html")
    assert b"We will be back in a moment" in response.content


class DatabaseDownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site(articles=False)

    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def test_a_page_is_a_503_page_for_browsers(self):
        with connection.execute_wrapper(failing_queries(OperationalError("connection refused"))):
            response = self.client.get("/about/", HTTP_ACCEPT=BROWSER_ACCEPT)
        assert_html_page(response)

    def test_clients_that_accept_anything_get_the_page(self):
        with connection.execute_wrapper(failing_queries(OperationalError("connection refused"))):
            assert_html_page(self.client.get("/about/"))
            assert_html_page(self.client.get("/about/", HTTP_ACCEPT="*/*"))

    def test_json_clients_get_a_problem(self):
        with connection.execute_wrapper(failing_queries(OperationalError("connection refused"))):
            assert_problem(self.client.get("/about/", HTTP_ACCEPT="application/json"))
            assert_problem(self.client.get("/about/", HTTP_ACCEPT="application/problem+json"))

    def test_the_verification_api_answers_a_problem_unless_html_is_preferred(self):
        with connection.execute_wrapper(failing_queries(OperationalError("connection refused"))):
            assert_problem(self.client.get(CREDENTIAL))
            assert_problem(self.client.get(CREDENTIAL, HTTP_ACCEPT="*/*"))
            assert_problem(self.client.get(CREDENTIAL, HTTP_ACCEPT="application/json"))
            assert_problem(self.client.get(CREDENTIAL + "?format=json", HTTP_ACCEPT=BROWSER_ACCEPT))
            assert_html_page(self.client.get(CREDENTIAL, HTTP_ACCEPT=BROWSER_ACCEPT))

    def test_a_form_post_is_a_503(self):
        fields = {"name": "Ada", "email": "ada@example.com", "tier_interest": "AS-F"}
        with connection.execute_wrapper(failing_queries(OperationalError("connection refused"))):
            response = self.client.post("/waitlist/", fields, HTTP_ACCEPT=BROWSER_ACCEPT, **same_origin_headers())
        assert_html_page(response)

    def test_a_lost_connection_is_a_503(self):
        with connection.execute_wrapper(failing_queries(DatabaseWaitExceeded("no answer"))):
            assert_html_page(self.client.get("/about/"))

    def test_other_database_errors_are_still_500(self):
        with connection.execute_wrapper(failing_queries(ProgrammingError("no such column"))):
            response = self.client.get("/about/")
        assert response.status_code == 500
        assert "Retry-After" not in response
        assert b"Something went wrong on our side" in response.content

    @override_settings(PAGE_CACHE_ENABLED=True)
    def test_a_cached_page_is_still_served(self):
        assert self.client.get("/about/").status_code == 200
        with connection.execute_wrapper(failing_queries(OperationalError("connection refused"))):
            response = self.client.get("/about/")
            assert response.status_code == 200
            assert response["X-Page-Cache"] == "HIT"
            assert_html_page(self.client.get("/pricing/"))

    @override_settings(PAGE_CACHE_ENABLED=True)
    def test_a_page_cached_before_an_editors_change_is_not_served_after_it(self):
        assert self.client.get("/about/").status_code == 200
        about = StandardPage.objects.get(slug="about")
        about.title = "About us, revised"
        with self.captureOnCommitCallbacks(execute=True):
            about.save_revision().publish()
        with connection.execute_wrapper(failing_queries(OperationalError("connection refused"))):
            assert_html_page(self.client.get("/about/"))

    def test_the_problems_page_describes_the_problem(self):
        response = self.client.get("/verify/problems/")
        assert response.status_code == 200
        assert b'id="unavailable"' in response.content


class FakeDriverError(Exception):
    def __init__(self, sqlstate):
        self.sqlstate = sqlstate


def wrapped(sqlstate):
    error = DatabaseError("wrapped")
    error.__cause__ = FakeDriverError(sqlstate)
    return error


def test_which_errors_are_an_outage():
    assert is_database_outage(OperationalError("server closed the connection unexpectedly"))
    assert is_database_outage(DatabaseWaitExceeded("no answer"))
    assert is_database_outage(wrapped("08006"))  # connection failure
    assert is_database_outage(wrapped("57P01"))  # administrator shutdown
    assert is_database_outage(wrapped("53300"))  # too many connections
    assert not is_database_outage(IntegrityError("duplicate key"))
    assert not is_database_outage(ProgrammingError("syntax error"))
    assert not is_database_outage(wrapped("22001"))  # value too long
    assert not is_database_outage(ValueError("not the database"))
    assert not is_database_outage(None)


# Waiting -----------------------------------------------------------------------

# Views of the test URLconf below; ``held`` is the connection the last two use.
held = {}


def slow_query(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(2)")
    return HttpResponse("answered")


def slow_query_then_another(request):
    try:
        slow_query(request)
    except DatabaseWaitExceeded:
        started = time.monotonic()
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseWaitExceeded:
            return HttpResponse(f"second call failed after {time.monotonic() - started:.3f} s")
    return HttpResponse("the second call waited")


def slow_python_then_query(request):
    time.sleep(1)  # longer than the limit, but not a database wait
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return HttpResponse(f"answered {cursor.fetchone()[0]}")


def connect_held(request):
    held["connection"].ensure_connection()
    return HttpResponse("connected")


def query_held(request):
    with held["connection"].cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("answered")


urlpatterns = [
    path("slow-query/", slow_query),
    path("slow-query-then-another/", slow_query_then_another),
    path("slow-python/", slow_python_then_query),
    path("connect-held/", connect_held),
    path("query-held/", query_held),
]
handler500 = "agencyscript.views.server_error"

postgresql_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "agencyscript.postgresql",
    reason="the wait limit's backend is agencyscript.postgresql",
)


@pytest.fixture
def wait_limit(settings):
    settings.ROOT_URLCONF = __name__
    settings.DATABASE_WAIT_LIMIT_SECONDS = 0.5
    return 0.5


@pytest.fixture
def proxy():
    with TcpProxy(connection.settings_dict["HOST"] or "127.0.0.1", int(connection.settings_dict["PORT"] or 5432)) as p:
        yield p


@pytest.fixture
def connection_through(proxy):
    """A second connection to the test database through ``proxy``, with a long connect timeout."""
    settings_dict = {
        **connection.settings_dict,
        "HOST": "127.0.0.1",
        "PORT": str(proxy.port),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {**connection.settings_dict["OPTIONS"], "connect_timeout": 30},
    }
    wrapper = DatabaseWrapper(settings_dict, alias="through-proxy")
    held["connection"] = wrapper
    yield wrapper
    held.clear()
    wrapper.close()


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


@postgresql_only
# serialized_rollback, as the suite's other transactional tests: the flush after each test then
# leaves the rows migrations create to be restored, not re-created beside them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestWaitLimit:
    def test_a_query_waiting_longer_is_answered_503(self, client, wait_limit):
        response, seconds = timed(lambda: client.get("/slow-query/"))
        assert_html_page(response)
        assert wait_limit <= seconds < wait_limit + 0.5
        # The interrupted connection was closed; the next request gets a fresh one.
        assert client.get("/slow-python/").content == b"answered 1"

    def test_after_one_wait_the_rest_of_the_request_does_not_wait(self, client, wait_limit):
        response = client.get("/slow-query-then-another/")
        assert response.content.startswith(b"second call failed after 0.0")

    def test_work_that_is_not_a_database_wait_is_never_interrupted(self, client, wait_limit):
        response, seconds = timed(lambda: client.get("/slow-python/"))
        assert response.status_code == 200
        assert response.content == b"answered 1"
        assert seconds >= 1

    def test_connecting_to_a_server_that_never_answers_is_bounded(self, client, wait_limit, proxy, connection_through):
        proxy.blackhole()  # connections are accepted and never answered: connect_timeout (30 s) would wait
        response, seconds = timed(lambda: client.get("/connect-held/"))
        assert_html_page(response)
        assert seconds < wait_limit + 0.5
        assert connection_through.connection is None

    def test_the_health_check_of_a_reused_connection_is_bounded(self, client, wait_limit, proxy, connection_through):
        connection_through.ensure_connection()
        connection_through.health_check_done = False  # as at the start of a request
        proxy.blackhole()
        response, seconds = timed(lambda: client.get("/query-held/"))
        assert_html_page(response)
        assert seconds < wait_limit + 0.5
        assert connection_through.connection is None
        proxy.forward()
        assert client.get("/query-held/").content == b"answered"

    @override_settings(DATABASE_WAIT_LIMIT_SECONDS=0)
    def test_zero_turns_the_limit_off(self, client, settings):
        settings.ROOT_URLCONF = __name__
        response, seconds = timed(lambda: client.get("/slow-query/"))
        assert response.content == b"answered"
        assert seconds >= 2

    def test_the_alarm_is_left_as_it_was(self, client, wait_limit):
        before = signal.getsignal(signal.SIGALRM)
        client.get("/slow-query/")
        client.get("/slow-python/")
        assert signal.getsignal(signal.SIGALRM) is before
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


class SqliteErrorTests(SimpleTestCase):
    def test_bad_sql_on_sqlite_is_not_an_outage_but_a_locked_file_is(self):
        def wrapped(message):
            try:
                try:
                    raise sqlite3.OperationalError(message)
                except sqlite3.OperationalError as cause:
                    raise OperationalError(message) from cause
            except OperationalError as error:
                return error

        self.assertFalse(is_database_outage(wrapped("unterminated string")))
        self.assertFalse(is_database_outage(wrapped('fts5: syntax error near "("')))
        self.assertTrue(is_database_outage(wrapped("database is locked")))
