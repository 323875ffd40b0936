"""Signal wiring for the site-wide app."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from agencyscript import pagecache
from agencyscript.frontend_cache import purge_pages_showing

# Models whose changes can show on public pages: pages, snippets (authors,
# categories), tags, images and site settings. Not credentials or submissions.
# Site and view-restriction changes also change which page a URL routes to or may show.
PAGE_CACHE_MODEL_APPS = (
    "agencyscript",
    "blog",
    "taggit",
    "wagtailimages.Image",
    "wagtailcore.Site",
    "wagtailcore.PageViewRestriction",
)


def invalidating_models():
    from django.apps import apps

    for label in PAGE_CACHE_MODEL_APPS:
        if "." in label:
            yield apps.get_model(label)
        else:
            yield from apps.get_app_config(label).get_models()


def connect():
    page_published.connect(pagecache.invalidate, dispatch_uid="pagecache-published")
    page_unpublished.connect(pagecache.invalidate, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(pagecache.invalidate, dispatch_uid="pagecache-moved")
    post_delete.connect(pagecache.invalidate, sender=Page, dispatch_uid="pagecache-page-deleted")
    for model in invalidating_models():
        uid = f"pagecache-{model._meta.label}"
        post_save.connect(pagecache.invalidate, sender=model, dispatch_uid=f"{uid}-saved", weak=False)
        post_delete.connect(pagecache.invalidate, sender=model, dispatch_uid=f"{uid}-deleted", weak=False)
    page_published.connect(purge_pages_showing, dispatch_uid="cdn-published")
    page_unpublished.connect(purge_pages_showing, dispatch_uid="cdn-unpublished")
