"""Internal page links in rich text: one query per text, none for pages already in ``linked_pages``.

Wagtail's own handler loads each linked page's specific type (a second query,
and one more per type) only to read its URL, which the generic page already has.
"""

from django.utils.html import escape
from wagtail.rich_text.pages import PageLinkHandler

from agencyscript import linked_pages


class PageLinkByUrlHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        ids = [str(attrs.get("id")) for attrs in attrs_list if attrs.get("id")]
        pages = linked_pages.loaded()
        if missing := [page_id for page_id in ids if page_id not in pages]:
            pages.update(linked_pages.load(missing))
        return [pages.get(str(attrs.get("id"))) for attrs in attrs_list]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [f'<a href="{escape(page.url)}">' if page else "<a>" for page in cls.get_many(attrs_list)]
