"""Issue 9: once an editor's change returns, no anonymous request to any worker
gets stale or private content.

gunicorn runs production settings with 3 workers (``live_site``). Before each
change every page it affects is requested 24 times on new connections, so every
worker has it in its page cache (and the test checks the cache is on: repeats
are ``X-Page-Cache: HIT``) and shows the old state. While the change is made a
reader keeps requesting those pages (a request that renders while the change
commits must not store the old page as current). After the change returns, each
page is requested 24 times again and every response must show the new state.

The changes, in turn: unpublish an article (admin), make another article
private (admin), publish an edit of a third from a management command, rename
the blog index (admin), rename an author shown on articles (admin).
Each is a subtest, so one stale change does not hide the others.
"""

import contextlib
import html
import http.client
import json
import re
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

from tests.live.conftest import WORKERS

REQUESTS = 24
SITE_DATA = """
import json
from blog import content
from blog.models import ArticlePage, Author, BlogIndexPage
index = BlogIndexPage.objects.get()
articles = ArticlePage.objects.live().public().order_by("-display_date", "-pk").select_related("category")
print(json.dumps({
    "index": {"id": index.pk, "title": index.title, "url": index.url},
    "articles": [
        {
            "id": page.pk,
            "title": page.title,
            "url": page.url,
            "category": page.category.slug if page.category else None,
            "authors": [link.author_id for link in page.article_authors.all()],
            "links": sorted(content.links(page.body)[0]),
        }
        for page in articles
    ],
    "authors": {author.pk: author.name for author in Author.objects.all()},
}))
"""
PUBLISH_TITLE = """
from blog.models import ArticlePage
page = ArticlePage.objects.get(pk={id}).get_latest_revision_as_object()
page.title = {title!r}
page.save_revision().publish()
"""


# What a page shows -----------------------------------------------------------


def related_panel(text):
    found = re.search(r'<section class="related".*?</section>', text, re.S)
    return found.group(0) if found else ""


def breadcrumbs(text):
    found = re.search(r'<nav class="breadcrumbs".*?</nav>', text, re.S)
    return found.group(0) if found else ""


def json_ld_breadcrumb_names(text):
    for script in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
        data = json.loads(script)
        if data.get("@type") == "BreadcrumbList":
            return [item["name"] for item in data["itemListElement"]]
    return []


def shows_article(url, title):
    """The article itself: its page, with its title."""

    def check(response):
        if response.status != 200 or html.escape(title) not in response.text:
            return f"not the article (HTTP {response.status})"
        return None

    return check


def links(url, region=None):
    def check(response):
        text = region(response.text) if region else response.text
        return None if url in text else f"no link to {url}"

    return check


def no_link(url, region=None):
    def check(response):
        if response.status != 200:
            return f"HTTP {response.status}"
        text = region(response.text) if region else response.text
        return f"still links {url}" if url in text else None

    return check


def not_found(response):
    return None if response.status == 404 else f"HTTP {response.status}, not 404"


def password_form_only(title):
    def check(response):
        text = response.text
        if 'name="password"' not in text:
            return f"no password form (HTTP {response.status})"
        if 'class="article__body' in text or html.escape(title) in text:
            return f"the private article's content (HTTP {response.status})"
        return None

    return check


def shows_text(new, old=None, region=None):
    """The page (or a region of it) shows ``new`` and not ``old`` (both as HTML source)."""

    def check(response):
        if response.status != 200:
            return f"HTTP {response.status}"
        text = region(response.text) if region else response.text
        if old and old in text:
            return f"still shows {old!r}"
        return None if new in text else f"does not show {new!r}"

    return check


def panel_is_current(new, old, url):
    """The related panel never shows ``old``; if it still lists the article at ``url``, it shows ``new``.

    (Publishing an article re-ranks the lists around it, so a panel may list other articles now.)
    """

    def check(response):
        if response.status != 200:
            return f"HTTP {response.status}"
        text = related_panel(response.text)
        if old in text:
            return f"still shows {old!r}"
        return f"lists the article without {new!r}" if url in text and new not in text else None

    return check


def breadcrumb_shows(title):
    def check(response):
        if response.status != 200:
            return f"HTTP {response.status}"
        problems = []
        if f">{html.escape(title)}</a>" not in breadcrumbs(response.text):
            problems.append("breadcrumbs")
        if title not in json_ld_breadcrumb_names(response.text):
            problems.append("JSON-LD BreadcrumbList")
        return f"{' and '.join(problems)} without {title!r}" if problems else None

    return check


