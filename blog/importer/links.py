"""Links between articles: ``/blog/<slug>/`` in the Markdown becomes a link to the page.

Page links (by id) survive renames and moves. A link to an article imported
later in the same run waits for that article; a link to no article stays a URL
and is reported.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site

LINK_DEST_RE = re.compile(r"(\]\(\s*<?)([^)\s>]+)(>?(?:\s+\"[^\"]*\")?\s*\))")
ARTICLE_PATH_RE = r"^{prefix}([\w-]+)/?(?:#[\w-]*)?$"
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:", "/", "#")


def link_context(index):
    """The blog's path and the host names whose links count as links to this site."""
    hosts = set()
    for site in Site.objects.all():
        hosts.add(site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}")
        hosts.add(site.hostname)
    for name in ("SITE_URL", "WAGTAILADMIN_BASE_URL"):
        netloc = urlsplit(getattr(settings, name, "") or "").netloc
        if netloc:
            hosts.add(netloc)
    url = index.get_url() or "/blog/"
    path = urlsplit(url).path or "/blog/"
    return path, hosts


class LinkResolver:
    """Maps /blog/<slug>/ links to page ids; remembers links it could not resolve yet."""

    def __init__(self, known, pending_slugs, blog_path="/blog/", own_hosts=()):
        self.article_path = re.compile(ARTICLE_PATH_RE.format(prefix=re.escape(blog_path)))
        self.own_hosts = {host.lower() for host in own_hosts}
        self.known = known  # slug -> page id
        self.pending_slugs = pending_slugs  # slugs later in this run
        self.unresolved = []  # (slug, line)
        self.waiting = False

    def match_article(self, destination):
        """A link to an article of this blog: relative, or absolute on one of our own hosts."""
        parts = urlsplit(destination)
        if parts.scheme in {"http", "https"}:
            if parts.netloc.lower() not in self.own_hosts:
                return None
            destination = parts.path + (f"#{parts.fragment}" if parts.fragment else "")
        elif parts.scheme or parts.netloc:
            return None
        return self.article_path.match(destination)

    def rewrite(self, text, line):
        def replace(match):
            destination = match.group(2)
            found = self.match_article(destination)
            if found:
                slug = found.group(1)
                if slug in self.known:
                    return f"{match.group(1)}wagtail-page:{self.known[slug]}{match.group(3)}"
                if slug in self.pending_slugs:
                    self.waiting = True
                else:
                    self.unresolved.append((destination, line + text.count("\n", 0, match.start())))
                return match.group(0)
            if not destination.lower().startswith(SAFE_SCHEMES):
                return f"{match.group(1)}#{match.group(3)}"
            return match.group(0)

        return LINK_DEST_RE.sub(replace, text)
