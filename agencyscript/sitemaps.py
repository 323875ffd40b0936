"""sitemap.xml as an index of sections, so a large archive stays fast to serve."""

from wagtail.contrib.sitemaps import Sitemap


class PageSitemap(Sitemap):
    """Every live, public page (and the extra URLs pages add, such as blog categories)."""

    # Django's default is 50,000 URLs per file, which makes one slow response
    # for a large archive; smaller sections render quickly and cache well.
    limit = 2000


SITEMAPS = {"pages": PageSitemap}
