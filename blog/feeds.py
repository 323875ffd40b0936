"""RSS and Atom feeds of the blog and of each category."""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from blog import selectors
from blog.models import Category, Provenance
from blog.structured_data import site_root_url

FEED_LENGTH = 20


def sentence(text):
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?" else text + "."


def provenance_note(item):
    """How an article made with AI was made, in words, for the end of its feed description."""
    if item.provenance not in (Provenance.AI_ASSISTED, Provenance.AI_GENERATED):
        return ""
    parts = [f"How this article was made: {item.get_provenance_display()}.", sentence(item.ai_use)]
    if item.reviewed_by:
        parts.append(sentence(f"Reviewed by {item.reviewed_by}"))
    return " ".join(part for part in parts if part)


class RssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=900"
        return response

    def get_object(self, request, category_slug=None):
        if category_slug:
            return get_object_or_404(Category, slug=category_slug)
        return None

    def title(self, category):
        if category:
            return f"{category.name} | {self.index.title} | Agency Script"
        return f"{self.index.title} | Agency Script"

    def link(self, category):
        url = self.index.get_full_url(self.request)
        if category:
            url += f"category/{category.slug}/"
        return url

    def feed_url(self, category):
        return site_root_url(self.index, self.request) + self.request.path

    def description(self, category):
        if category and category.description:
            return category.description
        return self.index.introduction or "Case studies from Agency Script."

    subtitle = description

    def items(self, category):
        return list(selectors.listing(category=category).prefetch_related("tags")[:FEED_LENGTH])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return " ".join(filter(None, [item.summary, provenance_note(item)]))

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        published = item.first_published_at
        if published and timezone.localdate(published) == item.date:
            return published
        return datetime.datetime.combine(item.date, datetime.time(9, 0), tzinfo=datetime.UTC)

    def item_updateddate(self, item):
        return max(filter(None, [item.last_published_at, self.item_pubdate(item)]))

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors) or None

    def item_categories(self, item):
        names = [item.category.name] if item.category else []
        # How it was made, as a category feed readers can filter on ("Human-written", "AI-assisted" …).
        if item.provenance != Provenance.UNDECLARED:
            names.append(item.get_provenance_display())
        return names + [tag.name for tag in item.tags.all()]


class AtomFeed(RssFeed):
    feed_type = Atom1Feed
