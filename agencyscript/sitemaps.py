"""sitemap.xml: an index of sections, each of at most 500 URLs.

The XML is written directly rather than through a template, so a full
section takes milliseconds and the sitemap stays fast however large the
archive grows. Sections:

- ``pages``: every live, public page except blog articles (a few dozen at
  any size of archive), with the extra URLs pages add, such as the blog's
  category listings;
- ``articles``: blog articles, newest first, read from the listing's anchors
  and counted and dated from denormalised counts (``blog.sitemaps``).
"""

from xml.sax.saxutils import escape

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_GET
from wagtail.models import Site, get_page_models

from agencyscript.sitemap_section import Section
from blog.models import ArticlePage
from blog.sitemaps import ArticleSection

XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


class PageSection(Section):
    """Every live, public page but the articles, with the extra URLs pages add."""

    def _all_entries(self, site, request):
        if not hasattr(request, "_sitemap_page_entries"):
            # By content type, which the page table indexes, rather than "not an
            # article", which would read every article to rule it out.
            types = [model for model in get_page_models() if not issubclass(model, ArticlePage)]
            pages = (
                site.root_page.get_descendants(inclusive=True)
                .live()
                .public()
                .exact_type(*types)
                .order_by("path")
                .specific(defer=True)
            )
            request._sitemap_page_entries = [
                (url["location"], url.get("lastmod")) for page in pages for url in page.get_sitemap_urls(request)
            ]
        return request._sitemap_page_entries

    def count(self, site, request):
        return len(self._all_entries(site, request))

    def latest(self, site, request):
        return max((lastmod for _, lastmod in self._all_entries(site, request) if lastmod), default=None)

    def entries(self, site, request, number):
        start = (number - 1) * self.limit
        return self._all_entries(site, request)[start : start + self.limit]


def sections():
    return {"pages": PageSection(), "articles": ArticleSection()}


def _lastmod(value):
    return value.date().isoformat() if hasattr(value, "date") else value.isoformat()


def _site(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site is configured for this address.")
    return site


def _xml_response(body, latest=None):
    response = HttpResponse(XML_HEADER + body, content_type="application/xml; charset=utf-8")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    if latest is not None:
        response["Last-Modified"] = http_date(latest.timestamp())
    return response


@require_GET
def index(request):
    site = _site(request)
    lines = [f'<sitemapindex xmlns="{NAMESPACE}">']
    newest = None
    for name, section in sections().items():
        num_pages, latest = section.num_pages(site, request), section.latest(site, request)
        location = request.build_absolute_uri(reverse("sitemap-section", kwargs={"section": name}))
        lastmod = f"<lastmod>{_lastmod(latest)}</lastmod>" if latest else ""
        for number in range(1, num_pages + 1):
            suffix = f"?p={number}" if number > 1 else ""
            lines.append(f"<sitemap><loc>{escape(location + suffix)}</loc>{lastmod}</sitemap>")
        if latest and (newest is None or latest > newest):
            newest = latest
    lines.append("</sitemapindex>\n")
    return _xml_response("\n".join(lines), newest)


@require_GET
def section(request, section):
    found = sections().get(section)
    if found is None:
        raise Http404("No such sitemap section.")
    site = _site(request)
    try:
        number = int(request.GET.get("p", "1"))
    except ValueError as error:
        raise Http404("No such page of the sitemap.") from error
    num_pages, latest = found.num_pages(site, request), found.latest(site, request)
    if not 1 <= number <= num_pages:
        raise Http404("No such page of the sitemap.")
    lines = [f'<urlset xmlns="{NAMESPACE}">']
    for location, lastmod in found.entries(site, request, number):
        date = f"<lastmod>{_lastmod(lastmod)}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(location)}</loc>{date}</url>")
    lines.append("</urlset>\n")
    return _xml_response("\n".join(lines), latest)
