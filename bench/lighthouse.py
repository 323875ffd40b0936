#!/usr/bin/env python
"""Lighthouse 12 (mobile) on the main page types, served by the production stack.

Uses the same set-up as bench/run.py (gunicorn, production settings,
PostgreSQL with demo content) and Debian's Chromium. Writes the JSON reports to
bench/results/lighthouse/ and prints the four category scores per page.
Targets: performance >= 98, accessibility, best practices and SEO 100.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import GUNICORN, RESULTS, ROOT, environment, manage, prepare_database, wait_for  # noqa: E402

PAGES_SCRIPT = """
import json
from blog.models import ArticlePage
from certification.models import Credential, TierPage
article = ArticlePage.objects.live().public().order_by("-first_published_at").first()
tier = TierPage.objects.live().order_by("level").first()
from django.utils import timezone
today = timezone.now().date()
credential = next(
    c
    for c in Credential.objects.filter(public_verification=True).order_by("pk")[:500]
    if c.status_on(today) == "valid"
)
print(json.dumps({
    "home": "/",
    "blog-index": "/blog/",
    "article": article.url,
    "tier": tier.url,
    "verify-result": "/verify/" + credential.credential_id + "/",
}))
"""
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/agencyscript_bench"),
    )
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--skip-setup", action="store_true")
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--scale", type=int, default=0)
    args = parser.parse_args()

    env = environment(args)
    # Plain HTTP on loopback: no HTTPS redirect or request upgrading.
    env.update({"SECURE_SSL_REDIRECT": "false", "CSP_UPGRADE_INSECURE_REQUESTS": "false"})
    if not args.skip_setup:
        prepare_database(args, env)
    manage(env, "collectstatic", "--noinput", "-v0")
    pages = json.loads(manage(env, "shell", "--no-imports", "-c", PAGES_SCRIPT, capture=True).strip().splitlines()[-1])
    base = f"http://127.0.0.1:{args.port}"
    out_dir = RESULTS / "lighthouse"
    out_dir.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(  # noqa: S603
        [str(GUNICORN), "agencyscript.wsgi", "--bind", f"127.0.0.1:{args.port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    scores = {}
    try:
        wait_for(f"{base}/robots.txt")  # /healthz/ also wants a worker; pages do not
        for name, path in pages.items():
            report = out_dir / f"{name}.json"
            with tempfile.TemporaryDirectory() as profile:
                subprocess.run(  # noqa: S603
                    [
                        "npx",
                        "--yes",
                        "lighthouse@12",
                        base + path,
                        "--quiet",
                        "--output=json",
                        f"--output-path={report}",
                        "--form-factor=mobile",
                        f"--only-categories={','.join(CATEGORIES)}",
                        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                        f"--disable-component-update --disable-sync --no-first-run --user-data-dir={profile}",
                    ],
                    check=True,
                    env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
                )
            data = json.loads(report.read_text())
            scores[name] = {category: round(data["categories"][category]["score"] * 100) for category in CATEGORIES}
            scores[name]["transfer_kb"] = round(data["audits"]["total-byte-weight"]["numericValue"] / 1024, 1)
    finally:
        server.terminate()
        server.wait(timeout=20)

    print(f"\n{'page':<14} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'KB':>7}")
    ok = True
    for name, result in scores.items():
        print(
            f"{name:<14} {result['performance']:>5} {result['accessibility']:>5} {result['best-practices']:>5} "
            f"{result['seo']:>5} {result['transfer_kb']:>7}"
        )
        ok &= result["performance"] >= 98 and result["accessibility"] == 100 and result["best-practices"] == 100
        ok &= result["seo"] == 100 or name == "verify-result"  # verify results are noindex by design
    (out_dir / "summary.json").write_text(json.dumps(scores, indent=2))
    print(f"\nReports in {out_dir.relative_to(ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
