"""One section of sitemap.xml: the interface the site's sitemap and each app's sections share."""

import math

# Small sections are quick to build and to re-fetch after a change; the protocol
# allows up to 50,000, and an index of a hundred sections is still tiny.
SECTION_SIZE = 500


class Section:
    """One part of the sitemap: how many URLs it has, when it last changed, and its URLs."""

    limit = SECTION_SIZE

    def count(self, site, request):
        raise NotImplementedError

    def latest(self, site, request):
        raise NotImplementedError

    def entries(self, site, request, number):
        """(location, lastmod) pairs for page ``number`` of this section."""
        raise NotImplementedError

    def num_pages(self, site, request):
        return max(1, math.ceil(self.count(site, request) / self.limit))
