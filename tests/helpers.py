"""Shared test helpers."""

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext


def load_demo_site():
    """Load the full demo site (pages, settings, tiers, articles) quietly."""
    from io import StringIO

    call_command("load_initial_data", stdout=StringIO())


def count_queries(func, *args, **kwargs):
    """Run ``func`` and return (number of queries, result)."""
    with CaptureQueriesContext(connection) as context:
        result = func(*args, **kwargs)
    return len(context.captured_queries), result


def same_origin_headers(host="testserver"):
    return {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": f"http://{host}"}
