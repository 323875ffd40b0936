from wagtail import hooks

from agencyscript.rich_text import PageLinkByUrlHandler


@hooks.register("register_rich_text_features", order=100)  # after Wagtail registers its own
def register_page_links(features):
    features.register_link_type(PageLinkByUrlHandler)
