"""Keep the blog's derived data (counts, listing anchors, related articles) in step with content.

It is computed when articles are published, unpublished, moved, restricted or
deleted, in the same transaction, so the next render only reads it. Saving a
draft changes nothing readers see and computes nothing. The page cache is
cleared by ``agencyscript.pagecache`` after the same events commit.
"""

from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete
from taggit.models import Tag
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from blog import counts, duplicates, related
from blog.models import ArticlePage, Category


def article_published(sender, instance, **kwargs):
    counts.refresh_counts()
    related.refresh_around(instance)
    if instance.live:
        duplicates.remember(instance)


def article_withdrawn(sender, instance, **kwargs):
    """Unpublished or moved: recount, and refresh the lists that held it (and its own)."""
    if isinstance(instance.specific_deferred, ArticlePage):
        if not instance.live:
            duplicates.forget([instance.pk])
        counts.refresh_counts()
        related.refresh({instance.pk, *related.holding([instance.pk])})


def article_deleting(sender, instance, **kwargs):
    related.refresh(related.holding([instance.pk]), exclude=[instance.pk])


def restriction_changed(sender, instance, **kwargs):
    """A page (and every article below it) became private or public again."""
    below = ArticlePage.objects.filter(path__startswith=instance.page.path).values_list("pk", flat=True)
    counts.refresh_counts()
    related.refresh({*below, *related.holding(below)})


def names_changed(sender, created=False, **kwargs):
    """Categories and tags are listed by name in the sidebar, from the counts (a new one has none)."""
    if not created:
        counts.refresh_counts()


# The migrations that began storing derived data: articles from before them are filled in once.
DERIVED_DATA_MIGRATION = "0006_derived_data"
FINGERPRINTS_MIGRATION = "0008_fingerprints"


def after_migrate(plan=None, **kwargs):
    """Count after ``migrate``; once, fill in what older articles lack."""
    counts.refresh_counts()
    applied = {migration.name for migration, _ in plan or [] if migration.app_label == "blog"}
    if FINGERPRINTS_MIGRATION in applied:
        duplicates.remember_all_live()
    if DERIVED_DATA_MIGRATION in applied:
        for article in ArticlePage.objects.filter(table_of_contents__isnull=True).iterator(chunk_size=500):
            article.update_derived_fields()
            ArticlePage.objects.filter(pk=article.pk).update(table_of_contents=article.table_of_contents)
        related.refresh(ArticlePage.objects.live().values_list("pk", flat=True))


def connect():
    page_published.connect(article_published, sender=ArticlePage, dispatch_uid="blog-published")
    page_unpublished.connect(article_withdrawn, sender=ArticlePage, dispatch_uid="blog-unpublished")
    post_page_move.connect(article_withdrawn, dispatch_uid="blog-moved")
    pre_delete.connect(article_deleting, sender=ArticlePage, dispatch_uid="blog-deleting")
    post_delete.connect(names_changed, sender=ArticlePage, dispatch_uid="blog-deleted")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="blog-restricted")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="blog-unrestricted")
    for model in (Category, Tag):
        post_save.connect(names_changed, sender=model, dispatch_uid=f"blog-{model.__name__}-saved")
        post_delete.connect(names_changed, sender=model, dispatch_uid=f"blog-{model.__name__}-deleted")
    post_migrate.connect(after_migrate, sender=ArticlePage._meta.app_config, dispatch_uid="blog-migrated")
