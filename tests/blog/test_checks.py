"""Content checks: what stops an article going live, checked on the revision that would go live."""

import datetime
import random

from django.test import TestCase
from django.utils import timezone
from wagtail.models import Page
from wagtail_factories import ImageFactory

from blog import checks
from blog.factories import ArticlePageFactory, AuthorFactory, faq, heading, paragraph, subheading
from blog.models import ArticlePage
from tests.blog.utils import build_site

VOCABULARY = [f"term{number}" for number in range(20000)]


def words(count, seed):
    """Text of ``count`` words nobody else uses (a private slice of the vocabulary, shuffled)."""
    rng = random.Random(seed)  # noqa: S311 -- test text, not secrets
    return rng.sample(VOCABULARY, count)


def body_of(word_list):
    """A body of paragraphs of 50 words each."""
    return [paragraph(f"<p>{' '.join(word_list[i : i + 50])}</p>") for i in range(0, len(word_list), 50)]


def codes(problems):
    return sorted({problem.code for problem in problems})


class ChecksTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()
        cls.author = AuthorFactory(name="Jane Doe")

    def draft(self, **kwargs):
        """An unpublished article (clean unless told otherwise) and its latest revision."""
        kwargs.setdefault("body", body_of(words(300, seed=kwargs.get("title", "draft"))))
        kwargs.setdefault("authors", [self.author])
        page = ArticlePageFactory(parent=self.index, publish=False, **kwargs)
        return page, page.get_latest_revision()

    def problems(self, **kwargs):
        return checks.check(self.draft(**kwargs)[1])


