"""The lifecycle table: every action from every status, the status in queries, and the admin that shows both."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certification import factories, lifecycle, services
from certification.factories import CredentialFactory
from certification.models import Credential, Status
from tests.certification.utils import officer_and_editor

TODAY = timezone.now().date()


def credential_with_status(status, **fields):
    """A new credential whose public status today is ``status``."""
    if status == Status.EXPIRED:
        fields.update(issued_on=TODAY - datetime.timedelta(days=900), expires_on=TODAY - datetime.timedelta(days=1))
    credential = CredentialFactory(**fields)
    if status == Status.SUSPENDED:
        services.suspend_credential(credential.credential_id, reason="Checking a complaint")
    elif status == Status.REVOKED:
        services.revoke_credential(credential.credential_id, reason="Fraud")
    elif status == Status.SUPERSEDED:
        services.renew_credential(credential.credential_id)
    credential.refresh_from_db()
    assert credential.status == status
    return credential


# What each action does from each status: the status it leaves, or the refusal (after the ID).
ALLOWED, REFUSED = "allowed", "refused"
OUTCOMES = {
    (Status.VALID, "suspend"): (ALLOWED, Status.SUSPENDED),
    (Status.VALID, "renew"): (ALLOWED, Status.SUPERSEDED),
    (Status.VALID, "reinstate"): (REFUSED, "is active; it cannot be reinstated."),
    (Status.VALID, "revoke"): (ALLOWED, Status.REVOKED),
    (Status.EXPIRED, "suspend"): (ALLOWED, Status.SUSPENDED),
    (Status.EXPIRED, "renew"): (ALLOWED, Status.SUPERSEDED),
    (Status.EXPIRED, "reinstate"): (REFUSED, "is active; it cannot be reinstated."),
    (Status.EXPIRED, "revoke"): (ALLOWED, Status.REVOKED),
    (Status.SUSPENDED, "suspend"): (REFUSED, "is suspended; it cannot be suspended."),
    (Status.SUSPENDED, "renew"): (REFUSED, "is suspended; it cannot be renewed."),
    (Status.SUSPENDED, "reinstate"): (ALLOWED, Status.VALID),
    (Status.SUSPENDED, "revoke"): (ALLOWED, Status.REVOKED),
    (Status.REVOKED, "suspend"): (REFUSED, "is revoked; it cannot be suspended."),
    (Status.REVOKED, "renew"): (REFUSED, "is revoked; it cannot be renewed."),
    (Status.REVOKED, "reinstate"): (REFUSED, "is revoked; it cannot be reinstated."),
    (Status.REVOKED, "revoke"): (REFUSED, "is revoked; it cannot be revoked."),
    (Status.SUPERSEDED, "suspend"): (ALLOWED, Status.SUSPENDED),
    (Status.SUPERSEDED, "renew"): (REFUSED, "has already been renewed."),
    (Status.SUPERSEDED, "reinstate"): (REFUSED, "is active; it cannot be reinstated."),
    (Status.SUPERSEDED, "revoke"): (ALLOWED, Status.REVOKED),
}


def test_the_outcomes_cover_every_action_from_every_status():
    assert set(OUTCOMES) == {(status, action) for status in Status for action in lifecycle.TRANSITIONS}
    for (status, action), (outcome, _) in OUTCOMES.items():
        assert (status in lifecycle.TRANSITIONS[action].allowed_from) == (outcome == ALLOWED), (status, action)


@pytest.mark.parametrize(("status", "action"), list(OUTCOMES))
def test_every_action_from_every_status(tiers, status, action):
    credential = credential_with_status(status, tier=tiers["AS-O"])
    outcome, expected = OUTCOMES[(status, action)]
    events = credential.events.count()
    if outcome == REFUSED:
        with pytest.raises(services.CredentialError) as refusal:
            services.change_credential(action, credential.credential_id.lower(), reason="A reason")
        assert str(refusal.value) == f"{credential.credential_id} {expected}"
        assert credential.events.count() == events  # nothing recorded
        credential.refresh_from_db()
        assert credential.status == status
        return
    result = services.change_credential(action, credential.credential_id, reason="A reason")
    credential.refresh_from_db()
    assert credential.status == expected
    event = credential.events.first()
    assert (event.action, event.reason) == (lifecycle.TRANSITIONS[action].event, "A reason")
    if action == "renew":
        assert credential.superseded_by == result
        assert result.status == Status.VALID


@pytest.mark.parametrize("action", [name for name, t in lifecycle.TRANSITIONS.items() if t.reason_required])
def test_actions_that_need_a_reason_refuse_without_one(tiers, action):
    credential = CredentialFactory(tier=tiers["AS-F"])
    with pytest.raises(services.CredentialError, match="A reason is required"):
        services.change_credential(action, credential.credential_id, reason="  ")
    credential.refresh_from_db()
    assert credential.status == Status.VALID


def test_an_unknown_action_is_refused(tiers):
    with pytest.raises(KeyError):
        services.change_credential("delete", CredentialFactory(tier=tiers["AS-F"]).credential_id)


def test_annotated_status_is_status_on_for_every_status_and_day(tiers):
    credentials = [credential_with_status(status, tier=tiers["AS-A"]) for status in Status]
    credentials.append(CredentialFactory(tier=tiers["AS-A"], expires_on=TODAY))  # valid until the end of today
    suspended_after_renewal = credential_with_status(Status.SUPERSEDED, tier=tiers["AS-A"])
    services.suspend_credential(suspended_after_renewal.credential_id, reason="Complaint")
    credentials.append(suspended_after_renewal)
    for day in (TODAY - datetime.timedelta(days=1000), TODAY, TODAY + datetime.timedelta(days=1), datetime.date.max):
        annotated = dict(Credential.objects.with_status(day).values_list("credential_id", "public_status"))
        expected = {credential.credential_id: credential.status_on(day) for credential in Credential.objects.all()}
        assert annotated == expected, day
    seen = dict(Credential.objects.with_status(TODAY).values_list("credential_id", "public_status"))
    assert {seen[credential.credential_id] for credential in credentials} == set(Status.values)


class AdminLifecycleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tiers = factories.tiers()
        cls.officer, cls.editor = officer_and_editor()
        cls.by_status = {status: credential_with_status(status, tier=cls.tiers["AS-P"]) for status in Status}
        # The renewals made for the superseded one: one more valid credential.
        cls.renewal = cls.by_status[Status.SUPERSEDED].superseded_by

    def setUp(self):
        self.client.force_login(self.officer)

    def test_status_filter_lists_exactly_the_credentials_with_that_status(self):
        for status, credential in self.by_status.items():
            response = self.client.get("/admin/credentials/", {"status": status})
            expected = {credential.credential_id}
            if status == Status.VALID:
                expected.add(self.renewal.credential_id)
            for other in [*self.by_status.values(), self.renewal]:
                if other.credential_id in expected:
                    self.assertContains(response, other.credential_id)
                else:
                    self.assertNotContains(response, other.credential_id)

    def test_detail_page_offers_exactly_the_allowed_actions(self):
        for status, credential in self.by_status.items():
            response = self.client.get(f"/admin/credentials/{credential.pk}/")
            for action, transition in lifecycle.TRANSITIONS.items():
                link = f'href="/admin/credentials/{credential.pk}/{action}/"'
                allowed = OUTCOMES[(status, action)][0] == ALLOWED
                if allowed:
                    self.assertContains(response, link)
                    self.assertContains(response, f">{transition.label}</a>")
                else:
                    self.assertNotContains(response, link)

    def test_a_refused_action_is_explained_on_the_confirmation_page(self):
        revoked = self.by_status[Status.REVOKED]
        response = self.client.post(f"/admin/credentials/{revoked.pk}/reinstate/", {"reason": ""})
        self.assertContains(response, f"{revoked.credential_id} is revoked; it cannot be reinstated.")


class ComparisonTableQueryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tiers = factories.tiers()

    def render(self):
        self.client.get("/certification/")  # the database and Python's own caches are warm
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/certification/")
        self.assertEqual(response.status_code, 200)
        return response, len(queries)

    def test_query_count_does_not_grow_with_tiers_and_prerequisites(self):
        response, count = self.render()
        self.assertContains(response, "Foundation (AS-F)")  # the Operator tier's prerequisite
        index = factories.certification_index()
        previous = self.tiers["AS-P"]
        for level, (title, code) in enumerate([("Bronze", "AS-B"), ("Copper", "AS-C"), ("Diamond", "AS-D")], 5):
            previous = factories.tier_page(index, title, code, level, prerequisite=previous)
        self.client.get("/certification/")
        cache.clear()
        with self.assertNumQueries(count):
            response = self.client.get("/certification/")
        for prerequisite in ("Principal (AS-P)", "Bronze (AS-B)", "Copper (AS-C)"):
            self.assertContains(response, prerequisite)
        self.assertContains(response, "Diamond")
