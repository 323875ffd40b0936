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


def sitemap_entries(client):
    """Follow sitemap.xml (an index) through its sections: {location: lastmod}."""
    from urllib.parse import urlsplit
    from xml.etree import ElementTree

    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own response
    entries = {}
    for section in index.findall("s:sitemap", namespace):
        response = client.get(
            urlsplit(section.findtext("s:loc", namespaces=namespace)).path
            + "?"
            + urlsplit(section.findtext("s:loc", namespaces=namespace)).query
        )
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)  # noqa: S314
        for url in root.findall("s:url", namespace):
            entries[url.findtext("s:loc", namespaces=namespace)] = url.findtext("s:lastmod", namespaces=namespace)
    return entries
