"""Reading share links: by the token a visitor holds, and a page's list for editors."""

import hashlib
import re

from agencyscript.share_links.models import ShareLink

# secrets.token_urlsafe(32): 32 random bytes as 43 URL-safe base64 characters.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def link_for_token(token):
    """The link a token opens, or None. Anything not shaped like a token is not looked up."""
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    # An exact match on the hash's unique index: the token itself is never compared.
    links = ShareLink.objects.select_related("page", "revision", "created_by")
    return links.filter(token_hash=hash_token(token)).first()


def links_for_page(page):
    return ShareLink.objects.filter(page=page).select_related("created_by", "revoked_by", "revision")
