"""Read queries for site-wide pages."""

from blog import selectors as blog_selectors
from certification import selectors as certification_selectors


def home_page_sections(home):
    return {
        "tiers": list(certification_selectors.tiers()),
        "latest_articles": list(blog_selectors.latest_articles(limit=3)),
    }
