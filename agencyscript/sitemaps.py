"""sitemap.xml as an index of sections, so a large archive stays fast to serve."""

from django.db.models import Max
from django.db.models.functions import Coalesce
from wagtail.contrib.sitemaps import Sitemap


class PageSitemap(Sitemap):
    """Every live, public page (and the extra URLs pages add, such as blog categories)."""

    # Django's default is 50,000 URLs per file, one slow response for a large
    # archive; smaller sections render quickly and cache well.
    limit = 1000

    def items(self):
        # Specific classes, but with their own fields deferred: the sitemap only
        # needs URLs and dates, and pages that add URLs load what they need.
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .specific(defer=True)
        )

    def get_latest_lastmod(self):
        """One aggregate query (Django's default walks every page in Python)."""
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .aggregate(latest=Max(Coalesce("last_published_at", "latest_revision_created_at")))["latest"]
        )


SITEMAPS = {"pages": PageSitemap}