class BlockingChecksTests(ChecksTestCase):
    def test_a_complete_article_passes(self):
        self.assertEqual(self.problems(title="Complete"), [])

    def test_needs_an_author(self):
        problems = self.problems(title="Nobody wrote it", authors=[])
        self.assertEqual(codes(problems), ["no-author"])
        self.assertTrue(all(problem.blocks for problem in problems))

    def test_needs_a_declared_provenance(self):
        self.assertEqual(codes(self.problems(title="Undeclared", provenance="undeclared")), ["provenance-undeclared"])

    def test_ai_work_needs_a_plain_text_note(self):
        self.assertEqual(codes(self.problems(title="No note", provenance="ai_assisted")), ["ai-use-missing"])
        self.assertEqual(
            codes(self.problems(title="Blank note", provenance="ai_generated", ai_use="   ")), ["ai-use-missing"]
        )
        self.assertEqual(
            codes(self.problems(title="HTML note", provenance="ai_assisted", ai_use="Drafted <b>by</b> a model.")),
            ["ai-use-html"],
        )
        self.assertEqual(self.problems(title="Good note", provenance="ai_assisted", ai_use="A model drafted it."), [])

    def test_needs_text(self):
        self.assertEqual(codes(self.problems(title="Empty", body=[])), ["empty-body"])
        self.assertEqual(codes(self.problems(title="Blank", body=[paragraph("<p> &nbsp; </p>")])), ["empty-body"])
        only_framing = [heading("Situation"), subheading("The team"), heading("Decision"), faq([])]
        self.assertEqual(codes(self.problems(title="Only boilerplate", body=only_framing)), ["empty-body"])

    def test_blank_blocks_are_invalid(self):
        text = words(300, seed="blocks")
        blank_answer = body_of(text) + [faq([("Is this answered?", "<p>   </p>")])]
        self.assertEqual(codes(self.problems(title="Blank answer", body=blank_answer)), ["invalid-block"])
        blank_paragraph = body_of(text[:150]) + [paragraph("<p></p>")] + body_of(text[150:])
        problems = self.problems(title="Blank paragraph", body=blank_paragraph)
        self.assertEqual(codes(problems), ["invalid-block"])
        self.assertIn("This paragraph is empty", problems[0].message)

    def test_links_to_pages_readers_cannot_reach(self):
        unpublished = ArticlePageFactory(parent=self.index, title="Not yet", publish=False)
        expired = ArticlePageFactory(parent=self.index, title="Gone stale")
        Page.objects.filter(pk=expired.pk).update(expired=True)
        past_expiry = ArticlePageFactory(parent=self.index, title="Past its date")
        Page.objects.filter(pk=past_expiry.pk).update(expire_at=timezone.now() - datetime.timedelta(days=1))
        text = " ".join(words(300, seed="links"))
        cases = {
            "link-deleted": '<a linktype="page" id="987654">gone</a>',
            "link-unpublished": f'<a linktype="page" id="{unpublished.pk}">draft</a>',
            "link-expired": f'<a linktype="page" id="{expired.pk}">expired</a>',
            "unsafe-link": '<a href="javascript:alert(1)">click</a>',
            "private-link": '<a href="http://169.254.169.254/latest/meta-data/">metadata</a>',
        }
        for code, link in cases.items():
            with self.subTest(code):
                body = [paragraph(f"<p>{text} {link}</p>")]
                self.assertEqual(codes(self.problems(title=f"Links {code}", body=body)), [code])
        body = [paragraph(f'<p>{text} <a linktype="page" id="{past_expiry.pk}">soon</a></p>')]
        self.assertEqual(codes(self.problems(title="Links past expiry", body=body)), ["link-expired"])
        safe = (
            '<a href="https://example.com/">web</a> <a href="mailto:a@example.com">mail</a> <a href="/about/">us</a>'
        )
        self.assertEqual(self.problems(title="Safe links", body=[paragraph(f"<p>{text} {safe}</p>")]), [])
        local = ("http://localhost:8000/blog/", "http://10.0.0.7/", "http://[::1]/", "http://printer.local/")
        for number, address in enumerate(local):
            with self.subTest(address):
                body = [paragraph(f'<p>{text} <a href="{address}">here</a></p>')]
                self.assertEqual(codes(self.problems(title=f"Local link {number}", body=body)), ["private-link"])
        spoof = [paragraph(f'<p>{text} <a href="https://xn--80ak6aa92e.com/">sign in</a></p>')]
        problems = self.problems(title="Punycode link", body=spoof)
        self.assertEqual([(p.code, p.severity) for p in problems], [("punycode-link", "warn")])
        self.assertIn("аррӏе.com", problems[0].message)

    def test_hero_image_needs_alt_text(self):
        page, _ = self.draft(title="Hero")
        page.hero_image = ImageFactory()
        page.hero_image_alt = " "
        # The form refuses this; a revision written another way (an import, the shell) is still checked.
        revision = page.save_revision(clean=False)
        self.assertEqual(codes(checks.check(revision)), ["hero-alt"])
        page.hero_image_alt = "A chart of review times."
        self.assertEqual(checks.check(page.save_revision()), [])


