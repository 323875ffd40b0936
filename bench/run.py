#!/usr/bin/env python
"""Reproducible benchmark: the site's own gunicorn against the static-file limit.

Starts gunicorn with production settings on PostgreSQL (demo content loaded,
static files collected), then measures on loopback with wrk:

- static:   the article's own HTML, saved as a static file and served by the
            same gunicorn through WhiteNoise (the limit),
- cached:   the article from the page cache,
- uncached: the article with the page cache bypassed (a session cookie, as a
            signed-in reader): rendered in full on every request,
- index:    the blog index,
- verify:   a credential verification (never cached).

Each runs twice: with the file store every worker shares (no ``REDIS_URL``),
then with Redis when a server answers on 127.0.0.1:6379.

Also renders each page type in process with every cache cleared first (the
cost after a publish, when nothing is cached), and reports time and queries;
and times each cache store with few and with 4,000 entries (storing a page,
reading it, counting a rate-limited request).

Prints requests/s, p50 and p99 latency and the ratio to the static limit,
and writes bench/results/<timestamp>.json. Run with ``make bench``
(``make bench SCALE=50000`` to measure against a large archive).
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
RESULTS = ROOT / "bench" / "results"
TARGETS = {
    "cached_ratio_min": 0.5,
    "cached_p99_ms_max": 50.0,
    "cold_queries_max": 12,
    "cold_article_p50_ms_max": 20.0,
}
# The Redis run uses a database of its own, flushed first.
REDIS_URL = "redis://127.0.0.1:6379/14"


def log(message):
    print(message, flush=True)


def environment(args):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "agencyscript.settings.production",
            "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": args.database_url,
            "STATIC_ROOT": str(ROOT / "staticfiles"),
            "SERVE_MEDIA": "true",
            "SITE_URL": f"http://127.0.0.1:{args.port}",
            "RATE_LIMIT_VERIFY": "100000000/60",
            "RATE_LIMIT_SEARCH": "100000000/60",
            "LOG_LEVEL": "WARNING",
            # A cache of its own (files shared by the workers), not the laptop's.
            "DATA_DIR": str(ROOT / ".data" / "bench"),
        }
    )
    env.pop("REDIS_URL", None)
    return env


def manage(env, *arguments, capture=False):
    result = subprocess.run(
        [str(PYTHON), "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout if capture else None


def prepare_database(args, env):
    name = args.database_url.rsplit("/", 1)[-1]
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"Unexpected database name {name!r}")
    admin_url = args.database_url.rsplit("/", 1)[0] + "/postgres"
    if args.fresh:
        subprocess.run(["psql", admin_url, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)
    exists = subprocess.run(
        ["psql", admin_url, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],  # noqa: S608
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["psql", admin_url, "-qc", f"CREATE DATABASE {name}"], check=True)
    log("Migrating and loading demo content …")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_initial_data")
    if args.scale:
        log(f"Generating {args.scale} articles …")
        manage(env, "generate_scale_content", "--articles", str(args.scale))
    manage(env, "collectstatic", "--noinput", "-v0")


TARGET_SCRIPT = """
import json
from blog.models import ArticlePage
from certification.models import Credential
article = ArticlePage.objects.live().public().order_by("-first_published_at").first()
from django.utils import timezone
today = timezone.now().date()
credential = next(
    c
    for c in Credential.objects.filter(public_verification=True).order_by("pk")[:500]
    if c.status_on(today) == "valid"
)
category = article.category
tag = article.tags.first()
print(json.dumps({
    "article": article.url,
    "verify": "/verify/" + credential.credential_id + "/",
    "cold": {
        "article": article.url,
        "home": "/",
        "blog_index": "/blog/",
        "category": "/blog/category/%s/" % category.slug,
        "tag": "/blog/tag/%s/" % tag.slug,
        "search": "/blog/search/?q=client",
    },
}))
"""


COLD_SCRIPT = """
import json, statistics, time
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
results = {}
for name, url in %r.items():
    timings, queries = [], []
    for n in range(%d):
        for alias in caches:
            caches[alias].clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as context:
            status = client.get(url, secure=True).status_code
        timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(context.captured_queries))
        assert status == 200, (url, status)
    timings, queries = timings[1:], queries[1:]  # the first also loads templates, code and content types
    results[name] = {"url": url, "renders": len(timings), "p50_ms": round(statistics.median(timings), 2),
                     "max_ms": round(max(timings), 2), "queries": max(queries)}
