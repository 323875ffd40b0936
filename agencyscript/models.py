"""Site-wide pages: the home page (which shows sections of the apps) and standard pages.

The navigation and footer settings are in ``site_settings``, the base of every page type in ``page_base``."""

from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.http import Http404
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from agencyscript import blocks as site_blocks
from agencyscript import selectors, site_settings  # noqa: F401 -- site_settings' models belong to this app
from agencyscript.page_base import SitePage

# What routing reads of a URL's pages: where each sits and what type it is; the
# parent's title and address (breadcrumbs). The page found is then read in full.
ROUTE_FIELDS = ("title", "slug", "depth", "path", "url_path", "content_type", "live")


class HomePage(SitePage, Page):
    template = "pages/home_page.html"
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    hero_eyebrow = models.CharField(max_length=80, blank=True, default="Agency Script certification")
    hero_title = models.CharField(max_length=120, default="Governed Certification Framework")
    hero_text = models.TextField(
        max_length=400,
        default=(
            "The operating system for AI-enabled agency building. Certify judgment under constraint. "
            "Standards over scale. Governance over shortcuts."
        ),
    )
    hero_primary_label = models.CharField(max_length=60, default="Explore certification")
    hero_primary_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_secondary_label = models.CharField(max_length=60, blank=True, default="Verify a credential")
    hero_secondary_url = models.CharField(max_length=200, blank=True, default="/verify/")

    tiers_heading = models.CharField(max_length=120, default="Four tiers. One standard.")
    tiers_intro = models.TextField(blank=True, max_length=400)

    verify_heading = models.CharField(max_length=120, default="Verify a credential in seconds")
    verify_text = models.TextField(blank=True, max_length=400)

    articles_heading = models.CharField(max_length=120, default="From the casebook")
    articles_intro = models.TextField(blank=True, max_length=400)

    body = StreamField(site_blocks.StandardStreamBlock(), blank=True, use_json_field=True)

    closing_cta = StreamField(
        [("call_to_action", site_blocks.CallToActionBlock())], blank=True, max_num=1, use_json_field=True
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_eyebrow"),
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_primary_label"),
                FieldPanel("hero_primary_page"),
                FieldPanel("hero_secondary_label"),
                FieldPanel("hero_secondary_url"),
            ],
            heading="Hero",
        ),
        MultiFieldPanel([FieldPanel("tiers_heading"), FieldPanel("tiers_intro")], heading="Certification tiers"),
        MultiFieldPanel([FieldPanel("verify_heading"), FieldPanel("verify_text")], heading="Verify a credential"),
        MultiFieldPanel([FieldPanel("articles_heading"), FieldPanel("articles_intro")], heading="Latest articles"),
        FieldPanel("body"),
        FieldPanel("closing_cta"),
    ]

    class Meta:
        verbose_name = "home page"

    def route(self, request, path_components):
        """Find the page for a URL in one query, instead of one query per level.

        The deepest page whose URL is a prefix of the path routes the rest, as
        Wagtail's walk would reach it (a routable page, like the blog index,
        resolves its own sub-routes). Whether a view restriction applies, and
        the page's parent, are read in the same query.
        """
        prefixes = [
            self.url_path + "".join(f"{part}/" for part in path_components[:n])
            for n in range(len(path_components) + 1)
        ]
        restricted = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
        *ancestors, found = (
            Page.objects.filter(url_path__in=prefixes, path__startswith=self.path)
            .annotate(restricted=Exists(restricted))
            .only(*ROUTE_FIELDS)
            .order_by("depth")
        )
        remaining = path_components[found.depth - self.depth :]
        if found.pk == self.pk:
            self.restricted = found.restricted
            if remaining:
                raise Http404
            return super().route(request, [])
        model = found.specific_class
        page = model.objects.select_related(*model.served_with).get(pk=found.pk)
        page.restricted = found.restricted
        # Read in the same query: pages showing their parent (breadcrumbs) need not load it.
        page.routed_parent = ancestors[-1] if ancestors else None
        return page.route(request, remaining)

    def __str__(self):
        return self.title

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_page_sections(self))
        return context


class StandardPage(SitePage, Page):
    template = "pages/standard_page.html"

    introduction = models.TextField(blank=True, max_length=500)
    body = StreamField(site_blocks.StandardStreamBlock(), blank=True, use_json_field=True)

    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]

    class Meta:
        verbose_name = "standard page"

    def __str__(self):
        return self.title
