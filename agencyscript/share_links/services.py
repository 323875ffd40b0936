"""Creating and revoking share links; each is written to Wagtail's audit log on the page."""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from agencyscript.share_links.models import ShareLink
from agencyscript.share_links.selectors import hash_token

MAX_DAYS = 7
DEFAULT_DAYS = 7
CREATE_ACTION = "agencyscript.share_link.create"
REVOKE_ACTION = "agencyscript.share_link.revoke"


class CannotShare(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@transaction.atomic
def create_share_link(page, user, days=DEFAULT_DAYS):
    """A link to the page's latest revision for ``days`` (1 to 7). Returns (link, token); the token is not stored."""
    if not 1 <= days <= MAX_DAYS:
        raise CannotShare(f"A share link can last at most {MAX_DAYS} days.")
    revision = page.latest_revision
    if revision is None:
        raise CannotShare("This page has no saved version to share yet. Save a draft first.")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    link = ShareLink.objects.create(
        page=page,
        revision=revision,
        token_hash=hash_token(token),
        created_by=user,
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    log(
        instance=page,
        action=CREATE_ACTION,
        user=user,
        revision=revision,
        data={"share_link": link.pk, "revision": revision.pk, "expires_at": link.expires_at.isoformat()},
    )
    return link, token


@transaction.atomic
def revoke_share_link(link, user):
    """Stop the link working. Revoking twice changes nothing and logs nothing the second time."""
    link = ShareLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is not None:
        return link
    link.revoked_at = timezone.now()
    link.revoked_by = user
    link.save(update_fields=["revoked_at", "revoked_by"])
    log(
        instance=link.page.specific_deferred,
        action=REVOKE_ACTION,
        user=user,
        data={"share_link": link.pk, "revision": link.revision_id, "expires_at": link.expires_at.isoformat()},
    )
    return link
