"""Derived values: word count, read time and table of contents, as plain functions."""

from django.test import SimpleTestCase

from blog import content
from blog.blocks import ArticleStreamBlock
from blog.factories import faq, heading, key_takeaways, paragraph, quote, subheading


def stream(*blocks):
    return ArticleStreamBlock().to_python(list(blocks))


class WordCountTests(SimpleTestCase):
    def test_counts_words_of_text_not_markup(self):
        self.assertEqual(content.count_words("<p>Two <b>words</b></p>"), 2)
        self.assertEqual(content.count_words("Don't stop — it's AI-enabled, e.g. agencies."), 6)
        self.assertEqual(content.count_words(""), 0)

    def test_word_count_covers_title_and_every_block(self):
        body = stream(
            heading("One two"),
            paragraph("<p>three four five</p>"),
            quote("<p>six</p>", "seven"),
            faq([("eight nine?", "<p>ten</p>")], title="Eleven"),
            key_takeaways(["<p>twelve</p>"], title="Thirteen"),
        )
        self.assertEqual(content.word_count("Title words", body), 2 + 13)


class ReadTimeTests(SimpleTestCase):
    def test_two_hundred_words_a_minute_rounded_at_least_one(self):
        self.assertEqual(content.read_time_minutes(0), 1)
        self.assertEqual(content.read_time_minutes(99), 1)
        self.assertEqual(content.read_time_minutes(299), 1)
        self.assertEqual(content.read_time_minutes(300), 2)  # 1.5 rounds up
        self.assertEqual(content.read_time_minutes(1400), 7)
        self.assertEqual(content.read_time_minutes(1499), 7)
        self.assertEqual(content.read_time_minutes(1500), 8)


class TableOfContentsTests(SimpleTestCase):
    def test_entries_in_page_order_with_the_templates_anchors(self):
        body = stream(
            heading("Situation"),
            paragraph("<p>Text</p>"),
            subheading("The team"),
            faq([("Why?", "<p>Because.</p>"), ("How?", "<p>Carefully.</p>")]),
            key_takeaways(["<p>One</p>"], title="What to remember"),
        )
        entries = content.toc_entries(body)
        self.assertEqual(
            [(entry.title, entry.level) for entry in entries],
            [
                ("Situation", 2),
                ("The team", 3),
                ("Frequently Asked Questions", 2),
                ("Why?", 3),
                ("How?", 3),
                ("What to remember", 2),
            ],
        )
        self.assertEqual(entries[0].anchor, f"h-{body[0].id}")
        self.assertEqual(entries[1].anchor, f"h-{body[2].id}")
        self.assertEqual(entries[2].anchor, f"faq-{body[3].id}")
        self.assertEqual(entries[3].anchor, f"q-{body[3].value['items'].bound_blocks[0].id}")
        self.assertEqual(entries[5].anchor, f"kt-{body[4].id}")

    def test_nests_sub_headings_under_their_section(self):
        body = stream(heading("A"), subheading("A.1"), subheading("A.2"), heading("B"))
        tree = content.table_of_contents(body)
        self.assertEqual([entry.title for entry in tree], ["A", "B"])
        self.assertEqual([child.title for child in tree[0].children], ["A.1", "A.2"])

    def test_omitted_under_three_entries(self):
        self.assertEqual(content.table_of_contents(stream(heading("A"), subheading("B"))), [])
        self.assertEqual(len(content.table_of_contents(stream(heading("A"), heading("B"), heading("C")))), 3)

    def test_a_sub_heading_before_any_heading_stays_at_top_level(self):
        tree = content.table_of_contents(stream(subheading("Lead"), heading("A"), heading("B")))
        self.assertEqual([entry.title for entry in tree], ["Lead", "A", "B"])

    def test_faq_items_returns_questions_and_answers(self):
        body = stream(faq([("Q1?", "<p>A1</p>")]), faq([("Q2?", "<p>A2</p>")]))
        self.assertEqual(content.faq_items(body), [("Q1?", "<p>A1</p>"), ("Q2?", "<p>A2</p>")])


class BlockDefinitionTests(SimpleTestCase):
    def test_every_article_block_has_an_icon_a_description_and_a_template(self):
        for name, block in ArticleStreamBlock().child_blocks.items():
            self.assertTrue(block.meta.icon, name)
            self.assertTrue(block.meta.description, name)
            self.assertTrue(block.meta.template, name)
            if name != "image":  # previewed with a library image (tested with the database)
                self.assertIsNotNone(block.get_preview_value(), name)
