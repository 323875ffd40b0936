"""Two reviewers approve the same article at the same moment, on PostgreSQL: it is published once."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models.signals import post_save
from django.test import Client, TransactionTestCase
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from blog import review
from blog.factories import ArticlePageFactory, sample_body
from blog.models import ArticlePage
from tests.blog.utils import build_site
from tests.helpers import in_parallel


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel approvals need PostgreSQL")
class ParallelApprovalTests(TransactionTestCase):
    # Other TransactionTestCases empty every table; this restores what migrations created (the workflow).
    serialized_rollback = True

    def test_two_reviewers_approving_at_once_publish_the_article_once(self):
        _, index = build_site()
        review.attach(index)
        reviewers = Group.objects.get(name=review.REVIEWERS)
        users = []
        for name in ("rana", "tomas"):
            user = get_user_model().objects.create_user(name, f"{name}@example.test", "pw", first_name=name.title())
            user.groups.add(reviewers)
            users.append(user)
        editor = get_user_model().objects.create_user("ed", "ed@example.test", "pw")
        article = ArticlePageFactory(parent=index, title="Approved Twice", body=sample_body(seed=5), publish=False)
        article.get_workflow().start(article, editor)
        task_state = WorkflowState.objects.for_instance(article).get().current_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "approve", task_state.pk))

        def linger(sender, instance, **kwargs):
            # Hold the approving transaction open a moment, so the two approvals overlap.
            if instance.status == TaskState.STATUS_APPROVED:
                time.sleep(0.5)

        post_save.connect(linger, sender=TaskState)
        self.addCleanup(post_save.disconnect, linger, sender=TaskState)

        def approve(user):
            client = Client()
            client.force_login(user)
            return client.post(url, {"comment": ""}).status_code

        statuses = in_parallel(approve, users)
        self.assertEqual(sorted(statuses), [302, 302])
        published = ArticlePage.objects.get(pk=article.pk)
        self.assertTrue(published.live)
        self.assertIn(published.reviewed_by, {"Rana", "Tomas"})
        self.assertEqual(PageLogEntry.objects.filter(page=article, action="wagtail.publish").count(), 1)
        self.assertEqual(PageLogEntry.objects.filter(page=article, action=review.PUBLISHED_ON_APPROVAL).count(), 1)
