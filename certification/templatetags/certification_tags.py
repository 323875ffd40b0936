from urllib.parse import urlencode

from django import template

from certification import selectors
from certification.qr import qr_svg

register = template.Library()


@register.simple_tag
def credential_qr(url, label="QR code"):
    """``{% credential_qr url "QR code linking to ..." %}``: an inline SVG QR code."""
    return qr_svg(url, label=label)


@register.simple_tag
def comparison_tiers():
    """``{% comparison_tiers as tiers %}``: the live tiers with their prerequisites, in one query."""
    return selectors.comparison_tiers()


@register.simple_tag
def linkedin_add_url(credential):
    """LinkedIn's "Add licence or certification" link, filled with the credential's name, ID, URL and dates."""
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": f"Agency Script {credential.tier.title} certification",
        "organizationName": "Agency Script",
        "issueYear": credential.issued_on.year,
        "issueMonth": credential.issued_on.month,
        "expirationYear": credential.expires_on.year,
        "expirationMonth": credential.expires_on.month,
        "certUrl": credential.verify_url,
        "certId": credential.credential_id,
    }
    return "https://www.linkedin.com/profile/add?" + urlencode(params)
