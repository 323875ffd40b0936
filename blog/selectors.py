"""Read queries for the blog."""

from blog.models import BlogIndexPage


def latest_articles(limit=3):
    """The newest live articles (none until the blog issue adds ArticlePage)."""
    return []


def blog_index():
    return BlogIndexPage.objects.live().first()
