"""The OpenBadgeCredential for one credential of the registry (unsigned; ``proofs.sign`` adds the proof).

W3C Verifiable Credentials 2.0 data model, Open Badges 3.0 (context 3.0.3).
The holder is identified by a salted SHA-256 of their email address, so the
file proves who it was issued to without publishing the address.
"""

import hashlib
import secrets

from django.conf import settings
from django.utils.html import strip_tags

from certification.vc import contexts

ISSUER_NAME = "Agency Script, Inc."


def valid_from(credential):
    return f"{credential.issued_on.isoformat()}T00:00:00Z"


def valid_until(credential):
    """The end of the last day on which the registry shows the credential as valid."""
    return f"{credential.expires_on.isoformat()}T23:59:59Z"


def new_salt():
    return secrets.token_hex(16)


def identity_hash(email, salt):
    """``sha256$`` + hex SHA-256 of the address followed by the salt (Open Badges IdentityObject)."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def issuer_profile(did):
    return {"id": did, "type": ["Profile"], "name": ISSUER_NAME, "url": settings.SITE_URL + "/"}


def tier_url(tier):
    _site_id, _root_url, page_path = tier.get_url_parts()
    return settings.SITE_URL + page_path


def criteria_narrative(tier):
    text = " ".join(strip_tags(tier.assessment or "").split())
    return text or tier.assessed_summary or tier.short_description


def achievement(tier):
    return {
        "id": tier_url(tier),
        "type": ["Achievement"],
        "achievementType": "Certification",
        "humanCode": tier.code,
        "name": f"Agency Script {tier.title}",
        "description": tier.short_description,
        "criteria": {"narrative": criteria_narrative(tier)},
    }


def open_badge_credential(credential, *, did, credential_status, salt):
    """The unsigned OpenBadgeCredential for ``credential`` (a certification.models.Credential)."""
    tier = credential.tier
    return {
        "@context": [contexts.CREDENTIALS_V2, contexts.OPEN_BADGES_V3],
        "id": credential.verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer_profile(did),
        "validFrom": valid_from(credential),
        "validUntil": valid_until(credential),
        "name": f"Agency Script {tier.title} certification",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "identityHash": identity_hash(credential.holder_email, salt),
                    "salt": salt,
                }
            ],
            "name": credential.holder_name,
            "achievement": achievement(tier),
        },
        "credentialStatus": credential_status,
    }
