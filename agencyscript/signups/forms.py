"""Public forms. Each carries a honeypot: a field people never see or fill."""

from django import forms

from agencyscript.forms import SiteForm
from agencyscript.signups.records import CONTACT_TOPICS
from certification import selectors as certification_selectors


class HoneypotMixin(SiteForm):
    # Hidden from people (CSS and aria-hidden); bots that fill every field fill it.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    honeypot_fields = ("website",)

    def is_spam(self):
        return bool(self.data.get("website", "").strip())

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name not in self.honeypot_fields]

    def honeypot(self):
        return self["website"]


def tier_choices():
    """The tiers a waitlist entry may name: the live tiers, lowest first, then "Not sure yet"."""
    tiers = [(tier.code, f"{tier.title} ({tier.code})") for tier in certification_selectors.tiers()]
    return [*tiers, ("undecided", "Not sure yet")]


class WaitlistForm(HoneypotMixin, forms.Form):
    name = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    company = forms.CharField(
        max_length=150, required=False, widget=forms.TextInput(attrs={"autocomplete": "organization"})
    )
    role = forms.CharField(
        max_length=150, required=False, widget=forms.TextInput(attrs={"autocomplete": "organization-title"})
    )
    # Read when the form is shown or checked: a tier published, renamed or withdrawn shows at once.
    tier_interest = forms.ChoiceField(
        label="Tier of interest", choices=lambda: [("", "Choose a tier"), *tier_choices()]
    )

    error_messages_by_field = {
        "name": "Enter your name.",
        "email": "Enter an email address like name@example.com.",
        "tier_interest": "Choose the tier you are interested in.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_friendly_messages(self)


class NewsletterForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(
        max_length=254,
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    error_messages_by_field = {"email": "Enter an email address like name@example.com."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_friendly_messages(self)


class ContactForm(HoneypotMixin, forms.Form):
    name = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    topic = forms.ChoiceField(choices=[("", "Choose a topic"), *CONTACT_TOPICS])
    message = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 7}))

    error_messages_by_field = {
        "name": "Enter your name.",
        "email": "Enter an email address like name@example.com.",
        "topic": "Choose what your message is about.",
        "message": "Write your message (up to 5,000 characters).",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_friendly_messages(self)


def apply_friendly_messages(form):
    """Replace Django's generic messages with ones that say what to do."""
    for name, message in form.error_messages_by_field.items():
        field = form.fields[name]
        for code in ("required", "invalid", "invalid_choice"):
            field.error_messages[code] = message
        if getattr(field, "max_length", None):
            field.error_messages["max_length"] = f"Keep this under {field.max_length:,} characters."
