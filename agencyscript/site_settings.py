"""Site-wide settings editors change in the admin: the header's navigation and the footer.

They import no app, so every app can read them (the article's call to action is in the footer settings).
"""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from agencyscript import blocks as site_blocks


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

    # The links as readers follow them, resolved when this or a page changes (``agencyscript.site_links``).
    resolved_links = models.JSONField(default=dict, editable=False)

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

    # The links as readers follow them, resolved when this or a page changes (``agencyscript.site_links``).
    resolved_links = models.JSONField(default=dict, editable=False)

    # The header's settings come in the same query: every page shows both. The pages
    # chosen here are not read with them: their addresses are in ``resolved_links``.
    select_related = ["site__navigationsettings"]

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

    @property
    def navigation(self):
        """The same site's header settings, read with these (``select_related``)."""
        try:
            return self.site.navigationsettings
        except NavigationSettings.DoesNotExist:
            return NavigationSettings.for_site(self.site)
