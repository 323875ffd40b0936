"""Governed publishing through the admin's own views, as editors, reviewers and a superuser see it."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog import review
from blog.checks import ChecksFailed
from blog.factories import ArticlePageFactory, AuthorFactory, CategoryFactory, sample_body
from blog.importer import import_files
from blog.models import ArticlePage, ArticlePageAuthor
from tests.blog.utils import build_site

User = get_user_model()
OWN_TEXT = (
    "The agency kept a log of every prompt it changed, and a second person read each change before release. "
    "When a client asked why an answer differed from last week, the log showed who changed what and why."
)


def list_block(values):
    """ListBlock form data, as the admin's form posts it."""
    data = {str(i): {"value": value, "deleted": "", "order": str(i)} for i, value in enumerate(values)}
    return {**data, "count": str(len(values))}


def make_user(username, group=None, superuser=False, **names):
    user = User.objects.create_user(username, f"{username}@example.test", "pass", is_superuser=superuser, **names)
    if superuser:
        user.is_staff = True
        user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


class ReviewTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()
        review.attach(cls.index)
        cls.category = CategoryFactory(name="Governance")
        cls.author = AuthorFactory(name="Maya Okafor")
        cls.editor = make_user("editor", "Editors")
        cls.reviewer = make_user("reviewer", review.REVIEWERS, first_name="Rana", last_name="Haddad")
        cls.admin = make_user("boss", superuser=True)
        cls.live = ArticlePageFactory(parent=cls.index, title="Already Live", body=sample_body(seed=101))
        cls.draft = ArticlePageFactory(
            parent=cls.index, title="Review Me", slug="review-me", body=sample_body(seed=202), publish=False
        )

    def form_data(self, page, body=None, **fields):
        data = {
            "title": page.title,
            "slug": page.slug,
            "summary": "A case study in review.",
            "provenance": "human",
            "ai_use": "",
            "category": self.category.pk,
            "tags": "",
            "article_authors": self.authors_formset(page),
            "related_picks": inline_formset([]),
            "body": streamfield(body or [("paragraph", rich_text(f"<p>{OWN_TEXT}</p>"))]),
            **fields,
        }
        return nested_form_data(data)

    def authors_formset(self, page):
        """The author inline as the edit form posts it: the existing link keeps its id."""
        link = ArticlePageAuthor.objects.filter(page=page).first()
        if link is None:
            return inline_formset([{"author": self.author.pk}])
        return inline_formset([{"id": link.pk, "author": link.author_id}], initial=1)

    def edit(self, user, page, action=None, **fields):
        self.client.force_login(user)
        data = self.form_data(page, **fields)
        if action:
            data[action] = "1"
        return self.client.post(f"/admin/pages/{page.pk}/edit/", data)

    def state(self, page):
        return WorkflowState.objects.for_instance(page).order_by("-created_at").first()

    def approve(self, user, page):
        state = self.state(page)
        self.client.force_login(user)
        task_state = state.current_task_state
        return self.client.post(
            reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)), {"comment": ""}
        )

    def logged(self, page, action):
        return PageLogEntry.objects.filter(page=page, action=action)


class SubmitTests(ReviewTestCase):
    def test_a_draft_saves_while_incomplete(self):
        blank_answer = [
            ("faq", {"title": "Questions", "items": list_block([{"question": "Why?", "answer": rich_text(" ")}])})
        ]
        response = self.edit(self.editor, self.draft, body=blank_answer, provenance="undeclared")
        self.assertEqual(response.status_code, 302)
        saved = ArticlePage.objects.get(pk=self.draft.pk).get_latest_revision().as_object()
        self.assertEqual(saved.provenance, "undeclared")
        self.assertEqual(saved.body[0].block_type, "faq")

    def test_submit_is_blocked_with_the_problems_beside_the_fields(self):
        response = self.edit(self.editor, self.draft, action="action-submit", provenance="ai_assisted", ai_use="")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Say briefly how AI was used and what people checked.")
        self.assertIsNone(self.state(self.draft))

    def test_submit_is_blocked_for_a_blank_faq_answer(self):
        blank_answer = [
            ("paragraph", rich_text("<p>Enough words to count as a body for the article in review.</p>")),
            (
                "faq",
                {"title": "Questions", "items": list_block([{"question": "Why?", "answer": rich_text("<p> </p>")}])},
            ),
        ]
        response = self.edit(self.editor, self.draft, action="action-submit", body=blank_answer)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Answer the question, or remove it.")
        self.assertIsNone(self.state(self.draft))

    def test_submitting_the_title_of_a_live_article_is_blocked(self):
        response = self.edit(self.editor, self.draft, action="action-submit", title="ALREADY  live!")
        self.assertContains(response, "The live article “Already Live” has the same title.")

    def test_a_clean_article_goes_to_the_reviewers(self):
        response = self.edit(self.editor, self.draft, action="action-submit")
        self.assertEqual(response.status_code, 302)
        state = self.state(self.draft)
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(state.current_task_state.task.name, review.REVIEW)
        self.assertTrue(self.logged(self.draft, review.CHECKS_PASSED).exists())
        self.assertFalse(ArticlePage.objects.get(pk=self.draft.pk).live)


