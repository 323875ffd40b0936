"""The sitemap's article section: fast at any size of archive.

Articles are listed newest first, a section at a time, by seeking to the
listing anchor where the section starts (``ListingAnchor``) rather than
skipping rows, and their number and latest date come from ``ArticleCount``.
A location is the site's root URL plus the article's path below the site's
root page: what ``Page.get_full_url`` gives, without loading each page.
"""

from django.db.models.functions import Coalesce, TruncDate

from agencyscript.sitemap_section import Section
from blog.models import ListingAnchor
from blog.selectors import LISTING_PAGE_SIZE, ORDERING, article_totals, from_anchor, published_articles


class ArticleSection(Section):
    def _totals(self, request):
        if not hasattr(request, "_sitemap_article_totals"):
            request._sitemap_article_totals = article_totals()
        return request._sitemap_article_totals

    def count(self, site, request):
        return self._totals(request)[0]

    def latest(self, site, request):
        return self._totals(request)[1]

    def entries(self, site, request, number):
        root_path = site.root_page.url_path
        articles = published_articles().filter(url_path__startswith=root_path).order_by(*ORDERING)
        start = (number - 1) * self.limit
        anchor = None
        if start % LISTING_PAGE_SIZE == 0:
            anchor = (
                ListingAnchor.objects.filter(number=start // LISTING_PAGE_SIZE + 1)
                .values_list("display_date", "article_id")
                .first()
            )
        # Seek from the anchor where there is one; otherwise skip rows.
        rows = articles[start:] if anchor is None else from_anchor(articles, anchor)
        rows = rows[: self.limit]
        base = site.root_url + "/"
        skip = len(root_path)
        # Dates, not timestamps, come back: a sitemap gives the day, and they load faster.
        lastmod = TruncDate(Coalesce("last_published_at", "latest_revision_created_at"))
        return [(base + url_path[skip:], day) for url_path, day in rows.values_list("url_path", lastmod)]
