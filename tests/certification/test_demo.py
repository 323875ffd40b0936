"""Demo content: tiers with content, about 50 credentials in every state, idempotent, fixed IDs."""

import io

from django.core.management import call_command

from certification import demo
from certification.models import Credential, Status, TierPage


def test_demo_loads_every_state_and_is_idempotent(db):
    out = io.StringIO()
    call_command("load_initial_data", no_articles=True, stdout=out)
    first = set(Credential.objects.values_list("credential_id", flat=True))
    assert 45 <= len(first) <= 60
    statuses = {credential.status for credential in Credential.objects.all()}
    assert statuses == set(Status)
    assert Credential.objects.filter(public_verification=False).exists()
    assert list(TierPage.objects.order_by("level").values_list("code", flat=True)) == ["AS-F", "AS-O", "AS-A", "AS-P"]
    assert all(tier.description and tier.competencies and tier.assessment for tier in TierPage.objects.all())
    assert TierPage.objects.get(code="AS-O").prerequisite.specific.code == "AS-F"

    call_command("load_initial_data", no_articles=True, stdout=io.StringIO())
    assert set(Credential.objects.values_list("credential_id", flat=True)) == first
    examples = demo.demo_ids_to_try()
    assert set(examples) == {*Status.values, "not public (404)"}
