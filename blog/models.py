"""Blog pages. (Foundation skeleton: the blog issue fills this in.)"""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from agencyscript.models import SeoMixin


class BlogIndexPage(SeoMixin, Page):
    template = "pages/blog_index_page.html"
    max_count = 1
    subpage_types = []

    introduction = models.TextField(blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = "blog index page"
