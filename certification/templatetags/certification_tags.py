from django import template

from certification.qr import qr_svg

register = template.Library()


@register.simple_tag
def credential_qr(url, label="QR code"):
    """``{% credential_qr url "QR code linking to ..." %}``: an inline SVG QR code."""
    return qr_svg(url, label=label)


@register.filter
def status_class(status):
    return f"status--{status}"