def byline_shows(name, old=None):
    marker = 'class="byline__name">{}<'

    def check(response):
        if response.status != 200:
            return f"HTTP {response.status}"
        if old and marker.format(html.escape(old)) in response.text:
            return f"byline still names {old!r}"
        return None if marker.format(html.escape(name)) in response.text else f"byline does not name {name!r}"

    return check


# Requests --------------------------------------------------------------------


def fetch(site, path, count=REQUESTS):
    """``count`` anonymous GETs of ``path``, each on a new connection, a few at a time."""
    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(lambda _: site.get(path), range(count)))


def observe(site, checks):
    """Request each page ``REQUESTS`` times; a description of each page some responses got wrong."""
    problems = []
    for path, check in checks:
        responses = fetch(site, path)
        wrong = [(response, check(response)) for response in responses]
        wrong = [(response, problem) for response, problem in wrong if problem]
        if wrong:
            hits = sum(response.header("X-Page-Cache") == "HIT" for response, _ in wrong)
            reasons = sorted({problem for _, problem in wrong})
            problems.append(
                f"{path}: {len(wrong)} of {len(responses)} anonymous requests got {'; '.join(reasons)}"
                f" ({hits} of them X-Page-Cache: HIT)"
            )
    return problems


def warm(site, checks):
    """Put each page in every worker's cache; it must show the old state and be cached."""
    for path, check in checks:
        responses = fetch(site, path)
        problems = sorted({problem for problem in map(check, responses) if problem})
        assert not problems, f"before the change, {path} got {problems}: the test's expectations are wrong"
        hits = sum(response.header("X-Page-Cache") == "HIT" for response in responses)
        # At most one miss per worker (each renders it once), however the cache is shared.
        assert hits >= REQUESTS - WORKERS, f"{path}: only {hits} of {REQUESTS} repeats came from the page cache"


class Readers:
    """Anonymous visitors requesting pages while a change is being made."""

    def __init__(self, site, paths):
        self.site, self.paths = site, paths
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop.is_set():
            for path in self.paths:
                # What they get does not matter, only that they render while the change commits.
                with contextlib.suppress(OSError, http.client.HTTPException):
                    self.site.get(path)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stop.set()
        self.thread.join(timeout=30)


def change(site, before, after, make_change):
    """Warm the pages, make the change with readers running, then check every worker's answer."""
    warm(site, before)
    with Readers(site, [path for path, _ in before]):
        make_change()
    problems = observe(site, after)
    assert not problems, "stale or private content after the change returned:\n" + "\n".join(problems)


# The test --------------------------------------------------------------------


