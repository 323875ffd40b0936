"""Credential lifecycle through the services and the management commands, with audit entries."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from certification import services
from certification.factories import CredentialFactory
from certification.models import Credential, CredentialEvent, Status, VerificationEvent, add_months


def run(command, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_issue_uses_the_tier_validity_and_records_an_event(tiers):
    credential = services.issue_credential(
        holder_name="  Ada   Lovelace ",
        holder_email="Ada@Example.com",
        tier=tiers["AS-A"],
        issued_on=datetime.date(2026, 1, 31),
    )
    assert credential.holder_name == "Ada Lovelace"
    assert credential.holder_email == "ada@example.com"
    assert credential.credential_id.startswith("ASA-")
    assert credential.expires_on == datetime.date(2028, 1, 31)
    assert credential.status == Status.VALID
    event = credential.events.get()
    assert (event.action, event.to_value, event.actor_label) == ("issued", "active", "system")


def test_tier_validity_is_editable(tiers):
    tier = tiers["AS-F"]
    tier.validity_months = 6
    tier.save()
    credential = services.issue_credential(
        holder_name="A", holder_email="a@example.com", tier=tier, issued_on=datetime.date(2026, 8, 31)
    )
    assert credential.expires_on == datetime.date(2027, 2, 28)


def test_add_months_clamps_to_month_end():
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2024, 11, 15), 14) == datetime.date(2026, 1, 15)


def test_suspend_reinstate_revoke_with_audit_entries(tiers):
    credential = CredentialFactory(tier=tiers["AS-O"])
    out, _ = run("suspend_credential", credential.credential_id.lower(), "--reason", "Complaint under review")
    assert "suspended" in out
    credential.refresh_from_db()
    assert credential.status == Status.SUSPENDED
    assert credential.state_reason == "Complaint under review"

    run("reinstate_credential", credential.credential_id)
    credential.refresh_from_db()
    assert credential.status == Status.VALID

    run("revoke_credential", credential.credential_id.replace("-", " "), "--reason", "Assessment misconduct")
    credential.refresh_from_db()
    assert credential.status == Status.REVOKED

    events = list(credential.events.order_by("id").values_list("action", "from_value", "to_value", "reason"))
    assert events == [
        ("suspended", "active", "suspended", "Complaint under review"),
        ("reinstated", "suspended", "active", ""),
        ("revoked", "active", "revoked", "Assessment misconduct"),
    ]
    assert all(label.endswith("command") for label in credential.events.values_list("actor_label", flat=True))


def test_reason_is_required_for_revoke_and_suspend(tiers):
    credential = CredentialFactory(tier=tiers["AS-F"])
    with pytest.raises(CommandError):
        run("revoke_credential", credential.credential_id)
    with pytest.raises(services.CredentialError):
        services.suspend_credential(credential.credential_id, reason="   ")
    credential.refresh_from_db()
    assert credential.state == Credential.State.ACTIVE
    assert not credential.events.exists()


def test_revocation_is_final(tiers):
    credential = CredentialFactory(tier=tiers["AS-F"])
    services.revoke_credential(credential.credential_id, reason="Fraud")
    with pytest.raises(CommandError, match="revoked"):
        run("reinstate_credential", credential.credential_id)
    with pytest.raises(CommandError):
        run("renew_credential", credential.credential_id)


def test_unknown_and_mistyped_ids_are_reported(tiers):
    credential = CredentialFactory(tier=tiers["AS-F"])
    wrong_check = "X" if credential.credential_id[-1] != "X" else "Y"
    with pytest.raises(CommandError, match="not a valid credential ID"):
        run("suspend_credential", credential.credential_id[:-1] + wrong_check, "--reason", "x")
    with pytest.raises(CommandError, match="No credential"):
        run("suspend_credential", "ASF-0000-0000-0000-" + _check("ASF000000000000"), "--reason", "x")


def _check(body):
    from certification.ids import check_character

    return check_character(body)


def test_renew_supersedes_the_old_credential(tiers):
    old = CredentialFactory(
        tier=tiers["AS-P"], issued_on=datetime.date(2023, 1, 1), expires_on=datetime.date(2025, 1, 1)
    )
    assert old.status == Status.EXPIRED
    out, _ = run("renew_credential", old.credential_id)
    old.refresh_from_db()
    new = old.superseded_by
    assert new.credential_id in out
    assert new.credential_id != old.credential_id
    assert (new.holder_name, new.holder_email, new.tier_id) == (old.holder_name, old.holder_email, old.tier_id)
    assert new.issued_on == timezone.now().date()
    assert old.status == Status.SUPERSEDED
    assert new.status == Status.VALID
    renewed = old.events.get(action="renewed")
    assert (renewed.from_value, renewed.to_value) == (old.credential_id, new.credential_id)
    assert new.events.get().action == "issued"
    with pytest.raises(CommandError, match="already been renewed"):
        run("renew_credential", old.credential_id)


def test_status_precedence(tiers):
    today = timezone.now().date()
    credential = CredentialFactory(tier=tiers["AS-F"], issued_on=today - datetime.timedelta(days=800))
    credential.expires_on = today - datetime.timedelta(days=1)
    assert credential.status == Status.EXPIRED
    credential.expires_on = today
    assert credential.status == Status.VALID  # valid through its expiry date
    credential.state = Credential.State.SUSPENDED
    assert credential.status == Status.SUSPENDED
    credential.state = Credential.State.REVOKED
    assert credential.status == Status.REVOKED


def test_audit_log_is_append_only(tiers):
    credential = services.issue_credential(holder_name="A", holder_email="a@example.com", tier=tiers["AS-F"])
    event = credential.events.get()
    event.reason = "rewritten"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_visibility_switch_is_recorded(tiers, django_user_model):
    user = django_user_model.objects.create_user("holder", "holder@example.com", "x" * 12)
    credential = CredentialFactory(tier=tiers["AS-F"], holder_email="holder@example.com")
    services.set_public_verification(credential, False, actor=user)
    services.set_public_verification(credential, False, actor=user)  # no change, no entry
    event = credential.events.get()
    assert (event.action, event.from_value, event.to_value, event.actor) == ("visibility", "on", "off", user)


def test_purge_respects_retention(tiers, settings):
    settings.CERTIFICATION_VERIFICATION_LOG_RETENTION_DAYS = 30
    old = VerificationEvent.objects.create(
        credential_id="x", outcome="valid", client_hash="h", created_at=timezone.now() - datetime.timedelta(days=31)
    )
    recent = VerificationEvent.objects.create(credential_id="x", outcome="valid", client_hash="h")
    credential = services.issue_credential(holder_name="A", holder_email="a@example.com", tier=tiers["AS-F"])
    out, _ = run("purge_audit_log", "--dry-run")
    assert "1 older than 30 days would be deleted" in out
    assert VerificationEvent.objects.count() == 2
    run("purge_audit_log")
    assert list(VerificationEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not VerificationEvent.objects.filter(pk=old.pk).exists()
    assert CredentialEvent.objects.filter(credential=credential).count() == 1  # kept forever by default
