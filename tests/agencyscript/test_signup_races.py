"""Parallel double submits against PostgreSQL: one row and one answer each, never a 500."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, TransactionTestCase, override_settings

from agencyscript.signups.models import ContactMessage, NewsletterSubscription, OutboundEmail, WaitlistEntry
from tests.helpers import in_parallel, load_demo_site, same_origin_headers

PARALLEL = 20


def post_in_parallel(path, payloads):
    """POST each payload at the same moment, each from its own client; the status codes."""
    return in_parallel(lambda data: Client().post(path, data, **same_origin_headers()).status_code, payloads)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel writes need PostgreSQL (SQLite serialises them)"
)
@override_settings(RATE_LIMITS={**settings.RATE_LIMITS, "signup": "1000/60"})
class ParallelSubmitTests(TransactionTestCase):
    # Other TransactionTestCases empty every table; this restores what migrations created.
    serialized_rollback = True

    def setUp(self):
        load_demo_site(articles=False)

    def test_waitlist(self):
        emails = ["ada@example.com" if n % 2 else "ADA@Example.com" for n in range(PARALLEL)]
        payloads = [{"name": "Ada", "email": email, "tier_interest": "AS-O"} for email in emails]
        statuses = post_in_parallel("/waitlist/", payloads)
        self.assertEqual(sorted(set(statuses)), [303], statuses)
        self.assertEqual(WaitlistEntry.objects.count(), 1)
        self.assertEqual(OutboundEmail.objects.filter(to="ada@example.com").count(), 1)

    def test_newsletter(self):
        payloads = [{"email": "Reader@Example.com" if n % 2 else "reader@example.com"} for n in range(PARALLEL)]
        statuses = post_in_parallel("/newsletter/", payloads)
        self.assertEqual(sorted(set(statuses)), [303], statuses)
        self.assertEqual(NewsletterSubscription.objects.count(), 1)
        self.assertEqual(OutboundEmail.objects.filter(to="reader@example.com").count(), 1)

    def test_contact(self):
        message = {"name": "Lin", "email": "lin@example.com", "topic": "press", "message": "Hello there."}
        statuses = post_in_parallel("/contact/", [message] * PARALLEL)
        self.assertEqual(sorted(set(statuses)), [303], statuses)
        self.assertEqual(ContactMessage.objects.count(), 1)