def test_changes_reach_every_worker(live_site, subtests):
    site = live_site
    data = site.python(SITE_DATA)
    index, articles = data["index"], data["articles"]
    authors = {int(pk): name for pk, name in data["authors"].items()}
    public = list(articles)  # those still public, as the changes go on
    token = secrets.token_hex(3)
    editor = site.admin_session()

    def page_in_admin(page_id):
        """The page as the admin API reads it from the database (never cached)."""
        response = editor.get(f"/admin/api/main/pages/{page_id}/")
        assert response.status == 200, f"admin API: HTTP {response.status}"
        return json.loads(response.text)

    listings = ["/", index["url"], index["url"] + "feed/rss/", index["url"] + "feed/atom/", "/sitemap-articles.xml"]

    def pages_linking(article):
        """The listings that show the article, and the other articles whose related panel shows it."""
        paths = [*listings]
        if article["category"]:
            paths.append(f"{index['url']}category/{article['category']}/")
        paths = [path for path in paths if always_shows(path, article["url"])]
        missing = {index["url"], index["url"] + "feed/rss/", "/sitemap-articles.xml"} - set(paths)
        assert not missing, f"{article['url']} is not listed on {sorted(missing)} even before the change"
        panels = [other["url"] for other in public if other is not article]
        panels = [path for path in panels if always_shows(path, article["url"], related_panel)]
        return paths, panels

    def always_shows(path, url, region=lambda text: text):
        """Whether every worker's answer shows ``url`` (after a stale change they may disagree:
        that change's own check reports it)."""
        return all(url in region(response.text) for response in fetch(site, path, WORKERS * 3))

    first, second = articles[:2]
    # The third is edited after the first is unpublished: it must not link to it (the content
    # checks refuse to publish a link to an unpublished page).
    third = next(article for article in articles[2:] if first["id"] not in article["links"])

    # 1. Unpublish an article in the admin.
    with subtests.test(msg="unpublish an article (admin)"):
        paths, panels = pages_linking(first)
        url = first["url"]
        before = [(url, shows_article(url, first["title"]))]
        before += [(path, links(url)) for path in paths] + [(path, links(url, related_panel)) for path in panels]
        after = [(url, not_found)]
        after += [(path, no_link(url)) for path in paths] + [(path, no_link(url, related_panel)) for path in panels]

        def unpublish():
            response = editor.post(f"/admin/pages/{first['id']}/unpublish/", {"next": ""})
            assert response.status == 302, f"unpublish: HTTP {response.status}"
            assert not page_in_admin(first["id"])["meta"]["status"]["live"], "the article is still live"

        public.remove(first)
        change(site, before, after, unpublish)

    # 2. Make another article private (shared password) in the admin.
    with subtests.test(msg="make a page private (admin)"):
        paths, panels = pages_linking(second)
        url = second["url"]
        before = [(url, shows_article(url, second["title"]))]
        before += [(path, links(url)) for path in paths] + [(path, links(url, related_panel)) for path in panels]
        after = [(url, password_form_only(second["title"]))]
        after += [(path, no_link(url)) for path in paths] + [(path, no_link(url, related_panel)) for path in panels]

        def make_private():
            response = editor.post(
                f"/admin/pages/{second['id']}/privacy/",
                {"restriction_type": "password", "password": secrets.token_urlsafe(12)},
            )
            assert response.status == 200, f"privacy: HTTP {response.status}"
            assert json.loads(response.text).get("step") == "set_privacy_done", response.text[:500]

        public.remove(second)
        change(site, before, after, make_private)

    # 3. Publish an edit from a management command (another process than any worker).
    with subtests.test(msg="publish an edit from a management command"):
        _, panels = pages_linking(third)
        title, new_title = third["title"], f"Edited From The Command Line {token}"
        old, new = html.escape(title), html.escape(new_title)
        pages = [third["url"], index["url"], "/", index["url"] + "feed/rss/"]
        before = [(path, shows_text(old)) for path in pages]
        before += [(path, shows_text(old, region=related_panel)) for path in panels]
        after = [(path, shows_text(new, old)) for path in pages]
        after += [(path, panel_is_current(new, old, third["url"])) for path in panels]

        def publish_from_command():
            site.python(PUBLISH_TITLE.format(id=third["id"], title=new_title))
            assert page_in_admin(third["id"])["title"] == new_title, "the command did not publish the new title"

        change(site, before, after, publish_from_command)

    # 4. Rename the blog index in the admin: every article's breadcrumbs name it.
    with subtests.test(msg="rename the blog index (admin)"):
        old, new = index["title"], f"Casebook {token}"
        before = [(article["url"], breadcrumb_shows(old)) for article in public]
        before.append((index["url"], shows_text(f"<title>{html.escape(old)} |")))
        after = [(article["url"], breadcrumb_shows(new)) for article in public]
        after.append((index["url"], shows_text(f"<title>{new} |", old=f"<title>{html.escape(old)} |")))

        def rename_index():
            path = f"/admin/pages/{index['id']}/edit/"
            response = editor.submit(path, {"title": new, "action-publish": "publish"}, action_contains="edit")
            assert response.status == 302, f"publishing the blog index: HTTP {response.status}"
            published = page_in_admin(index["id"])
            assert published["title"] == new, f"the blog index was not published: {published['meta']['status']}"

        change(site, before, after, rename_index)

    # 5. Rename an author (a snippet) in the admin: every article by them names them.
    with subtests.test(msg="rename an author shown on articles (admin)"):
        author_id = max(authors, key=lambda pk: sum(pk in article["authors"] for article in public))
        old, new = authors[author_id], f"Renamed Author {token}"
        theirs = [article["url"] for article in public if author_id in article["authors"]]
        card = 'class="article-card__author">{}<'
        before = [(path, byline_shows(old)) for path in theirs]
        before.append((index["url"], shows_text(card.format(html.escape(old)))))
        after = [(path, byline_shows(new, old)) for path in theirs]
        after.append((index["url"], shows_text(card.format(new), old=card.format(html.escape(old)))))

        def rename_author():
            path = f"/admin/snippets/blog/author/edit/{author_id}/"
            response = editor.submit(path, {"name": new}, action_contains="edit")
            assert response.status == 302, f"saving the author: HTTP {response.status}"
            assert ("name", new) in editor.form(path, action_contains="edit"), "the author was not renamed"

        change(site, before, after, rename_author)
