"""The abstract base of every page type; it imports no app, so every app can use it."""

from http import HTTPMethod

from django.db import models, transaction
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageViewRestriction


class SitePage(models.Model):
    """What every page type of the site shares: its sharing image and meta description, read-only
    HTTP methods, and what ``HomePage.route`` reads with the page."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared on social networks. 1200 × 630 works best.",
    )

    promote_panels = [
        *Page.promote_panels,
        FieldPanel("social_image"),
    ]
    # Pages are read, not written: other methods get 405 Method Not Allowed.
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]
    # Related rows a page's own template shows, read with the page when it is served.
    served_with = ()

    class Meta:
        abstract = True

    # Wagtail's publish and unpublish write in several steps, outside a transaction when
    # called from its admin. In one, what is derived from the change (links, counts,
    # related articles) is stored before the page cache's version changes on commit.
    @transaction.atomic
    def publish(self, *args, **kwargs):
        return super().publish(*args, **kwargs)

    @transaction.atomic
    def unpublish(self, *args, **kwargs):
        return super().unpublish(*args, **kwargs)

    def get_view_restrictions(self):
        # Routed by HomePage.route, which read whether any restriction applies with the page.
        if getattr(self, "restricted", None) is False and not self.alias_of_id:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_meta_description(self):
        return self.search_description or getattr(self, "summary", "") or getattr(self, "introduction", "")
