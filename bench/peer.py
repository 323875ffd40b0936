#!/usr/bin/env python
"""The peer to beat: a plain Wagtail news site, same machine, same articles, same server.

Wagtail's official news template (github.com/wagtail/news-template) cannot be
fetched on this machine (its network reaches package registries only). The
peer is therefore built from the project template that ships inside the
wagtail package (``wagtail start``) plus the news pages of Wagtail's
getting-started tutorial: an index and dated articles with an intro, a
rich-text body and tags, in plain templates, with Wagtail's defaults (no
caching). It is built in a temporary folder at run time; nothing of it is
kept in this repository.

The peer gets the same articles as the benchmark database (title, summary,
rendered body, date, tags) and runs under the same gunicorn (production
settings, PostgreSQL, WhiteNoise, same number of workers). Measured with wrk
as in ``bench/run.py``: the peer's article as a static file (its limit), the
article, the news index. The figures are printed beside the latest
``bench/run.py`` results.

The same article is also rendered in process on both sites with every cache
cleared, with its queries, in alternating rounds (peer, ours, peer, ours …):
the machine's speed drifts by up to half within an hour, so only renders made
a minute apart compare. Everything is written to
bench/results/peer-<timestamp>.json.

Run ``make bench`` first (it sets up the benchmark database), then
``make bench-peer``.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402 - bench/run.py, beside this file

ROOT = bench.ROOT
WAGTAIL = ROOT / ".venv" / "bin" / "wagtail"
COLD_ROUNDS = 3

EXPORT_SCRIPT = """
import json
from blog.models import ArticlePage
articles = []
for page in ArticlePage.objects.live().public().order_by("display_date", "pk"):
    articles.append({
        "title": page.title,
        "slug": page.slug,
        "intro": page.summary[:250],
        "date": page.display_date.isoformat(),
        "tags": [tag.name for tag in page.tags.all()],
        "body": str(page.body),
    })
print(json.dumps(articles))
"""

NEWS_MODELS = """
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class NewsIndexPage(Page):
    intro = RichTextField(blank=True)
    subpage_types = ["news.NewsPage"]

    def get_context(self, request):
        context = super().get_context(request)
        context["newspages"] = self.get_children().live().order_by("-first_published_at")
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsPage(Page):
    date = models.DateField("Post date")
    intro = models.CharField(max_length=250)
    body = RichTextField(blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True)

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["news.NewsIndexPage"]
"""

NEWS_TEMPLATES = {
    "news_index_page.html": """{% extends "base.html" %}
{% load wagtailcore_tags %}
{% block body_class %}template-newsindexpage{% endblock %}
{% block content %}
<h1>{{ page.title }}</h1>
<div class="intro">{{ page.intro|richtext }}</div>
{% for post in newspages %}{% with post=post.specific %}
<h2><a href="{% pageurl post %}">{{ post.title }}</a></h2>
<p>{{ post.date }}</p>
<p>{{ post.intro }}</p>
{% endwith %}{% endfor %}
{% endblock %}
""",
    "news_page.html": """{% extends "base.html" %}
{% load wagtailcore_tags %}
{% block body_class %}template-newspage{% endblock %}
{% block content %}
<h1>{{ page.title }}</h1>
<p class="meta">{{ page.date }}</p>
<div class="intro">{{ page.intro }}</div>
{{ page.body|richtext }}
{% with tags=page.tags.all %}{% if tags %}
<div class="tags"><h3>Tags</h3>{% for tag in tags %}<a href="#">{{ tag }}</a> {% endfor %}</div>
{% endif %}{% endwith %}
<p><a href="{{ page.get_parent.url }}">Return to the news</a></p>
{% endblock %}
""",
}

LOCAL_SETTINGS = """
import os

import dj_database_url

from .base import *  # noqa: F403

DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
STATIC_ROOT = os.environ["STATIC_ROOT"]
INSTALLED_APPS = ["news", *INSTALLED_APPS]
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
"""

LOAD_SCRIPT = """
import datetime, json, sys
from home.models import HomePage
from news.models import NewsIndexPage, NewsPage
home = HomePage.objects.first()
index = NewsIndexPage(title="News", slug="news", intro="<p>Case studies and articles.</p>")
home.add_child(instance=index)
index.save_revision().publish()
for item in json.load(open(%r)):
    page = NewsPage(title=item["title"], slug=item["slug"], intro=item["intro"], body=item["body"],
                    date=datetime.date.fromisoformat(item["date"]))
    page.tags.add(*item["tags"])
    index.add_child(instance=page)
    page.save_revision().publish()
newest = NewsPage.objects.live().order_by("-first_published_at").first()
print(json.dumps({"article": newest.url, "index": index.url}))
"""


def build_peer(folder, env, articles_file):
    folder.mkdir()
    subprocess.run([str(WAGTAIL), "start", "peer", str(folder)], check=True, capture_output=True)
    news = folder / "news"
    (news / "migrations").mkdir(parents=True)
    (news / "__init__.py").write_text("")
    (news / "migrations" / "__init__.py").write_text("")
    (news / "models.py").write_text(NEWS_MODELS)
    (news / "templates" / "news").mkdir(parents=True)
    for name, text in NEWS_TEMPLATES.items():
        (news / "templates" / "news" / name).write_text(text)
    (folder / "peer" / "settings" / "local.py").write_text(LOCAL_SETTINGS)
    python = str(bench.PYTHON)
    for command in (["makemigrations", "news", "-v0"], ["migrate", "--noinput", "-v0"]):
        subprocess.run([python, "manage.py", *command], cwd=folder, env=env, check=True)
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=folder, env=env, check=True)
    return shell(folder, env, LOAD_SCRIPT % str(articles_file))


def shell(folder, env, script):
    """Run ``script`` in the Django project in ``folder``; what it printed last, as JSON."""
    output = subprocess.run(
        [str(bench.PYTHON), "manage.py", "shell", "--no-imports", "-c", script],
        cwd=folder,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def cold_article(folder, env, url):
    """Median render of ``url`` in process, every cache cleared first (``bench/run.py``), and its queries."""
    return shell(folder, env, bench.COLD_SCRIPT % ({"article": url}, 21))["article"]


def recreate_database(url):
    name = url.rsplit("/", 1)[-1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)


def latest_own_results():
    candidates = sorted((ROOT / "bench" / "results").glob("bench-*.json"))
    for path in reversed(candidates):
        report = json.loads(path.read_text())
        if not report["settings"].get("scale_articles"):
            return path, report
    return None, None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source-url", default="postgres://postgres@127.0.0.1:5432/agencyscript_bench")
    parser.add_argument("--peer-url", default="postgres://postgres@127.0.0.1:5432/agencyscript_peer")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    own_env = bench.environment(argparse.Namespace(database_url=args.source_url, port=args.port))
    articles = json.loads(
        bench.manage(own_env, "shell", "--no-imports", "-c", EXPORT_SCRIPT, capture=True).strip().splitlines()[-1]
    )
    if not articles:
        raise SystemExit("The benchmark database has no articles: run `make bench` first.")

    with tempfile.TemporaryDirectory(prefix="agencyscript-peer-") as temp:
        folder = Path(temp) / "site"
        articles_file = Path(temp) / "articles.json"
        articles_file.write_text(json.dumps(articles))
        recreate_database(args.peer_url)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "peer.settings.production",
            "DATABASE_URL": args.peer_url,
            "SECRET_KEY": own_env["SECRET_KEY"],
            "STATIC_ROOT": str(Path(temp) / "static"),
        }
        bench.log(f"Building the peer with {len(articles)} articles …")
        targets = build_peer(folder, env, articles_file)
        # The same article on both sites, rendered cold in alternating rounds: the
        # machine's speed drifts, so only renders made minutes apart compare.
        own_article = shell(ROOT, own_env, bench.TARGET_SCRIPT)["article"]
        targets["article"] = targets["index"] + own_article.rstrip("/").rsplit("/", 1)[-1] + "/"
        rounds = []
        for _ in range(COLD_ROUNDS):
            peer_cold = cold_article(folder, env, targets["article"])
            own_cold = cold_article(ROOT, own_env, own_article)
            rounds.append({"peer": peer_cold, "ours": own_cold, "ratio": own_cold["p50_ms"] / peer_cold["p50_ms"]})
        base = f"http://127.0.0.1:{args.port}"
        server = subprocess.Popen(
            [str(bench.GUNICORN), "peer.wsgi", "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers)],
            cwd=folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            bench.wait_for(base + targets["index"])
            status, _headers, article_html = bench.fetch(base + targets["article"])
            if status != 200:
                raise SystemExit(f"the peer's article answered {status}")
            static_dir = Path(env["STATIC_ROOT"]) / "bench"
            static_dir.mkdir(parents=True, exist_ok=True)
            (static_dir / "article.html").write_bytes(article_html)
            server.send_signal(signal.SIGHUP)  # WhiteNoise indexes STATIC_ROOT at start-up
            time.sleep(2)
            bench.wait_for(base + "/static/bench/article.html")
            scenarios = {
                "static": base + "/static/bench/article.html",
                "article": base + targets["article"],
                "index": base + targets["index"],
            }
            results = {}
            for name, url in scenarios.items():
                bench.log(f"wrk peer {name}: {url}")
                results[name] = bench.run_wrk(url, args, {})
        finally:
            server.terminate()
            server.wait(timeout=20)
    limit = results["static"]["requests_per_second"]
    for result in results.values():
        result["ratio_to_static"] = round(result["requests_per_second"] / limit, 4)

    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "peer": "wagtail start (Wagtail's project template) + the tutorial's news pages; no caching",
        "articles": len(articles),
        "article_bytes": len(article_html),
        "results": results,
        "cold_render": {
            "article": own_article,
            "rounds": rounds,
            "peer_p50_ms": median(r["peer"]["p50_ms"] for r in rounds),
            "ours_p50_ms": median(r["ours"]["p50_ms"] for r in rounds),
            "ratio": round(median(r["ratio"] for r in rounds), 2),
            "peer_queries": max(r["peer"]["queries"] for r in rounds),
            "ours_queries": max(r["ours"]["queries"] for r in rounds),
        },
    }
    out = bench.RESULTS / f"peer-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    bench.RESULTS.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))

    own_path, own = latest_own_results()
    bench.log(f"\n{'':<34} {'peer':>12} {'Agency Script':>14}")

    def row(label, peer_value, own_value):
        bench.log(f"{label:<34} {peer_value:>12} {own_value:>14}")

    def rps(result):
        return f"{result['requests_per_second']:.0f}/s"

    if own:
        ours = own["results"]["files"]  # the default store (no REDIS_URL)
        row("static file (each site's limit)", rps(results["static"]), rps(ours["static"]))
        row("article, cached", "no cache", rps(ours["cached"]))
        row("article, page cache bypassed", rps(results["article"]), rps(ours["uncached"]))
        row(
            "article p99, cached / peer",
            f"{results['article']['p99_ms']:.1f} ms",
            f"{ours['cached']['p99_ms']:.1f} ms",
        )
        row("index", rps(results["index"]), rps(ours["index"]))
        bench.log(f"(ours from {own_path.relative_to(ROOT)}; run `make bench` for fresh figures)")
    else:
        for name, result in results.items():
            row(name, rps(result), "–")
        bench.log("\nNo bench/run.py results yet: run `make bench` to compare.")
    cold = report["cold_render"]
    bench.log(f"\n{'':<34} {'peer':>12} {'Agency Script':>14}")
    row("cold render of the article*", f"{cold['peer_p50_ms']:.1f} ms", f"{cold['ours_p50_ms']:.1f} ms")
    row("queries, cold render", str(cold["peer_queries"]), str(cold["ours_queries"]))
    row("cold render, ours / peer", "", f"{cold['ratio']:.2f}×")
    bench.log(f"* {cold['article']} on both sites: medians of {COLD_ROUNDS} alternating rounds of 20 renders each.")
    bench.log(f"Peer results written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