class DuplicateChecksTests(ChecksTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.text = words(400, seed="live")
        cls.live = ArticlePageFactory(
            parent=cls.index, title="The Final Report", body=body_of(cls.text), authors=[cls.author]
        )

    def test_same_title_in_another_case_punctuation_or_unicode_form(self):
        for number, title in enumerate(
            ["the final report", "The Final Report!", "The ﬁnal Report", "Ｔｈｅ Ｆｉｎａｌ Ｒｅｐｏｒｔ"]
        ):
            with self.subTest(title):
                problems = self.problems(title=title, slug=f"title-{number}", body=body_of(words(300, seed=number)))
                self.assertEqual(codes(problems), ["duplicate-title"])
                self.assertIn("The Final Report", problems[0].message)
        self.assertEqual(self.problems(title="The Final Reports", body=body_of(words(300, seed="other"))), [])

    def test_same_body(self):
        # The same words, whatever the case and punctuation.
        text = [word.upper() if index % 7 == 0 else word for index, word in enumerate(self.text)]
        body = [paragraph(f"<p>{', '.join(text[:200])}.</p>"), paragraph(f"<p>{' '.join(text[200:])}</p>")]
        self.assertEqual(codes(self.problems(title="Copied", body=body)), ["duplicate-body"])

    def test_near_duplicate_blocks(self):
        text = list(self.text)
        for index in (50, 150, 250, 350):  # four words changed in 400
            text[index] = "changed"
        problems = self.problems(title="Lightly edited", body=body_of(text))
        self.assertEqual(codes(problems), ["near-duplicate"])
        self.assertTrue(problems[0].blocks)
        self.assertIn("The Final Report", problems[0].message)

    def test_similar_only_warns(self):
        # Its first 320 of 400 words are the live article's (shingle Jaccard 0.67); then it goes its own way.
        text = self.text[:320] + words(80, seed="follow-up")
        problems = self.problems(title="Follow-up", body=body_of(text))
        self.assertEqual(codes(problems), ["similar"])
        self.assertEqual(problems[0].severity, checks.WARN)
        self.assertEqual(checks.blocking(problems), [])
        similarity = int(problems[0].message.split("about ")[1].split("%")[0])
        self.assertTrue(50 <= similarity < 80, problems[0].message)

    def test_an_article_is_not_its_own_duplicate(self):
        self.live.save_revision()
        self.assertEqual(checks.check(self.live.get_latest_revision()), [])


class RevisionNotRowTests(ChecksTestCase):
    def test_a_broken_draft_revision_fails_while_the_live_page_is_fine(self):
        page, _ = self.draft(title="Published Clean")
        page.get_latest_revision().publish()
        page = ArticlePage.objects.get(pk=page.pk)
        live_revision = page.live_revision
        page.provenance = "ai_generated"
        page.ai_use = ""
        broken = page.save_revision()
        self.assertEqual(codes(checks.check(broken)), ["ai-use-missing"])
        self.assertEqual(checks.check(live_revision), [])
        response = self.client.get(page.url)
        self.assertContains(response, "Human-written")

    def test_a_clean_revision_passes_whatever_the_page_row_holds(self):
        page, revision = self.draft(title="Row Goes Stale")
        ArticlePage.objects.filter(pk=page.pk).update(provenance="undeclared", ai_use="<b>stale</b>")
        self.assertEqual(checks.check(revision), [])
        revision.publish()
        self.assertTrue(ArticlePage.objects.get(pk=page.pk).live)


class PublishingTests(ChecksTestCase):
    def test_publishing_a_failing_revision_raises_and_nothing_goes_live(self):
        page, revision = self.draft(title="Undeclared Draft", provenance="undeclared")
        with self.assertRaises(checks.ChecksFailed) as raised:
            revision.publish()
        self.assertEqual(codes(raised.exception.problems), ["provenance-undeclared"])
        self.assertIn("Say how this article was made", " ".join(raised.exception.messages))
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertIsNone(page.live_revision)
        self.assertEqual(self.client.get("/blog/undeclared-draft/").status_code, 404)

    def test_a_failing_revision_of_a_live_article_leaves_the_live_one_in_place(self):
        page, revision = self.draft(title="Live And Well")
        revision.publish()
        page = ArticlePage.objects.get(pk=page.pk)
        page.title = "Live And Broken"
        page.body = []
        broken = page.save_revision()
        with self.assertRaises(checks.ChecksFailed):
            broken.publish()
        page = ArticlePage.objects.get(pk=page.pk)
        self.assertEqual(page.live_revision_id, revision.pk)
        response = self.client.get("/blog/live-and-well/")
        self.assertContains(response, '<h1 id="article-title">Live And Well</h1>', html=False)

    def test_drafts_save_with_blank_faq_answers(self):
        page, _ = self.draft(title="Unfinished FAQ")
        page.body = body_of(words(300, seed="faq")) + [faq([("Still to answer?", "<p> </p>")])]
        revision = page.save_revision()
        self.assertEqual(page.get_latest_revision().pk, revision.pk)
        self.assertEqual(codes(checks.check(revision)), ["invalid-block"])
