#!/usr/bin/env python
"""Do pages stay fast as the archive grows? Demo content against a large archive.

    python bench/scale.py --demo-url postgres://…/agencyscript_demo --scale-url postgres://…/agencyscript_scale

Renders each page type in-process (page cache off and every cache cleared, so
every request does the real work) against both databases, times several runs
of each, and prints the ratio large/demo of the best runs (target: at most 2).
Also prints PostgreSQL's plan for the listing queries so the indexes in use
can be checked, and times the content checks an editor waits for before
publishing: ``checks.check(revision)`` on the newest revised article and
``duplicates.find(page)`` (the near-duplicate search among every live article)
on a generated one, with their query counts. The databases
must already hold content: ``make bench`` and ``make bench SCALE=50000`` set
them up (or ``load_initial_data`` and ``generate_scale_content``).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGES = {
    "article": None,
    "index page 1": "/blog/",
    "index page 2": "/blog/?page=2",
    "index deep": None,
    "category": None,
    "tag": None,
    "search": "/blog/search/?q=escalation",
    "rss feed": "/blog/feed/rss/",
    "atom feed": "/blog/feed/atom/",
    "sitemap index": "/sitemap.xml",
    "sitemap pages": "/sitemap-pages.xml",
    "sitemap articles": "/sitemap-articles.xml",
}


def measure(runs):
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "agencyscript.settings.production"
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 60)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["PAGE_CACHE_ENABLED"] = "false"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["RATE_LIMIT_SEARCH"] = "1000000/60"
    # The uploads (hero images) and cache of the databases ``make bench`` built.
    os.environ.setdefault("DATA_DIR", str(ROOT / ".data" / "bench"))
    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # production settings need the manifest
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from blog import selectors
    from blog.models import ArticlePage, Category

    newest = selectors.listing().first()
    per_page = selectors.LISTING_PAGE_SIZE
    total = selectors.published_articles().count()
    category = Category.objects.filter(articles__isnull=False).order_by("pk").first()
    tag = selectors.popular_tags(1)[0]
    pages = dict(PAGES)
    pages["article"] = newest.url
    pages["index deep"] = f"/blog/?page={max(1, (total // per_page) - 1)}"
    pages["category"] = f"/blog/category/{category.slug}/"
    pages["tag"] = f"/blog/tag/{tag.slug}/"
    client = Client()
    results = {"articles": ArticlePage.objects.count(), "pages": {}}
    for name, path in pages.items():
        cache.clear()
        client.get(path)  # warm connections and per-process caches once
        timings = []
        for _ in range(runs):
            cache.clear()  # every request renders from the database
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
        results["pages"][name] = {
            "path": path,
            # Best of the runs (as timeit does): noise on a shared machine only ever adds time.
            "best_ms": min(timings),
            "median_ms": statistics.median(timings),
            "queries": len(queries),
        }

    results["checks"] = measure_checks(runs)
    find_sql = results["checks"]["find"].pop("sql")

    plans = {}
    with connection.cursor() as cursor:
        for label, queryset in {
            # What the deep page runs: a seek from its anchor, not an OFFSET.
            "index deep": selectors.listing_page(max(1, (total // selectors.LISTING_PAGE_SIZE) - 1))
            or selectors.listing()[:12],
            "category": selectors.listing(category=category)[:12],
            "tag": selectors.listing(tag=tag)[:12],
        }.items():
            sql, params = queryset.values("pk").query.sql_with_params()
            cursor.execute("EXPLAIN ANALYZE " + sql, params)
            plans[label] = [row[0] for row in cursor.fetchall()]
        if connection.vendor == "postgresql" and len(find_sql) == 1:
            cursor.execute("EXPLAIN ANALYZE " + find_sql[0])  # noqa: S608 - the ORM's own query, as Django logged it
            plans["duplicates.find"] = [row[0] for row in cursor.fetchall()]
    results["plans"] = plans
    return results


def timed(runs, function):
    """Best and median milliseconds of ``runs`` calls (after one to warm up), the queries of one, and its result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function()
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = function()
            timings.append((time.perf_counter() - started) * 1000)
    return {
        "best_ms": min(timings),
        "median_ms": statistics.median(timings),
        "queries": len(queries),
        "sql": [query["sql"] for query in queries.captured_queries],
    }, result


def measure_checks(runs):
    """What publishing costs in checks, against every live article's stored fingerprint."""
    from blog import checks, duplicates
    from blog.models import ArticleFingerprint, ArticlePage

    revised = ArticlePage.objects.live().filter(latest_revision__isnull=False).order_by("-latest_revision_created_at")
    revision = revised.first().latest_revision
    generated = ArticlePage.objects.live().filter(slug__startswith="archive-").order_by("pk").first()
    probe = generated or revised.first()
    check, problems = timed(runs, lambda: checks.check(revision))
    check.pop("sql")
    find, matches = timed(runs, lambda: duplicates.find(probe))
    return {
        "fingerprints": ArticleFingerprint.objects.count(),
        "check": {**check, "article": revision.object_str, "problems": [p.code for p in problems]},
        "find": {**find, "article": probe.title, "matches": len(matches)},
    }


def run_child(url, runs):
    env = {**os.environ, "DATABASE_URL": url}
    result = subprocess.run(
        [sys.executable, __file__, "--child", "--runs", str(runs)],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode:
        raise SystemExit(f"Measuring {url} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--demo-url", default="postgres://postgres@127.0.0.1:5432/agencyscript_bench")
    parser.add_argument("--scale-url", default="postgres://postgres@127.0.0.1:5432/agencyscript_scale")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.runs)))
        return 0
    demo = run_child(args.demo_url, args.runs)
    large = run_child(args.scale_url, args.runs)
    print(f"{demo['articles']} articles against {large['articles']}")
    print(f"{'page (best of runs)':<20} {'demo ms':>9} {'large ms':>9} {'ratio':>6} {'queries':>8}")
    ok = True
    report = {"demo": demo, "large": large, "ratios": {}}
    for name in PAGES:
        before, after = demo["pages"][name]["best_ms"], large["pages"][name]["best_ms"]
        ratio = after / before
        report["ratios"][name] = round(ratio, 2)
        ok &= ratio <= 2
        queries = f"{demo['pages'][name]['queries']}/{large['pages'][name]['queries']}"
        print(f"{name:<20} {before:>9.1f} {after:>9.1f} {ratio:>6.2f} {queries:>8}")
    print(f"\n{'content checks (best of runs)':<30} {'demo ms':>9} {'large ms':>9} {'queries':>8}")
    for name, label in (("check", "checks.check(revision)"), ("find", "duplicates.find(page)")):
        before, after = demo["checks"][name], large["checks"][name]
        queries = f"{before['queries']}/{after['queries']}"
        print(f"{label:<30} {before['best_ms']:>9.1f} {after['best_ms']:>9.1f} {queries:>8}")
    print(f"(fingerprints stored: {demo['checks']['fingerprints']} and {large['checks']['fingerprints']})")
    for label, plan in large["plans"].items():
        print(f"\nEXPLAIN ANALYZE ({label}, large archive):")
        print("\n".join("    " + line for line in plan))
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "scale.json").write_text(json.dumps(report, indent=2))
    print("\nAll within twice the demo time." if ok else "\nSome pages are more than twice as slow.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