class AutomaticCheckTests(ReviewTestCase):
    def test_the_automatic_check_returns_an_article_and_resubmitting_runs_it_again(self):
        undeclared = ArticlePageFactory(parent=self.index, title="Imported Undeclared", publish=False)
        undeclared.provenance = "undeclared"
        undeclared.save_revision(user=self.editor)
        undeclared.get_workflow().start(undeclared, self.editor)

        state = self.state(undeclared)
        self.assertEqual(state.status, WorkflowState.STATUS_NEEDS_CHANGES)
        comment = state.current_task_state.comment
        self.assertIn("Automatic comment from “Automatic check”", comment)
        self.assertIn("Say how this article was made", comment)
        self.assertTrue(self.logged(undeclared, review.CHECKS_FAILED).exists())

        response = self.edit(self.editor, undeclared, action="action-submit")
        self.assertEqual(response.status_code, 302)
        state.refresh_from_db()
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(state.current_task_state.task.name, review.REVIEW)
        self.assertEqual(self.logged(undeclared, review.CHECKS_PASSED).count(), 1)


class ApprovalTests(ReviewTestCase):
    def submit(self):
        response = self.edit(self.editor, self.draft, action="action-submit")
        self.assertEqual(response.status_code, 302)
        return self.state(self.draft)

    def test_approval_publishes_without_the_reviewer_holding_publish_permission(self):
        self.submit()
        self.assertFalse(self.draft.permissions_for_user(self.reviewer).can_publish())
        response = self.approve(self.reviewer, self.draft)
        self.assertEqual(response.status_code, 302)
        article = ArticlePage.objects.get(pk=self.draft.pk)
        self.assertTrue(article.live)
        self.assertEqual(article.reviewed_by, "Rana Haddad")
        entry = self.logged(self.draft, review.PUBLISHED_ON_APPROVAL).get()
        self.assertEqual(entry.user, self.reviewer)
        self.assertEqual(entry.data["reviewer"], "Rana Haddad")
        self.assertEqual(self.state(self.draft).status, WorkflowState.STATUS_APPROVED)

    def test_a_reviewers_breaking_edit_then_approval_from_the_modal_is_stopped(self):
        self.submit()
        blank = [
            ("paragraph", rich_text("<p>Enough words to count as a body for the article in review.</p>")),
            ("paragraph", rich_text("<p></p>")),
        ]
        self.assertEqual(self.edit(self.reviewer, self.draft, body=blank).status_code, 302)
        self.approve(self.reviewer, self.draft)
        article = ArticlePage.objects.get(pk=self.draft.pk)
        self.assertFalse(article.live)
        state = self.state(self.draft)
        self.assertEqual(state.status, WorkflowState.STATUS_NEEDS_CHANGES)
        self.assertIn("This paragraph is empty", state.current_task_state.comment)

    def test_a_duplicate_that_goes_live_during_review_is_stopped_by_the_final_check(self):
        self.submit()
        submitted = ArticlePage.objects.get(pk=self.draft.pk).get_latest_revision().as_object()
        twin = ArticlePageFactory(parent=self.index, title="A Twin", body=sample_body(seed=999), publish=False)
        twin.body = submitted.body
        twin.save_revision().publish()
        self.approve(self.reviewer, self.draft)
        self.assertFalse(ArticlePage.objects.get(pk=self.draft.pk).live)
        state = self.state(self.draft)
        self.assertEqual(state.status, WorkflowState.STATUS_NEEDS_CHANGES)
        self.assertEqual(state.current_task_state.task.name, review.FINAL_CHECK)
        self.assertIn("“A Twin” has the same text", state.current_task_state.comment)

    def test_approval_after_the_go_live_time_publishes_at_once_and_a_future_one_schedules(self):
        for slug, go_live_at, live in (
            ("late", timezone.now() - datetime.timedelta(hours=2), True),
            ("early", timezone.now() + datetime.timedelta(days=2), False),
        ):
            article = ArticlePageFactory(
                parent=self.index, title=f"Due {slug}", slug=slug, body=sample_body(seed=len(slug) * 31), publish=False
            )
            article.go_live_at = go_live_at
            article.save_revision(user=self.editor)
            article.get_workflow().start(article, self.editor)
            self.approve(self.reviewer, article)
            approved = ArticlePage.objects.get(pk=article.pk)
            self.assertEqual(approved.live, live, slug)
            revision = approved.get_latest_revision()
            if live:
                self.assertIsNone(revision.approved_go_live_at, slug)
            else:  # revisions keep times to the millisecond
                self.assertAlmostEqual(revision.approved_go_live_at, go_live_at, delta=datetime.timedelta(seconds=1))

    def test_a_second_approval_publishes_nothing_more(self):
        state = self.submit()
        self.approve(self.reviewer, self.draft)
        review.publish_on_approval(state, user=self.reviewer)
        self.assertEqual(self.logged(self.draft, review.PUBLISHED_ON_APPROVAL).count(), 1)
        self.assertEqual(self.logged(self.draft, "wagtail.publish").count(), 1)
        response = self.approve(self.reviewer, self.draft)
        self.assertEqual(response.status_code, 302)

    def test_a_new_revision_is_not_reviewed_until_approved(self):
        self.submit()
        self.approve(self.reviewer, self.draft)
        self.edit(self.admin, self.draft, action="action-publish", summary="Edited by the superuser.")
        article = ArticlePage.objects.get(pk=self.draft.pk)
        self.assertEqual(article.summary, "Edited by the superuser.")
        self.assertEqual(article.reviewed_by, "")


