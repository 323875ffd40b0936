#!/usr/bin/env python
"""Reproducible benchmark: the site's own gunicorn against the static-file limit.

Starts gunicorn with production settings on PostgreSQL (demo content loaded,
static files collected), then measures on loopback with wrk:

- static:   the article's own HTML, saved as a static file and served by the
            same gunicorn through WhiteNoise (the limit),
- cached:   the article from the page cache,
- uncached: the article with the page cache bypassed (a session cookie, as a
            signed-in reader); its remembered route and rendered content
            fragment, both keyed on the page's revision, stay warm,
- index:    the blog index,
- verify:   a credential verification (never cached).

Also renders the article in process with every cache cleared first (the cost
after a publish, when nothing is cached), and reports its time and queries.

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
TARGETS = {"cached_ratio_min": 0.5, "uncached_ratio_min": 0.08, "cached_p99_ms_max": 50.0}


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
        }
    )
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
print(json.dumps({"article": article.url, "verify": "/verify/" + credential.credential_id + "/"}))
"""


COLD_SCRIPT = """
import json, statistics, time
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
url = %r
timings, queries = [], []
for n in range(%d):
    for alias in caches:
        caches[alias].clear()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as context:
        status = client.get(url, secure=True).status_code
    timings.append((time.perf_counter() - started) * 1000)
    queries.append(len(context.captured_queries))
    assert status == 200, status
timings = timings[1:]  # the first also loads templates and code
print(json.dumps({"renders": len(timings), "p50_ms": round(statistics.median(timings), 2),
                  "max_ms": round(max(timings), 2), "queries": max(queries)}))
"""


def wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
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
    base = f"http://127.0.0.1:{args.port}"
    https = {"X-Forwarded-Proto": "https"}
    log("Rendering the article with every cache cleared …")
    cold = json.loads(
        manage(env, "shell", "--no-imports", "-c", COLD_SCRIPT % (targets["article"], 21), capture=True)
        .strip()
        .splitlines()[-1]
    )

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
        wait_for(f"{base}/healthz/")
        status, headers, article_html = fetch(base + targets["article"], https)
        if status != 200:
            raise SystemExit(f"article answered {status}")
        static_dir = ROOT / "staticfiles" / "bench"
        static_dir.mkdir(parents=True, exist_ok=True)
        (static_dir / "article.html").write_bytes(article_html)
        # WhiteNoise indexes STATIC_ROOT at start-up: restart so it sees the new file.
        server.send_signal(signal.SIGHUP)
        time.sleep(2)
        wait_for(f"{base}/healthz/")
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
            log(f"wrk {name}: {url}")
            results[name] = run_wrk(url, args, request_headers)
        limit = results["static"]["requests_per_second"]
        for result in results.values():
            result["ratio_to_static"] = round(result["requests_per_second"] / limit, 4)
    finally:
        server.terminate()
        server.wait(timeout=20)

    checks = {
        "cached_at_least_50pct_of_static": results["cached"]["ratio_to_static"] >= TARGETS["cached_ratio_min"],
        "uncached_at_least_8pct_of_static": results["uncached"]["ratio_to_static"] >= TARGETS["uncached_ratio_min"],
        "cached_p99_under_50ms": results["cached"]["p99_ms"] < TARGETS["cached_p99_ms_max"],
        "no_errors": all(result["errors"] == 0 for result in results.values()),
    }
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count()},
        "settings": {
            "workers": args.workers,
            "connections": args.connections,
            "threads": args.threads,
            "duration_s": args.duration,
            "scale_articles": args.scale,
            "cache": "redis" if os.environ.get("REDIS_URL") else "local memory per worker",
        },
        "targets": targets,
        "results": results,
        "cold_render": cold,
        "checks": checks,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2))

    log(f"\n{'scenario':<10} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'vs static':>10} {'errors':>7}")
    for name, result in results.items():
        log(
            f"{name:<10} {result['requests_per_second']:>10.1f} {result['p50_ms']:>8.2f} {result['p99_ms']:>8.2f} "
            f"{result['ratio_to_static']:>9.1%} {result['errors']:>7}"
        )
    log(
        f"\ncold render (every cache cleared, in process, no load): p50 {cold['p50_ms']} ms, "
        f"max {cold['max_ms']} ms, {cold['queries']} queries"
    )
    for name, passed in checks.items():
        log(f"{'PASS' if passed else 'FAIL'}  {name}")
    log(f"\nResults written to {out.relative_to(ROOT)}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