print(json.dumps(results))
"""


STORE_SCRIPT = """
import json, statistics, time
from django.core.cache import cache
from django.core.signals import request_finished
from django.test import RequestFactory
from agencyscript import ratelimit
headers = [("Content-Type", "text/html")] * 12
page = {"version": "v", "status": 200, "headers": headers, "body": bytes(range(256)) * 160}
request = RequestFactory().get("/verify/", REMOTE_ADDR="203.0.113.9")
def median_ms(step, n=200):
    timings = []
    for i in range(n):
        started = time.perf_counter()
        step(i)
        timings.append((time.perf_counter() - started) * 1000)
        request_finished.send(sender=None)  # Django closes the caches after each response
    return round(statistics.median(timings), 3)
results = {}
cache.clear()
for entries in (0, 4000):
    cache.set_many({f"filler:{i}": i for i in range(entries)})
    cache.set("pagecache:version", "v", None)
    results[entries] = {
        "store_page_ms": median_ms(lambda i: cache.set(f"page:{i}", page)),
        "page_hit_ms": median_ms(lambda i: cache.get_many(["pagecache:version", f"page:{i}"])),
        "rate_limit_ms": median_ms(lambda i: ratelimit.hit("verify", request)),
    }
cache.clear()
print(json.dumps(results))
"""


def measure_store(env):
    """The default cache's costs with few and with many entries: store a page, read it, count a request."""
    return json.loads(manage(env, "shell", "--no-imports", "-c", STORE_SCRIPT, capture=True).strip().splitlines()[-1])


def wait_for(url, timeout=30):
    """Until the URL answers 200, as to a request forwarded from HTTPS (production redirects plain HTTP)."""
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310 - loopback only
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer at {url}")


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback only
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


def parse_duration_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(url, args, headers):
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = parse_duration_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = parse_duration_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(value) for value in socket_errors.groups()) if socket_errors else 0
    )
    return {"requests_per_second": rps, "p50_ms": p50, "p99_ms": p99, "requests": total, "errors": errors}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL"),
        help="default: agencyscript_bench, or agencyscript_scale with --scale",
    )
    parser.add_argument("--port", type=int, default=8765)
    # One worker per core plus one: the load generator shares the machine, and more
    # workers than that only trade throughput for tail latency.
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", str((os.cpu_count() or 1) + 1)))
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--scale", type=int, default=int(os.environ.get("SCALE", "0") or 0))
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the benchmark database")
    parser.add_argument("--skip-setup", action="store_true")
    args = parser.parse_args()

    if not args.database_url:
        name = "agencyscript_scale" if args.scale else "agencyscript_bench"
        args.database_url = f"postgres://postgres@127.0.0.1:5432/{name}"
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    env = environment(args)
    if not args.skip_setup:
        prepare_database(args, env)
    else:
        manage(env, "collectstatic", "--noinput", "-v0")
    targets = json.loads(
        manage(env, "shell", "--no-imports", "-c", TARGET_SCRIPT, capture=True).strip().splitlines()[-1]
    )
    log("Rendering each page type with every cache cleared …")
    cold = json.loads(
        manage(env, "shell", "--no-imports", "-c", COLD_SCRIPT % (targets["cold"], 21), capture=True)
        .strip()
        .splitlines()[-1]
    )
    stores = {"files": env}
    if redis_answers():
        stores["redis"] = {**env, "REDIS_URL": REDIS_URL}
    else:
        log("No Redis server answers on 127.0.0.1:6379: measuring the file store only.")
    results = {name: measure(store_env, args, targets) for name, store_env in stores.items()}
    log("Timing the cache stores with few and many entries …")
    store_costs = {name: measure_store(store_env) for name, store_env in stores.items()}

    checks = {}
    for store, measured in results.items():
        checks[f"{store}: cached_at_least_50pct_of_static"] = (
            measured["cached"]["ratio_to_static"] >= TARGETS["cached_ratio_min"]
        )
        checks[f"{store}: cached_p99_under_50ms"] = measured["cached"]["p99_ms"] < TARGETS["cached_p99_ms_max"]
        checks[f"{store}: no_errors"] = all(result["errors"] == 0 for result in measured.values())
    for name, render in cold.items():
        checks[f"cold {name}: at most {TARGETS['cold_queries_max']} queries"] = (
            render["queries"] <= TARGETS["cold_queries_max"]
        )
    checks["cold article: median at most 20 ms"] = cold["article"]["p50_ms"] <= TARGETS["cold_article_p50_ms_max"]
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count()},
        "settings": {
            "workers": args.workers,
            "connections": args.connections,
            "threads": args.threads,
            "duration_s": args.duration,
            "scale_articles": args.scale,
            "stores": list(stores),
        },
        "targets": targets,
        "results": results,
        "cold_render": cold,
        "store": store_costs,
        "checks": checks,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2))

    for store, measured in results.items():
        log(f"\n[{store}] {'scenario':<10} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'vs static':>10} {'errors':>7}")
        for name, result in measured.items():
            log(
                f"{'':<{len(store) + 3}}{name:<10} {result['requests_per_second']:>10.1f} {result['p50_ms']:>8.2f} "
                f"{result['p99_ms']:>8.2f} {result['ratio_to_static']:>9.1%} {result['errors']:>7}"
            )
    log("\ncold renders (every cache cleared, in process, no load):")
    for name, render in cold.items():
        log(f"  {name:<11} p50 {render['p50_ms']:>6} ms  max {render['max_ms']:>6} ms  {render['queries']:>3} queries")
    log("\ncache store, median ms (store a page / read it / count a rate-limited request):")
    for store, costs in store_costs.items():
        for entries, cost in costs.items():
            log(
                f"  {store:<6} {entries:>5} entries  {cost['store_page_ms']:>7} / {cost['page_hit_ms']:>7} / "
                f"{cost['rate_limit_ms']:>7}"
            )
    for name, passed in checks.items():
        log(f"{'PASS' if passed else 'FAIL'}  {name}")
    log(f"\nResults written to {out.relative_to(ROOT)}")
    return 0 if all(checks.values()) else 1


def redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def measure(env, args, targets):
    """Start gunicorn with this environment, then run wrk against each scenario."""
    base = f"http://127.0.0.1:{args.port}"
    https = {"X-Forwarded-Proto": "https"}
    if env.get("REDIS_URL"):
        subprocess.run(["redis-cli", "-n", REDIS_URL.rsplit("/", 1)[-1], "FLUSHDB"], check=False, capture_output=True)
    shutil.rmtree(Path(env["DATA_DIR"]) / "cache", ignore_errors=True)
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "agencyscript.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--access-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for(f"{base}/robots.txt")  # /healthz/ also wants a worker; pages do not
        status, headers, article_html = fetch(base + targets["article"], https)
        if status != 200:
            raise SystemExit(f"article answered {status}")
        static_dir = ROOT / "staticfiles" / "bench"
        static_dir.mkdir(parents=True, exist_ok=True)
        (static_dir / "article.html").write_bytes(article_html)
        # WhiteNoise indexes STATIC_ROOT at start-up: restart so it sees the new file.
        server.send_signal(signal.SIGHUP)
        time.sleep(2)
        wait_for(f"{base}/robots.txt")  # /healthz/ also wants a worker; pages do not
        fetch(base + "/static/bench/article.html", https)
        fetch(base + targets["article"], https)  # warm the page cache

        scenarios = {
            "static": (base + "/static/bench/article.html", https),
            "cached": (base + targets["article"], https),
            "uncached": (base + targets["article"], {**https, "Cookie": "sessionid=benchmark-bypass"}),
            "index": (base + "/blog/", https),
            "verify": (base + targets["verify"], https),
        }
        results = {}
        for name, (url, request_headers) in scenarios.items():
            log(f"wrk {name} ({'redis' if env.get('REDIS_URL') else 'files'}): {url}")
            results[name] = run_wrk(url, args, request_headers)
        limit = results["static"]["requests_per_second"]
        for result in results.values():
            result["ratio_to_static"] = round(result["requests_per_second"] / limit, 4)
        return results
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
