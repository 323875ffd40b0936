"""Data derived from live articles when they are published, unpublished, moved or deleted, so that
pages read it instead of computing it: related articles, counts, listing anchors, duplicate-finding
fingerprints, and the last check of each external link."""

from django.db import models


class RelatedArticle(models.Model):
    """An article's related articles, ranked when articles are published, unpublished,
    moved, restricted or deleted (``blog.related``), so a render reads them in one query."""

    article = models.ForeignKey("blog.ArticlePage", on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey("blog.ArticlePage", on_delete=models.CASCADE, related_name="related_in")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["article", "position"]
        constraints = [models.UniqueConstraint(fields=["article", "position"], name="blog_related_position")]

    def __str__(self):
        return f"{self.article_id} → {self.related_id} (#{self.position})"


class ArticleCount(models.Model):
    """How many live, public articles there are: in all, per category, per tag.

    Kept by ``blog.counts.refresh_counts()`` whenever articles change, so the
    sidebar and pagination never count tens of thousands of rows on a read.
    """

    ALL = "all"
    CATEGORY = "category"
    TAG = "tag"
    KIND_CHOICES = [(ALL, "All articles"), (CATEGORY, "Category"), (TAG, "Tag")]

    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    key = models.PositiveBigIntegerField(default=0, help_text="The category or tag id; 0 for all articles.")
    count = models.PositiveIntegerField(default=0)
    latest = models.DateTimeField(null=True, help_text="When the newest of these articles was last published.")
    # The category's or tag's name and slug, so the sidebar is one query.
    name = models.CharField(max_length=255, blank=True)
    slug = models.SlugField(max_length=255, blank=True, allow_unicode=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="blog_articlecount_unique")]
        indexes = [models.Index(fields=["kind", "-count"], name="blog_articlecount_rank")]

    def __str__(self):
        return f"{self.kind} {self.key}: {self.count}"


class ListingAnchor(models.Model):
    """The first article of each page of the blog listing, kept with the counts.

    Page N is then read by seeking to its anchor in the ``article_newest``
    index, instead of skipping (N - 1) × page size rows: deep pages cost the
    same as the first.
    """

    number = models.PositiveIntegerField(unique=True)
    display_date = models.DateField(null=True)
    article_id = models.PositiveBigIntegerField()

    def __str__(self):
        return f"page {self.number}: article {self.article_id}"


class ArticleFingerprint(models.Model):
    """Duplicate-finding keys of a live article's published text (see ``blog.fingerprints``).

    Written when an article is published and removed when it stops being live, so
    comparing a revision against the live articles is one indexed query.
    """

    article = models.OneToOneField(
        "blog.ArticlePage", on_delete=models.CASCADE, primary_key=True, related_name="fingerprint"
    )
    title_key = models.CharField(max_length=255)
    body_key = models.CharField(max_length=64)
    signature = models.JSONField()

    def __str__(self):
        return f"fingerprint of article {self.article_id}"


class FingerprintBand(models.Model):
    """One key of a fingerprint: a locality-sensitive hash of a band of its signature, or the
    hash of its exact title or body. Articles sharing keys are candidates, most shared first."""

    fingerprint = models.ForeignKey(ArticleFingerprint, on_delete=models.CASCADE, related_name="bands")
    key = models.BigIntegerField(db_index=True)

    def __str__(self):
        return f"band {self.key} of article {self.fingerprint_id}"


class ExternalLink(models.Model):
    """The last check of one web address in one live article (see ``blog.link_check``).

    Broken links are listed in the admin as warnings; they never stop publication.
    """

    article = models.ForeignKey("blog.ArticlePage", on_delete=models.CASCADE, related_name="external_links")
    url = models.CharField(max_length=2048)
    ok = models.BooleanField()
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=200)
    checked_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "url"], name="blog_externallink_article_url")]
        indexes = [models.Index(fields=["ok", "article"], name="blog_externallink_broken")]

    def __str__(self):
        return f"{self.url} in article {self.article_id}: {self.reason}"
