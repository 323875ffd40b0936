"""Shared set-up for blog tests: a site with a home page and the blog index."""

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from agencyscript.models import HomePage
from agencyscript.site_settings import FooterSettings, NavigationSettings
from blog.factories import BlogIndexPageFactory


def build_site():
    root = Page.get_first_root_node()
    if root is None:  # a database built without migrations (pytest --nomigrations)
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.add_root(title="Root", slug="root")
    home = HomePage(title="Home", slug="home-page")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    site = Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="Agency Script"
    )
    # As on a real site, the header and footer settings exist before the first visit.
    NavigationSettings.for_site(site)
    footer = FooterSettings.for_site(site)
    footer.article_cta_page = home
    footer.save()
    index = BlogIndexPageFactory(parent=home)
    index.save_revision().publish()
    return home, index
