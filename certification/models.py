"""Certification pages. (Foundation skeleton: the certification issue fills this in.)"""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from agencyscript.models import SeoMixin


class CertificationIndexPage(SeoMixin, Page):
    template = "pages/certification_index_page.html"
    max_count = 1
    subpage_types = ["certification.TierPage"]

    introduction = models.TextField(blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = "certification index page"


class TierPage(SeoMixin, Page):
    template = "pages/tier_page.html"
    parent_page_types = ["certification.CertificationIndexPage"]
    subpage_types = []

    code = models.CharField(max_length=8, unique=True, help_text="For example AS-F.")
    level = models.PositiveSmallIntegerField(unique=True, help_text="1 for the first tier, 4 for the last.")
    short_description = models.TextField(max_length=300)

    content_panels = [*Page.content_panels, FieldPanel("code"), FieldPanel("level"), FieldPanel("short_description")]

    class Meta:
        verbose_name = "tier page"
        ordering = ["level"]
