from django import template
from django.utils import timezone

from agencyscript import site_links as links

register = template.Library()


@register.simple_tag(takes_context=True)
def site_links(context):
    """The header's and footer's links (``agencyscript.site_links``), resolved once per page."""
    return links.site_links(context["request"])


@register.simple_tag
def current_year():
    return timezone.now().year


@register.simple_tag
def field_widget(field, errors_id, hint_id):
    """Render a field's widget tied to its hint and error for screen readers."""
    described_by = []
    if field.help_text:
        described_by.append(hint_id)
    attrs = {}
    if field.errors:
        described_by.append(errors_id)
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def link_url(context, link):
    """The address of a ``LinkBlock`` value: its page's URL, or the URL typed in."""
    page = link.get("page")
    if page:
        return page.get_url(context.get("request")) or ""
    return link.get("url") or ""
