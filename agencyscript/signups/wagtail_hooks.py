"""Submissions in the Wagtail admin: list, search, filter, inspect, export as CSV."""

import django_filters
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from agencyscript.signups.forms import tier_choices
from agencyscript.signups.records import ContactMessage, NewsletterSubscription, OutboundEmail, WaitlistEntry


class WaitlistFilterSet(WagtailFilterSet):
    # The tiers the form offers now, by name (the field stores a tier's code).
    tier_interest = django_filters.ChoiceFilter(label="Tier of interest", choices=tier_choices)

    class Meta:
        model = WaitlistEntry
        fields = ["tier_interest"]


class WaitlistViewSet(ModelViewSet):
    name = "waitlist"
    url_prefix = "submissions/waitlist"
    model = WaitlistEntry
    icon = "list-ol"
    menu_label = "Waitlist"
    list_display = ["name", "email", "company", "tier_interest", "updated_at"]
    filterset_class = WaitlistFilterSet
    list_export = ["name", "email", "company", "role", "tier_interest", "source_page", "created_at", "updated_at"]
    export_filename = "waitlist"
    search_fields = ["name", "email", "company"]
    form_fields = ["name", "email", "company", "role", "tier_interest"]
    inspect_view_enabled = True


class NewsletterViewSet(ModelViewSet):
    name = "newsletter"
    url_prefix = "submissions/newsletter"
    model = NewsletterSubscription
    icon = "mail"
    menu_label = "Newsletter"
    list_display = ["email", "status", "created_at", "confirmed_at"]
    list_filter = ["status"]
    list_export = ["email", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    export_filename = "newsletter-subscriptions"
    search_fields = ["email"]
    form_fields = ["email", "status"]
    inspect_view_enabled = True


class ContactViewSet(ModelViewSet):
    name = "contact-messages"
    url_prefix = "submissions/contact-messages"
    model = ContactMessage
    icon = "comment"
    menu_label = "Contact messages"
    list_display = ["name", "email", "topic", "created_at"]
    list_filter = ["topic"]
    list_export = ["name", "email", "topic", "message", "source_page", "created_at"]
    export_filename = "contact-messages"
    search_fields = ["name", "email", "message"]
    form_fields = ["name", "email", "topic", "message"]
    inspect_view_enabled = True


class OutboxViewSet(ModelViewSet):
    name = "outgoing-email"
    url_prefix = "submissions/outgoing-email"
    model = OutboundEmail
    icon = "mail"
    menu_label = "Outgoing email"
    list_display = ["subject", "to", "status", "created_at", "sent_at", "last_error"]
    list_filter = {"sent_at": ["isnull"], "gave_up_at": ["isnull"]}
    list_export = ["to", "subject", "status", "created_at", "sent_at", "attempts", "gave_up_at", "last_error"]
    export_filename = "outgoing-email"
    search_fields = ["to", "subject"]
    form_fields = ["to", "subject", "body"]
    inspect_view_enabled = True


class SubmissionsGroup(ViewSetGroup):
    menu_label = "Submissions"
    menu_icon = "form"
    menu_order = 300
    items = (WaitlistViewSet, NewsletterViewSet, ContactViewSet, OutboxViewSet)


@hooks.register("register_admin_viewset")
def register_submissions():
    return SubmissionsGroup()
