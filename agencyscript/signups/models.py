"""The form page, and (from ``records``) what its forms save: submissions and the email outbox."""

from http import HTTPMethod

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from agencyscript import blocks as site_blocks
from agencyscript.page_base import SitePage
from agencyscript.signups.forms import ContactForm, NewsletterForm, WaitlistForm
from agencyscript.signups.records import (  # noqa: F401 - the app's models are imported from here
    CONTACT_TOPICS,
    ConsentRecord,
    ContactMessage,
    NewsletterSubscription,
    OutboundEmail,
    WaitlistEntry,
)
from agencyscript.signups.views import serve_form_page


class FormPage(SitePage, Page):
    """A page that shows one of the site's forms beneath editable text."""

    allowed_http_methods = [*SitePage.allowed_http_methods, HTTPMethod.POST]

    WAITLIST = "waitlist"
    NEWSLETTER = "newsletter"
    CONTACT = "contact"
    FORM_CHOICES = [(WAITLIST, "Join the waitlist"), (NEWSLETTER, "Newsletter signup"), (CONTACT, "Contact")]

    template = "pages/form_page.html"

    form_type = models.CharField(max_length=20, choices=FORM_CHOICES)
    introduction = models.TextField(blank=True, max_length=500)
    body = StreamField(site_blocks.StandardStreamBlock(), blank=True, use_json_field=True)
    submit_label = models.CharField(max_length=40, default="Submit")
    thank_you_heading = models.CharField(max_length=120, default="Thank you")
    thank_you_text = models.TextField(max_length=600, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("form_type"),
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("submit_label"),
        FieldPanel("thank_you_heading"),
        FieldPanel("thank_you_text"),
    ]

    class Meta:
        verbose_name = "form page"

    def form_class(self):
        return {self.WAITLIST: WaitlistForm, self.NEWSLETTER: NewsletterForm, self.CONTACT: ContactForm}[
            self.form_type
        ]

    def serve(self, request, *args, **kwargs):
        return serve_form_page(self, request, *args, **kwargs)
