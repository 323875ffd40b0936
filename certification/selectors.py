"""Read queries for certification."""

from certification.models import TierPage


def tiers():
    """The live tiers, in order."""
    return TierPage.objects.live().public().order_by("level")


def credentials_for_account(user):
    """Credentials whose holder email matches the signed-in user (none yet)."""
    return []
