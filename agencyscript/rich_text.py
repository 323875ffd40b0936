"""Internal page links in rich text, resolved with one query per text.

Wagtail's own handler loads each linked page's specific type (a second query,
and one more per type) only to read its URL, which the generic page already has.
"""

from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler


class PageLinkByUrlHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        ids = [attrs.get("id") for attrs in attrs_list]
        pages = {str(page.pk): page for page in Page.objects.filter(pk__in=[i for i in ids if i]).defer_streamfields()}
        return [pages.get(str(page_id)) for page_id in ids]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [f'<a href="{escape(page.url)}">' if page else "<a>" for page in cls.get_many(attrs_list)]
