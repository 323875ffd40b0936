"""Demo content for certification: the index, the four tiers and about 50 credentials in every state.

Idempotent: pages are only created (or their empty fields filled) when missing;
credentials are keyed by their ``DEMO-…`` external reference. Credential IDs
come from a fixed seed, so the same IDs exist on every demo install (see
``demo_ids_to_try()``).
"""

import datetime
import json
import random
from pathlib import Path

from django.utils import timezone

from certification import ids, services
from certification.factories import certification_index
from certification.models import Credential, TierPage, add_months

# The index, the four tiers, their call to action and the demo holders' names (demo people in
# several scripts, not real ones).
DATA = json.loads((Path(__file__).parent / "demo_data" / "tiers.json").read_text(encoding="utf-8"))
INDEX, TIERS, CTA, NAMES = DATA["index"], DATA["tiers"], DATA["call_to_action"], DATA["holder_names"]

# (state to reach, count) in order; "superseded" renews the credential (the renewal is valid).
PLAN = [("valid", 26), ("expired", 8), ("suspended", 4), ("revoked", 3), ("superseded", 4), ("hidden", 3)]
SEED = 20261124


def demo_id(rng, tier_code):
    body = f"AS{ids.tier_letter(tier_code)}" + "".join(rng.choice(ids.ALPHABET) for _ in range(ids.RANDOM_LENGTH))
    return ids.format_credential_id(body + ids.check_character(body))


def load_tiers(index, stdout):
    tiers = {}
    previous = None
    for spec in TIERS:
        tier = TierPage.objects.filter(code=spec["code"]).first()
        fields = {key: value for key, value in spec.items() if key not in {"competencies"}}
        competencies = [{"type": "competency", "value": competency} for competency in spec["competencies"]]
        if tier is None:
            tier = TierPage(
                slug=spec["title"].lower(),
                competencies=competencies,
                call_to_action=[{"type": "call_to_action", "value": CTA}],
                prerequisite=previous,
                search_description=spec["short_description"],
                **fields,
            )
            index.add_child(instance=tier)
            tier.save_revision().publish()
            stdout.write(f"Created the {tier.title} tier.")
        elif not tier.description:
            # An older demo made the bare tier: fill in what is missing, keep what an editor changed.
            for key, value in fields.items():
                if not getattr(tier, key):
                    setattr(tier, key, value)
            tier.competencies = competencies
            tier.call_to_action = [{"type": "call_to_action", "value": CTA}]
            tier.prerequisite = tier.prerequisite or previous
            tier.save_revision().publish()
            stdout.write(f"Filled in the {tier.title} tier.")
        tiers[spec["code"]] = previous = tier
    return tiers


def load_credentials(tiers, stdout):
    if Credential.objects.filter(external_ref__startswith="DEMO-").exists():
        return
    rng = random.Random(SEED)  # noqa: S311 - demo IDs are meant to be reproducible
    today = timezone.now().date()
    codes = list(tiers)
    number = 0
    for state, count in PLAN:
        for _ in range(count):
            name = NAMES[number % len(NAMES)]
            number += 1
            code = codes[(number * 7) % len(codes)] if state != "valid" else codes[number % len(codes)]
            tier = tiers[code]
            if state == "expired":
                issued_on = add_months(today, -(tier.validity_months + 1 + number % 9))
            elif state == "superseded":
                issued_on = add_months(today, -(tier.validity_months - 1))
            else:
                issued_on = today - datetime.timedelta(days=20 + (number * 37) % 500)
            email = f"demo.holder{number:02d}@example.com"
            credential = services.issue_credential(
                holder_name=name,
                holder_email=email,
                tier=tier,
                issued_on=issued_on,
                external_ref=f"DEMO-{number:03d}",
                actor="demo content",
                credential_id=demo_id(rng, code),
            )
            if state == "suspended":
                services.suspend_credential(
                    credential.credential_id, reason="Demo: complaint under review", actor="demo content"
                )
            elif state == "revoked":
                services.revoke_credential(
                    credential.credential_id, reason="Demo: assessment misconduct upheld", actor="demo content"
                )
            elif state == "superseded":
                services.renew_credential(
                    credential.credential_id, actor="demo content", new_credential_id=demo_id(rng, code)
                )
            elif state == "hidden":
                services.set_public_verification(credential, False)
    stdout.write(
        f"Created {Credential.objects.filter(holder_email__startswith='demo.holder').count()} demo credentials."
    )


def demo_ids_to_try():
    """One demo credential ID per shown status (plus a hidden one), for the README."""
    examples = {}
    for credential in Credential.objects.filter(holder_email__startswith="demo.holder").select_related("tier"):
        key = credential.status if credential.public_verification else "not public (404)"
        examples.setdefault(key, credential.credential_id)
    return examples


def load(home, stdout):
    index = certification_index(home, **INDEX)
    changed = False
    for key in ("comparison_intro", "seo_title", "search_description"):
        if not getattr(index, key):
            setattr(index, key, INDEX[key])
            changed = True
    if changed:
        index.save_revision().publish()
    tiers = load_tiers(index, stdout)
    load_credentials(tiers, stdout)
    return index
