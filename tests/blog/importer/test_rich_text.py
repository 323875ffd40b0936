"""Markdown to rich text and blocks: the mapping, Markdown as editors write it, unsafe markup."""

from django.test import TestCase

from blog.importer import import_files
from blog.models import ArticlePage
from tests.blog.importer.utils import ImportedSamplesTestCase
from tests.blog.utils import build_site


class BlockMappingTests(ImportedSamplesTestCase):
    def test_body_blocks(self):
        kinds = [block.block_type for block in self.page.body]
        self.assertEqual(
            kinds,
            [
                "paragraph",
                "heading",
                "paragraph",
                "subheading",
                "paragraph",
                "quote",
                "paragraph",
                "faq",
                "key_takeaways",
            ],
        )
        body = self.page.body
        self.assertNotIn("The Release That Nearly Shipped", [str(b.value) for b in body if b.block_type == "heading"])
        self.assertIn("<b>bold</b>", body[0].value.source)
        self.assertIn("<i>italic</i>", body[0].value.source)
        self.assertIn('href="https://example.com/"', body[0].value.source)
        self.assertEqual(body[1].value, "Situation")
        self.assertIn("<ul>", body[2].value.source)
        self.assertEqual(body[3].value, "The team")
        self.assertIn("<ol>", body[4].value.source)
        self.assertIn("Nobody asked the obvious question.", body[5].value["quote"].source)
        self.assertEqual(body[5].value["attribution"], "A delivery lead")
        faq = body[7].value
        self.assertEqual(faq["title"], "Frequently Asked Questions")
        self.assertEqual([item["question"] for item in faq["items"]], ["Was it the model?", "Who stopped it?"])
        self.assertIn("<b>process</b>", faq["items"][0]["answer"].source)
        takeaways = body[8].value
        self.assertEqual(takeaways["title"], "Key Takeaways")
        self.assertEqual(len(takeaways["points"]), 2)
        self.assertIn("<i>stop</i>", takeaways["points"][1].source)


class UnsafeMarkupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()

    def test_unsafe_markup_is_dropped(self):
        import_files(
            [("x.md", b"---\ntitle: Unsafe\n---\nHi <script>alert(1)</script> [x](javascript:alert(1)) there.\n")]
        )
        source = ArticlePage.objects.get(slug="unsafe").body[0].value.source
        self.assertNotIn("script", source)
        self.assertNotIn("javascript:", source)


class MarkdownConversionTests(TestCase):
    """Markdown the way editors and other blogs write it."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()
        text = """---
title: Conversion
---

Intro with a footnote.[^1] <!-- a comment -->

---

1. Parent item
   - nested with three spaces
   - another
2. Second parent

| Stage | Days |
|-------|------|
| Intake | 5 |

```
code line one
code line two
```

![diagram](https://example.com/x.png)

#### A minor heading

[^1]: The note.
"""
        cls.report = import_files([("conv.md", text.encode())])
        cls.body = ArticlePage.objects.get(slug="conversion").body
        cls.source = cls.body[0].value.source

    def test_imports_without_errors_and_warns_about_what_it_drops(self):
        self.assertEqual(self.report.errors, [])
        messages = " ".join(str(problem) for problem in self.report.warnings)
        self.assertIn("images are not imported", messages)
        self.assertIn("tables are not supported", messages)

    def test_nested_lists_keep_their_structure_and_numbering(self):
        self.assertRegex(
            self.source,
            r"<ol><li[^>]*>Parent item<ul><li[^>]*>nested with three spaces</li><li[^>]*>another</li></ul>",
        )
        self.assertEqual(self.source.count("<ol>"), 1)  # one list, not a restarted one
        self.assertRegex(self.source, r"</ul></li><li[^>]*>Second parent</li></ol>")

    def test_tables_code_footnotes_and_headings_become_text(self):
        self.assertIn("Stage | Days", self.source)
        self.assertIn("Intake | 5", self.source)
        self.assertIn("code line one<br/>code line two", self.source)
        self.assertIn("footnote.[1]", self.source)
        kinds = [(block.block_type, str(block.value)[:40]) for block in self.body]
        self.assertEqual(kinds[1], ("heading", "A minor heading"))  # no section before it: promoted
        self.assertEqual(kinds[2], ("heading", "Notes"))
        self.assertIn("<ol><li", self.body[3].value.source)
        self.assertIn("The note.", self.body[3].value.source)
        for dropped in ("<img", "<hr", "<table", "comment", "<h4", "<pre", "<code", "<div"):
            self.assertNotIn(dropped, self.source)
