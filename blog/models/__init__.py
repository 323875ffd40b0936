"""Blog pages: the blog index (with its listings, search and feeds) and articles."""

from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, Task, TaskState
from wagtail.search import index

from agencyscript import linked_pages
from agencyscript.page_base import SitePage
from blog import content
from blog.blocks import ArticleStreamBlock
from blog.forms import ArticlePageForm
from blog.models.derived import (  # noqa: F401 - the app's models are imported from here
    ArticleCount,
    ArticleFingerprint,
    ExternalLink,
    FingerprintBand,
    ListingAnchor,
    RelatedArticle,
)


class Category(index.Indexed, models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True, max_length=500)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class Author(index.Indexed, models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(max_length=120, blank=True, default="Editorial Team")
    bio = models.TextField(blank=True, max_length=600)
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("role"), FieldPanel("bio"), FieldPanel("photo")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def initial(self):
        return (self.name.strip()[:1] or "?").upper()


class Provenance(models.TextChoices):
    """How an article was made. Articles from before it was recorded are undeclared, never assumed human."""

    UNDECLARED = "undeclared", "Undeclared"
    HUMAN = "human", "Human-written"
    AI_ASSISTED = "ai_assisted", "AI-assisted"
    AI_GENERATED = "ai_generated", "AI-generated"


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey("blog.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE)


class BlogIndexPage(RoutablePageMixin, SitePage, Page):
    template = "pages/blog_index_page.html"
    max_count = 1
    subpage_types = ["blog.ArticlePage"]

    introduction = models.TextField(blank=True, max_length=500)
    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = "blog index page"

    def get_sitemap_urls(self, request=None):
        """The index, plus each category listing, dated by its newest article (from the counts)."""
        from blog.selectors import categories_with_counts  # selectors import this module

        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for category in categories_with_counts().order_by("slug"):
            urls.append({"location": f"{base}category/{category.slug}/", "lastmod": category.article_latest})
        return urls

    # Routes stay thin: blog.views does the work.
    @path("")
    def index_route(self, request):
        from blog import views  # views read through selectors, which import this module

        return views.article_list(request, self)

    @path("category/<slug:slug>/")
    def category_route(self, request, slug):
        from blog import views  # views read through selectors, which import this module

        return views.article_list(request, self, category_slug=slug)

    @path("tag/<slug:slug>/")
    def tag_route(self, request, slug):
        from blog import views  # views read through selectors, which import this module

        return views.article_list(request, self, tag_slug=slug)

    @path("search/")
    def search_route(self, request):
        from blog import views  # views read through selectors, which import this module

        return views.search_results(request, self)

    @path("feed/rss/", name="feed_rss")
    def rss_route(self, request):
        from blog import feeds  # feeds read through selectors, which import this module

        return feeds.RssFeed(self)(request)

    @path("feed/atom/", name="feed_atom")
    def atom_route(self, request):
        from blog import feeds  # feeds read through selectors, which import this module

        return feeds.AtomFeed(self)(request)

    @path("category/<slug:slug>/feed/rss/", name="category_feed_rss")
    def category_rss_route(self, request, slug):
        from blog import feeds  # feeds read through selectors, which import this module

        return feeds.RssFeed(self)(request, category_slug=slug)

    @path("category/<slug:slug>/feed/atom/", name="category_feed_atom")
    def category_atom_route(self, request, slug):
        from blog import feeds  # feeds read through selectors, which import this module

        return feeds.AtomFeed(self)(request, category_slug=slug)


# Paths under the blog index that belong to its own routes (listings, search, feeds).
RESERVED_SLUGS = {"category", "tag", "search", "feed"}


class ArticlePage(SitePage, Page):
    template = "pages/article_page.html"
    base_form_class = ArticlePageForm
    served_with = ("category", "hero_image", "social_image")
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    summary = models.TextField(
        max_length=300, help_text="One or two sentences for listings, search results, feeds and search engines."
    )
    category = models.ForeignKey(Category, null=True, blank=False, on_delete=models.SET_NULL, related_name="articles")
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)
    display_date = models.DateField(
        null=True,
        blank=True,
        help_text="The date shown on the article. Leave empty to use the date it is first published.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_image_alt = models.CharField(
        "hero image alt text",
        max_length=250,
        blank=True,
        help_text="Describe the image for people who cannot see it. Required with a hero image.",
    )
    body = StreamField(ArticleStreamBlock(), use_json_field=True)
    provenance = models.CharField(
        max_length=20,
        choices=Provenance.choices,
        default=Provenance.UNDECLARED,
        help_text="How this article was made. Readers see it in the byline.",
    )
    ai_use = models.TextField(
        "how AI was used",
        max_length=500,
        blank=True,
        help_text=(
            "Plain text, one or two sentences: what AI did and what people checked. Required unless human-written."
        ),
    )
    # The reviewer who approved the revision that went live, set by the review workflow.
    reviewed_by = models.CharField(max_length=150, blank=True, editable=False)
    # Derived from title and body on save, so listings need not load the body and a
    # render need not walk it.
    word_count = models.PositiveIntegerField(default=0, editable=False)
    read_time = models.PositiveSmallIntegerField(default=1, editable=False)
    # None until first computed (articles from before it was stored: see blog.signals).
    table_of_contents = models.JSONField(null=True, editable=False)

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.FilterField("display_date"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("category"), FieldPanel("display_date")]),
                FieldPanel("tags"),
                InlinePanel("article_authors", label="Author", min_num=1),
            ],
            heading="About this article",
        ),
        MultiFieldPanel([FieldPanel("provenance"), FieldPanel("ai_use")], heading="How this article was made"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading="Hero image"),
        FieldPanel("body"),
        InlinePanel(
            "related_picks",
            label="Related article",
            heading="Related articles",
            help_text="Picked articles come first; the rest are chosen by shared tags and category.",
            max_num=3,
        ),
    ]

    class Meta:
        verbose_name = "article"
        indexes = [
            # Listings: newest first, walked in index order (deep pages too).
            # (Live articles always have a display date: it is set on first publication.)
            models.Index(models.F("display_date").desc(), models.F("page_ptr").desc(), name="article_newest"),
            models.Index(
                "category",
                models.F("display_date").desc(),
                models.F("page_ptr").desc(),
                name="article_category_newest",
            ),
        ]

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}” is used by the blog's own pages; choose another slug."})
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError({"hero_image_alt": "Describe the hero image for people who cannot see it."})

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields or "title" in update_fields:
            self.update_derived_fields()
            if update_fields is not None:
                derived = {"word_count", "read_time", "table_of_contents", "display_date"}
                kwargs["update_fields"] = list({*update_fields, *derived})
        return super().save(*args, **kwargs)

    def update_derived_fields(self):
        self.word_count = content.word_count(self.title, self.body)
        self.read_time = content.read_time_minutes(self.word_count)
        self.table_of_contents = [asdict(entry) for entry in content.table_of_contents(self.body)]
        if self.display_date is None and self.first_published_at:
            self.display_date = timezone.localdate(self.first_published_at)

    @property
    def date(self):
        """The date readers see: the display date, else first publication, else today (previews)."""
        if self.display_date:
            return self.display_date
        if self.first_published_at:
            return timezone.localdate(self.first_published_at)
        return timezone.localdate()

    def get_pages_showing_me(self):
        """Full URLs of listings and feeds that show this article (purged from a CDN on publish)."""
        index = self.get_parent().specific
        base = index.get_full_url()
        if not base:
            return set()
        routes = [("feed_rss", ()), ("feed_atom", ())]
        if self.category_id:
            slug = self.category.slug
            routes += [("category_route", (slug,)), ("category_feed_rss", (slug,)), ("category_feed_atom", (slug,))]
        routes += [("tag_route", (tag.slug,)) for tag in self.tags.all()]
        return {base} | {base.rstrip("/") + "/" + index.reverse_subpage(name, args=args) for name, args in routes}

    @cached_property
    def authors(self):
        return [link.author for link in self.article_authors.all()]

    def content_problems(self):
        """What the content checks find in this article as it stands in memory (see ``blog.checks``)."""
        from blog import checks  # checks read this module's models

        return checks.check_article(self)

    def save_revision(self, *args, **kwargs):
        # A new revision has not been reviewed: approving it names its reviewer (``blog.review``).
        self.reviewed_by = ""
        return super().save_revision(*args, **kwargs)

    def publish(self, revision, *args, **kwargs):
        """Every way of publishing (buttons, workflow, schedule, bulk actions, imports, shell) passes here."""
        from blog import checks  # checks read this module's models

        if problems := checks.blocking(checks.check(revision)):
            raise checks.ChecksFailed(problems)
        return super().publish(revision, *args, **kwargs)

    def serve(self, request, *args, **kwargs):
        """Render with every page the body links to loaded at once (one query, however many links)."""
        response = super().serve(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            with linked_pages.rendering(content.links(self.body)[0]):
                response.render()
        return response

    def get_context(self, request, *args, **kwargs):
        from blog import article_context  # it reads through selectors, which import this module

        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            # A preview shows the edit being made: derived values and related articles afresh.
            self.update_derived_fields()
        context.update(article_context.build(self, request))
        return context


class ArticlePageAuthor(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="article_links")

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        unique_together = [("page", "author")]


class ArticleRelatedPick(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_picks")
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("article", "blog.ArticlePage")]

    def clean(self):
        super().clean()
        if self.article_id and self.article_id == self.page_id:
            raise ValidationError({"article": "An article cannot be related to itself."})


class ContentCheckTask(Task):
    """A workflow step that runs the content checks by itself and approves or rejects.

    The review workflow has two: one when an article is submitted, and a final one
    after the reviewers approve, which checks the revision that will go live (a
    reviewer may have edited it, or a duplicate may have gone live meanwhile).
    """

    def start(self, workflow_state, user=None):
        from blog import review  # review reads checks, which read this module

        task_state = super().start(workflow_state, user=user)
        review.decide(task_state)
        return task_state

    def get_actions(self, obj, user):
        return []  # nobody approves an automatic step

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return TaskState.objects.none()

    @classmethod
    def get_description(cls):
        return "Runs the content checks on the latest revision and passes or returns it by itself."

    class Meta:
        verbose_name = "automatic content check"
        verbose_name_plural = "automatic content checks"
