"""How the site's public forms render their fields (accessible errors and hints)."""

from django import forms
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Render each field with ``templates/forms/field.html``.

    The template ties the label, hint and error to the input with
    ``aria-describedby`` and marks invalid inputs with ``aria-invalid``.
    """

    field_template_name = "forms/field.html"


class SiteForm(forms.Form):
    """Base for public forms; the Wagtail admin keeps its own rendering."""

    default_renderer = FormRenderer()
    template_name = "forms/form_fields.html"
