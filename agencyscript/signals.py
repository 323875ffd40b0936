"""Signal wiring for the site-wide app: the header's and footer's links, the page cache and the CDN in front."""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from agencyscript import pagecache, site_links
from agencyscript.frontend_cache import purge_pages_showing
from agencyscript.site_settings import FooterSettings, NavigationSettings


def purge_after_commit(instance, **kwargs):
    transaction.on_commit(lambda: purge_pages_showing(instance))


def links_changed(**kwargs):
    """A page's address or state, or a link, may have changed: resolve the links again, in the same transaction."""
    site_links.refresh()


def site_changed(**kwargs):
    # Our handler runs before Wagtail's, which forgets the sites' root paths the links are built from.
    Site.clear_site_root_paths_cache()
    site_links.refresh()


def connect():
    # The links first: outside a transaction, a receiver's writes commit at once, and the
    # page cache must change after them, not before.
    page_published.connect(links_changed, dispatch_uid="site-links-published")
    page_unpublished.connect(links_changed, dispatch_uid="site-links-unpublished")
    post_page_move.connect(links_changed, dispatch_uid="site-links-moved")
    post_delete.connect(links_changed, sender=Page, dispatch_uid="site-links-page-deleted")
    for model in (NavigationSettings, FooterSettings):
        post_save.connect(links_changed, sender=model, dispatch_uid=f"site-links-{model.__name__}-saved")
    post_save.connect(site_changed, sender=Site, dispatch_uid="site-links-site-saved")
    post_delete.connect(site_changed, sender=Site, dispatch_uid="site-links-site-deleted")
    # Settings saved before links were stored get theirs after ``migrate``.
    post_migrate.connect(links_changed, sender=apps.get_app_config("agencyscript"), dispatch_uid="site-links-migrated")
    pagecache.connect()
    page_published.connect(purge_after_commit, dispatch_uid="cdn-published")
    page_unpublished.connect(purge_after_commit, dispatch_uid="cdn-unpublished")