class SuperuserTests(ReviewTestCase):
    def test_a_superusers_direct_publication_is_checked_and_logged(self):
        response = self.edit(self.admin, self.draft, action="action-publish", provenance="undeclared")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Say how this article was made")
        self.assertFalse(ArticlePage.objects.get(pk=self.draft.pk).live)

        response = self.edit(self.admin, self.draft, action="action-publish")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(ArticlePage.objects.get(pk=self.draft.pk).live)
        self.assertEqual(self.logged(self.draft, review.PUBLISHED_WITHOUT_REVIEW).get().user, self.admin)

    def test_a_failing_revision_cannot_be_published_from_code(self):
        self.draft.provenance = "undeclared"
        revision = self.draft.save_revision()
        with self.assertRaises(ChecksFailed):
            revision.publish()
        self.assertFalse(ArticlePage.objects.get(pk=self.draft.pk).live)

    def test_bulk_publish_refuses_failing_articles(self):
        self.draft.provenance = "undeclared"
        self.draft.save_revision()
        self.client.force_login(self.admin)
        url = f"/admin/bulk/wagtailcore/page/publish/?id={self.draft.pk}"
        response = self.client.post(url, {"include_descendants": ""}, follow=True)
        self.assertContains(response, "Nothing was published")
        self.assertContains(response, "Say how this article was made")
        self.assertFalse(ArticlePage.objects.get(pk=self.draft.pk).live)

    def test_copies_of_articles_are_not_published_or_aliased(self):
        self.client.force_login(self.admin)
        data = {"new_title": "Copy", "new_slug": "copy", "new_parent_page": self.index.pk, "publish_copies": "on"}
        for page, extra in ((self.live, {}), (self.index, {"copy_subpages": "on", "new_slug": "blog-copy"})):
            response = self.client.post(f"/admin/pages/{page.pk}/copy/", {**data, **extra}, follow=True)
            self.assertContains(response, "Articles cannot be copied live or as aliases")
            self.assertFalse(ArticlePage.objects.filter(slug="copy").exists())
        alias = {**data, "alias": "on"}
        del alias["publish_copies"]
        self.assertContains(
            self.client.post(f"/admin/pages/{self.live.pk}/copy/", alias, follow=True), "cannot be copied live"
        )
        del data["publish_copies"]
        self.assertEqual(self.client.post(f"/admin/pages/{self.live.pk}/copy/", data).status_code, 302)
        self.assertFalse(ArticlePage.objects.get(slug="copy").live)


class ScheduleTests(ReviewTestCase):
    def test_a_due_revision_that_now_fails_is_taken_off_the_schedule(self):
        future = timezone.now() + datetime.timedelta(hours=1)
        self.draft.go_live_at = future
        revision = self.draft.save_revision()
        revision.publish()
        revision.refresh_from_db()
        self.assertEqual(revision.approved_go_live_at, future)
        # Meanwhile an article with the same title goes live.
        twin = ArticlePageFactory(parent=self.index, title="Review Me!", slug="twin", body=sample_body(seed=77))
        self.assertTrue(twin.live)
        self.assertEqual(review.refuse_failing_schedules(now=future + datetime.timedelta(minutes=1)), 1)
        revision.refresh_from_db()
        self.assertIsNone(revision.approved_go_live_at)
        entry = self.logged(self.draft, review.SCHEDULE_REFUSED).get()
        self.assertEqual(entry.data["problems"][0]["code"], "duplicate-title")


class ImportTests(ReviewTestCase):
    def test_the_importer_cannot_publish_a_failing_article(self):
        text = (
            "---\ntitle: Undeclared Import\nauthor: Maya Okafor\nsummary: An import.\n---\n\n"
            "An article whose front matter says nothing of how it was made, so it may not go live.\n"
        )
        report = import_files([("undeclared.md", text.encode())], publish=True)
        page = ArticlePage.objects.get(slug="undeclared-import")
        self.assertFalse(page.live)
        self.assertEqual(
            [str(problem) for problem in report.errors],
            ["undeclared.md:1: Say how this article was made: human-written or with AI."],
        )

    def test_an_import_without_publishing_goes_to_review(self):
        text = (
            "---\ntitle: Declared Import\nauthor: Maya Okafor\nsummary: An import.\nprovenance: human\n---\n\n"
            "An article written by a person, imported and waiting for a reviewer to read it.\n"
        )
        report = import_files([("declared.md", text.encode())], publish=False, user=self.editor)
        page = ArticlePage.objects.get(slug="declared-import")
        self.assertTrue(report.results[0].submitted)
        self.assertEqual(self.state(page).current_task_state.task.name, review.REVIEW)
