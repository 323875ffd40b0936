"""Staying up while the database is down: a bounded wait, then 503.

Answering
    An error that means the database cannot be reached (``is_database_outage``)
    is answered 503 with ``Retry-After`` by ``service_unavailable``: RFC 9457
    ``application/problem+json`` for clients that prefer JSON, and for the
    verification API unless the client prefers HTML; otherwise
    ``templates/503.html``, rendered without the database (no request context,
    no Wagtail settings or menus). ``agencyscript.views.server_error`` routes
    there; every other error is still a 500. Pages in the page cache are served
    from it, as always, without touching the database.

Waiting
    ``connect_timeout`` bounds making a connection and ``statement_timeout`` a
    query the server has received, but neither bounds a request waiting on a
    server that has vanished behind a network partition: a query on a reused
    connection, or a connection to a proxy that accepts and never answers.

    So while a request is answered (``DatabaseWaitLimitMiddleware``), each wait
    on the database runs under a ``SIGALRM`` timer of
    ``DATABASE_WAIT_LIMIT_SECONDS`` (0: off). The waits are marked by
    ``database_call``: queries (``connection.execute_wrapper``), and connecting,
    the health check of a reused connection, commit and rollback (the
    ``agencyscript.postgresql`` backend). The timer is armed only inside a marked
    call and the handler raises only inside one, so it never interrupts anything
    else. When it fires the call raises ``DatabaseWaitExceeded`` (an
    ``OperationalError``: answered like any outage), the connection is closed
    (its protocol state is unknown), and every later database call in the same
    request fails at once rather than waiting again.

    Signals reach only the main thread, so the limit applies only where requests
    run there one at a time: gunicorn's sync workers (and Django's test client).
    Threaded servers, the background worker and management commands run without it.
"""

import contextlib
import logging
import signal
import sqlite3
import threading

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import patch_vary_headers

from agencyscript.http import problem_response

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# The problem type of the answer, described on the verification API's problems page.
PROBLEM_TYPE = "/verify/problems/#unavailable"
API_PREFIX = "/verify/"
# SQLSTATE classes of errors that mean the server cannot serve us now: connection
# exceptions (08), insufficient resources (53), operator intervention (57: shutdown,
# "cannot connect now").
OUTAGE_SQLSTATE_CLASSES = ("08", "53", "57")


class DatabaseWaitExceeded(OperationalError):
    """The database did not answer within DATABASE_WAIT_LIMIT_SECONDS."""


# Answering ------------------------------------------------------------------


# What SQLite says when the file cannot be used, rather than when a statement is wrong.
SQLITE_OUTAGE_MESSAGES = ("database is locked", "unable to open database", "disk I/O error", "database disk image")


def is_database_outage(error):
    """Whether ``error`` means the database cannot be reached or cannot serve us now."""
    if isinstance(getattr(error, "__cause__", None), sqlite3.Error):
        # SQLite reports bad SQL (a full-text query it cannot parse, say) as OperationalError too.
        return isinstance(error, OperationalError) and str(error.__cause__).startswith(SQLITE_OUTAGE_MESSAGES)
    if isinstance(error, (OperationalError, InterfaceError)):
        return True
    if isinstance(error, DatabaseError):
        sqlstate = getattr(error.__cause__, "sqlstate", None) or ""
        return sqlstate.startswith(OUTAGE_SQLSTATE_CLASSES)
    return False


def prefers_json(request):
    """JSON for clients that ask for it; the verification API answers JSON unless HTML is preferred."""
    if request.path.startswith(API_PREFIX):
        if request.GET.get("format") == "json":
            return True
        offered = ["application/problem+json", "application/json", "text/html"]
    else:
        offered = ["text/html", "application/problem+json", "application/json"]
    return request.get_preferred_type(offered) != "text/html"


def service_unavailable(request):
    """503, ``Retry-After``, never stored; built without the database."""
    if prefers_json(request):
        response = problem_response(
            503,
            PROBLEM_TYPE,
            "Temporarily unavailable",
            f"The service cannot answer right now. Try again in {RETRY_AFTER_SECONDS} seconds.",
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    patch_vary_headers(response, ["Accept"])
    return response


# Waiting --------------------------------------------------------------------


class _Request:
    """The state of the request this process is answering (one at a time, main thread only)."""

    limit = 0.0  # seconds; 0 while no request is under a limit
    in_call = False
    unreachable = False


_request = _Request()


def _alarm(signum, frame):
    if _request.in_call:
        raise DatabaseWaitExceeded(f"The database did not answer within {_request.limit:g} s.")


def _limit_applies():
    return _request.limit > 0 and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def database_call(connection, *, connecting=False):
    """Mark a wait on ``connection``'s database (see the module docstring).

    ``connecting``: making the connection, whose errors come unwrapped from the driver;
    any of them means the database is out of reach for the rest of the request.
    """
    if not _limit_applies() or _request.in_call:
        yield
        return
    if _request.unreachable:
        raise DatabaseWaitExceeded("The database did not answer earlier in this request.")
    _request.in_call = True
    signal.setitimer(signal.ITIMER_REAL, _request.limit)
    try:
        yield
    except Exception as error:
        _request.in_call = False
        if connecting or is_database_outage(error):
            # Whatever failed here would fail again: the rest of the request does not wait.
            _request.unreachable = True
        if isinstance(error, DatabaseWaitExceeded):
            with contextlib.suppress(Exception):
                connection.close()
        raise
    finally:
        _request.in_call = False
        signal.setitimer(signal.ITIMER_REAL, 0)


def _query(execute, sql, params, many, context):
    with database_call(context["connection"]):
        return execute(sql, params, many, context)


class DatabaseWaitLimitMiddleware:
    """Put every database wait of a request under ``DATABASE_WAIT_LIMIT_SECONDS`` (first in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = float(getattr(settings, "DATABASE_WAIT_LIMIT_SECONDS", 0))
        if not self.can_limit(request, limit):
            return self.get_response(request)
        previous_handler = signal.signal(signal.SIGALRM, _alarm)
        _request.limit, _request.in_call, _request.unreachable = limit, False, False
        try:
            with contextlib.ExitStack() as stack:
                for connection in connections.all():
                    stack.enter_context(connection.execute_wrapper(_query))
                response = self.get_response(request)
            self.check_failed_connections()
            return response
        finally:
            _request.limit, _request.in_call, _request.unreachable = 0.0, False, False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_handler)

    @staticmethod
    def can_limit(request, limit):
        return (
            limit > 0
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
            and not request.META.get("wsgi.multithread", False)
            # Someone else's timer is running (a test-timeout plugin): leave SIGALRM to it.
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        )

    @staticmethod
    def check_failed_connections():
        """Health-check now, under the limit, a connection that saw an error.

        Django would otherwise do it when the response is closed (``request_finished``),
        outside any limit, where a partition would hold the process.
        """
        for connection in connections.all(initialized_only=True):
            # Only a server can be out of reach; inside a transaction (a test's) the owner decides.
            if connection.connection is None or not connection.errors_occurred:
                continue
            if connection.vendor != "postgresql" or connection.in_atomic_block:
                continue
            if _request.unreachable:
                connection.close()
            else:
                with contextlib.suppress(DatabaseError):
                    connection.close_if_unusable_or_obsolete()
