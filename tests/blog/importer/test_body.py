"""The body: heading levels, FAQ answers, and the errors of an empty body or an unanswered question."""

from django.test import SimpleTestCase, TestCase

from blog.importer import parse_article
from tests.blog.importer.utils import AssertImportFailsMixin
from tests.blog.utils import build_site


class BodyErrorTests(AssertImportFailsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()

    def test_empty_body_and_unanswered_question(self):
        self.assertImportFails(b"---\ntitle: T\n---\n\n", "bad.md:4: the article has no body text")
        self.assertImportFails(
            b"---\ntitle: T\n---\nIntro.\n\n## FAQ\n\n### Why?\n\n### How?\n\nLike this.\n",
            "bad.md:8: the question 'Why?' has no answer",
        )


class HeadingLevelTests(SimpleTestCase):
    def test_sub_heading_before_any_section_becomes_a_section(self):
        article = parse_article("x.md", b"---\ntitle: T\n---\nIntro.\n\n### Early\n\nText.\n\n### Later\n\nMore.\n")
        self.assertEqual(
            [(chunk.kind, chunk.data) for chunk in article.chunks if chunk.kind != "markdown"],
            [("heading", "Early"), ("subheading", "Later")],
        )

    def test_deeper_heading_inside_an_faq_answer_stays_in_the_answer(self):
        text = b"---\ntitle: T\n---\n## Intro\n\nX\n\n## FAQ\n\n### Q?\n\nA.\n\n#### Detail\n\nMore.\n"
        article = parse_article("x.md", text)
        faq = article.chunks[-1]
        self.assertEqual(faq.kind, "faq")
        self.assertEqual(len(faq.data["items"]), 1)
        self.assertIn("**Detail**", "\n".join(faq.data["items"][0]["answer"]))
