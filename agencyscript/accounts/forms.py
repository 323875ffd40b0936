from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string

from agencyscript.accounts import throttle
from agencyscript.forms import FormRenderer, SiteForm
from agencyscript.signups.outbox import queue_email


class SignInForm(SiteForm):
    email = forms.EmailField(
        label="Email address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    error_messages = {
        "invalid_login": "That email address and password do not match an account. Check both and try again.",
        "locked": "Too many failed attempts. For your security, try again in {wait}.",
        "inactive": "This account is not active.",
    }

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        self.locked = False
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = "Enter your email address."
        self.fields["email"].error_messages["invalid"] = "Enter an email address like name@example.com."
        self.fields["password"].error_messages["required"] = "Enter your password."

    def clean(self):
        email = self.cleaned_data.get("email")
        password = self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        self.refuse_if_throttled(email)
        try:
            self.user_cache = authenticate(self.request, email=email, password=password)
        except PermissionDenied:
            self.user_cache = None
        if self.user_cache is None:
            self.refuse_if_throttled(email)
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return self.cleaned_data

    def refuse_if_throttled(self, email):
        wait = throttle.seconds_to_wait(self.request, email)
        if wait:
            self.locked = True
            message = self.error_messages["locked"].format(wait=throttle.describe_wait(wait))
            raise forms.ValidationError(message, code="locked")

    def get_user(self):
        return self.user_cache


class SitePasswordResetForm(PasswordResetForm):
    default_renderer = FormRenderer()
    template_name = "forms/form_fields.html"

    def save(self, **kwargs):
        # The link in the email points at SITE_URL, whatever Host the request named.
        site = urlsplit(settings.SITE_URL)
        return super().save(**{**kwargs, "domain_override": site.netloc, "use_https": site.scheme == "https"})

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        """Send reset emails through the outbox, so a mail outage only delays them."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        queue_email(to_email, subject, render_to_string(email_template_name, context))


class SiteSetPasswordForm(SetPasswordForm):
    default_renderer = FormRenderer()
    template_name = "forms/form_fields.html"
