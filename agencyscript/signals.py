"""Signal wiring for the site-wide app."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from agencyscript.chrome import bump_chrome_version


def connect():
    from agencyscript.models import FooterSettings, NavigationSettings

    page_published.connect(bump_chrome_version, dispatch_uid="chrome-published")
    page_unpublished.connect(bump_chrome_version, dispatch_uid="chrome-unpublished")
    post_page_move.connect(bump_chrome_version, dispatch_uid="chrome-moved")
    post_delete.connect(bump_chrome_version, sender=Page, dispatch_uid="chrome-deleted")
    for model in (NavigationSettings, FooterSettings, Site):
        post_save.connect(bump_chrome_version, sender=model, dispatch_uid=f"chrome-{model.__name__}")
