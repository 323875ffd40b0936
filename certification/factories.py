"""Factories for certification, shared by the tests and the demo content."""

import datetime

import factory
from django.utils import timezone
from wagtail.models import Site

from certification import ids
from certification.models import CertificationIndexPage, Credential, TierPage, add_months

TIER_SPECS = [
    ("Foundation", "AS-F", 1, 36),
    ("Operator", "AS-O", 2, 24),
    ("Architect", "AS-A", 3, 24),
    ("Principal", "AS-P", 4, 24),
]


def certification_index(parent=None, **fields):
    """The certification index page (created under ``parent``, default the site root, if missing)."""
    index = CertificationIndexPage.objects.first()
    if index is not None:
        return index
    if parent is None:
        parent = Site.objects.get(is_default_site=True).root_page
    fields.setdefault("title", "Certification")
    fields.setdefault("slug", "certification")
    index = CertificationIndexPage(**fields)
    parent.add_child(instance=index)
    index.save_revision().publish()
    return index


def tier_page(index, title, code, level, validity_months=24, **fields):
    existing = TierPage.objects.filter(code=code).first()
    if existing is not None:
        return existing
    tier = TierPage(
        title=title,
        slug=fields.pop("slug", title.lower()),
        code=code,
        level=level,
        validity_months=validity_months,
        short_description=fields.pop("short_description", f"The {title} tier."),
        **fields,
    )
    index.add_child(instance=tier)
    tier.save_revision().publish()
    return tier


def tiers(parent=None):
    """The four tiers as ``{"AS-F": TierPage, ...}``, created with minimal content when missing."""
    index = certification_index(parent)
    result = {}
    previous = None
    for title, code, level, months in TIER_SPECS:
        tier = tier_page(index, title, code, level, months, prerequisite=previous)
        result[code] = previous = tier
    return result


class CredentialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credential

    holder_name = factory.Faker("name")
    holder_email = factory.Sequence(lambda n: f"holder{n}@example.com")
    tier = factory.LazyFunction(lambda: TierPage.objects.order_by("level").first())
    issued_on = factory.LazyFunction(lambda: timezone.now().date() - datetime.timedelta(days=30))
    expires_on = factory.LazyAttribute(lambda obj: add_months(obj.issued_on, obj.tier.validity_months))
    credential_id = factory.LazyAttribute(lambda obj: ids.new_credential_id(obj.tier.code))
