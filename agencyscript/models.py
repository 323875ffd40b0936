"""Site-wide pages and settings: the home page, standard pages, navigation, footer."""

from http import HTTPMethod

from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.http import Http404
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from agencyscript import blocks as site_blocks


class SeoMixin(models.Model):
    """What every page type shares: search-engine and social fields."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared on social networks. 1200 × 630 works best.",
    )

    promote_panels = [
        *Page.promote_panels,
        FieldPanel("social_image"),
    ]
    # Pages are read, not written: other methods get 405 Method Not Allowed.
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]
    # Related rows a page's own template shows, read with the page when it is served.
    served_with = ()
    served_prefetched = ()

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        # Routed by HomePage.route, which read whether any restriction applies with the page.
        if getattr(self, "restricted", None) is False and not self.alias_of_id:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_meta_description(self):
        return self.search_description or getattr(self, "summary", "") or getattr(self, "introduction", "")


class HomePage(SeoMixin, Page):
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
            .order_by("depth")
        )
        remaining = path_components[found.depth - self.depth :]
        if found.pk == self.pk:
            self.restricted = found.restricted
            if remaining:
                raise Http404
            return super().route(request, [])
        model = found.specific_class
        page = (
            model.objects.select_related(*model.served_with)
            .prefetch_related(*model.served_prefetched)
            .get(pk=found.pk)
        )
        page.restricted = found.restricted
        # Read in the same query: pages showing their parent (breadcrumbs) need not load it.
        page.routed_parent = ancestors[-1] if ancestors else None
        return page.route(request, remaining)

    def __str__(self):
        return self.title

    def get_context(self, request, *args, **kwargs):
        from agencyscript import selectors  # they read blog and certification, whose models import this module

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_page_sections(self))
        return context


class StandardPage(SeoMixin, Page):
    template = "pages/standard_page.html"

    introduction = models.TextField(blank=True, max_length=500)
    body = StreamField(site_blocks.StandardStreamBlock(), blank=True, use_json_field=True)

    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]

    class Meta:
        verbose_name = "standard page"

    def __str__(self):
        return self.title


class NavigationLinkBlock(site_blocks.LinkBlock):
    class Meta:
        icon = "link"
        label = "Link"
        template = None


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """The header: main links, the sign-in label and the call to action."""

    links = StreamField([("link", NavigationLinkBlock())], blank=True, use_json_field=True)
    sign_in_label = models.CharField(max_length=40, default="Sign in")
    cta = StreamField([("link", NavigationLinkBlock())], blank=True, max_num=1, use_json_field=True)

    panels = [FieldPanel("links"), FieldPanel("sign_in_label"), FieldPanel("cta", heading="Call to action")]

    class Meta:
        verbose_name = "navigation"


class FooterLinkGroupBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=60)
    links = blocks.ListBlock(NavigationLinkBlock())

    class Meta:
        icon = "list-ul"
        label = "Link group"


@register_setting(icon="placeholder")
class FooterSettings(BaseSiteSetting):
    """The footer: newsletter prompt, link groups, legal links, tagline."""

    newsletter_heading = models.CharField(max_length=80, default="Stay informed")
    newsletter_text = models.CharField(
        max_length=200, default="Governance updates, certification insights, and industry standards."
    )
    newsletter_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The newsletter form page the footer form posts to.",
    )
    link_groups = StreamField([("group", FooterLinkGroupBlock())], blank=True, use_json_field=True)
    legal_links = StreamField([("link", NavigationLinkBlock())], blank=True, use_json_field=True)
    article_cta_heading = models.CharField("heading", max_length=120, default="Ready to certify your AI capability?")
    article_cta_text = models.TextField(
        "text",
        max_length=300,
        blank=True,
        default=(
            "Agency Script assesses the judgment behind AI-enabled delivery: governance, client safety "
            "and honest sales."
        ),
    )
    article_cta_label = models.CharField("button label", max_length=60, default="Explore certification")
    article_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="button links to",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leave empty to show no call to action.",
    )
    copyright_holder = models.CharField(max_length=80, default="Agency Script, Inc.")
    tagline = models.CharField(
        max_length=200, default="Standards over scale. Judgment over volume. Governance over shortcuts."
    )

    select_related = ["newsletter_page", "article_cta_page"]

    panels = [
        MultiFieldPanel(
            [FieldPanel("newsletter_heading"), FieldPanel("newsletter_text"), FieldPanel("newsletter_page")],
            heading="Newsletter",
        ),
        MultiFieldPanel(
            [
                FieldPanel("article_cta_heading"),
                FieldPanel("article_cta_text"),
                FieldPanel("article_cta_label"),
                FieldPanel("article_cta_page"),
            ],
            heading="Call to action after every article",
        ),
        FieldPanel("link_groups"),
        FieldPanel("legal_links"),
        FieldPanel("copyright_holder"),
        FieldPanel("tagline"),
    ]

    class Meta:
        verbose_name = "footer"

    def article_call_to_action(self, request):
        """Heading, text, label and URL of the call to action after articles; None without a live page."""
        page = self.article_cta_page
        if page is None or not page.live:
            return None
        url = page.get_url(request)
        return {
            "heading": self.article_cta_heading,
            "text": self.article_cta_text,
            "label": self.article_cta_label,
            "url": url,
        }
