"""Keep cached blog data (the sidebar) in step with content changes."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from blog.models import ArticlePage, Author, Category
from blog.selectors import content_changed


def _article_moved(sender, instance, **kwargs):
    if isinstance(instance.specific_deferred, ArticlePage):
        content_changed()


def connect():
    from django.apps import apps
    from django.db.models.signals import post_migrate

    from blog.counts import refresh_after_migrate

    post_migrate.connect(refresh_after_migrate, sender=apps.get_app_config("blog"), dispatch_uid="blog-counts")
    # Articles count once they are published, unpublished, moved or deleted; saving a
    # draft changes nothing readers see, so it does not recount (a few aggregate
    # queries over the whole archive).
    for signal in (page_published, page_unpublished):
        signal.connect(content_changed, sender=ArticlePage, dispatch_uid=f"blog-sidebar-{id(signal)}")
    post_page_move.connect(_article_moved, dispatch_uid="blog-sidebar-moved")
    post_delete.connect(content_changed, sender=ArticlePage, dispatch_uid="blog-sidebar-del-ArticlePage")
    for model in (Category, Author):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"blog-sidebar-save-{model.__name__}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"blog-sidebar-del-{model.__name__}")
    from taggit.models import Tag
    from wagtail.models import PageViewRestriction

    post_save.connect(content_changed, sender=Tag, dispatch_uid="blog-sidebar-tag-save")

    post_save.connect(content_changed, sender=PageViewRestriction, dispatch_uid="blog-sidebar-pvr-save")
    post_delete.connect(content_changed, sender=PageViewRestriction, dispatch_uid="blog-sidebar-pvr-del")
