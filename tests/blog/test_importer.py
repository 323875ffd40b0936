"""Markdown import: mapping, links, revisions, every error, the command and the admin view."""

import datetime
import io
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase
from wagtail.models import Page
from wagtail.test.utils import WagtailTestUtils

from blog.factories import ArticlePageFactory
from blog.importer import import_files, parse_article
from blog.models import ArticlePage, Author, Category
from tests.blog.utils import build_site

CASE_STUDY = """---
title: "The Release That Nearly Shipped"
slug: release-nearly-shipped
date: 2024-02-29
author: Jo Marsh
category: Delivery
tags: [near-miss, prompt-changes]
summary: A near miss, told in full.
provenance: human
---

# The Release That Nearly Shipped

Opening paragraph with **bold**, *italic* and [a web link](https://example.com/).

## Situation

- first point
- second point with a [link to the sibling](/blog/sibling-article/)

### The team

1. one
2. two

> Nobody asked the obvious question.
> — A delivery lead

Closing paragraph linking to [a missing article](/blog/no-such-article/).

## Frequently Asked Questions

### Was it the model?

No. It was the **process**.

### Who stopped it?

The developer.

## Key Takeaways

- Review prompt edits.
- Let anyone *stop* a release.
"""

SIBLING = """---
title: Sibling Article
slug: sibling-article
summary: Links back.
provenance: human
tags: near-miss, governance
---

Back to [the case study](/blog/release-nearly-shipped/) and [again](http://testserver/blog/release-nearly-shipped/#faq).
Elsewhere: [someone else's blog](https://example.org/blog/release-nearly-shipped/).
"""


def md(text):
    return text.encode("utf-8")


class ImportMappingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()
        cls.report = import_files([("case.md", md(CASE_STUDY)), ("sibling.md", md(SIBLING))], publish=True)
        cls.page = ArticlePage.objects.get(slug="release-nearly-shipped")
        cls.sibling = ArticlePage.objects.get(slug="sibling-article")

    def test_front_matter(self):
        self.assertEqual(self.report.errors, [])
        page = self.page
        self.assertTrue(page.live)
        self.assertEqual(page.title, "The Release That Nearly Shipped")
        self.assertEqual(page.summary, "A near miss, told in full.")
        self.assertEqual(page.display_date, datetime.date(2024, 2, 29))
        self.assertEqual(page.category.name, "Delivery")
        self.assertEqual([author.name for author in page.authors], ["Jo Marsh"])
        self.assertEqual(sorted(tag.name for tag in page.tags.all()), ["near-miss", "prompt-changes"])
        self.assertTrue(Author.objects.filter(name="Jo Marsh").exists())
        self.assertTrue(Category.objects.filter(slug="delivery").exists())
        # A missing category falls back to General; comma-separated tags work.
        self.assertEqual(self.sibling.category.name, "General")
        self.assertEqual(sorted(tag.name for tag in self.sibling.tags.all()), ["governance", "near-miss"])

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

    def test_links_to_articles_become_page_links_even_within_the_run(self):
        self.assertIn(f'<a linktype="page" id="{self.sibling.pk}">', self.page.body[2].value.source)
        sibling_source = self.sibling.body[0].value.source
        self.assertEqual(sibling_source.count(f'<a linktype="page" id="{self.page.pk}">'), 2)
        self.assertIn('href="https://example.org/blog/release-nearly-shipped/"', sibling_source)
        # They survive a rename.
        self.sibling.slug = "renamed-sibling"
        self.sibling.save_revision().publish()
        response = self.client.get(self.page.url)
        self.assertContains(response, 'href="/blog/renamed-sibling/"')

    def test_missing_links_are_reported(self):
        messages = [str(problem) for problem in self.report.warnings]
        self.assertIn(
            "case.md:29: the link to /blog/no-such-article/ points to no article; it was kept as a URL", messages
        )
        self.assertIn('href="/blog/no-such-article/"', self.page.body[6].value.source)

    def test_imported_article_renders_with_toc_and_faq(self):
        response = self.client.get(self.page.url)
        self.assertContains(response, "On This Page")
        self.assertContains(response, "Was it the model?")
        self.assertContains(response, "February 29, 2024")

    def test_importing_again_updates_as_a_new_revision(self):
        revisions = self.page.revisions.count()
        changed = CASE_STUDY.replace("A near miss, told in full.", "A new summary.")
        report = import_files([("case.md", md(changed))], publish=False)
        self.assertEqual(report.errors, [])
        self.assertFalse(report.results[0].created)
        page = ArticlePage.objects.get(pk=self.page.pk)
        self.assertEqual(page.revisions.count(), revisions + 1)
        self.assertEqual(page.summary, "A near miss, told in full.")  # live version unchanged: draft only
        self.assertTrue(page.has_unpublished_changes)
        self.assertEqual(page.get_latest_revision_as_object().summary, "A new summary.")
        self.assertEqual(ArticlePage.objects.filter(slug="release-nearly-shipped").count(), 1)


class ImportErrorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()

    def assertImportFails(self, data, expected, filename="bad.md"):
        pages_before = Page.objects.count()
        authors_before = Author.objects.count()
        report = import_files([(filename, data)], publish=True)
        self.assertEqual([str(problem) for problem in report.errors], [expected])
        self.assertEqual(Page.objects.count(), pages_before)
        self.assertEqual(Author.objects.count(), authors_before)

    def test_no_front_matter(self):
        self.assertImportFails(
            b"# Title\n\nText.\n",
            "bad.md:1: no front matter: the file must start with a line of three dashes (---)",
        )

    def test_front_matter_not_closed(self):
        self.assertImportFails(
            b"---\ntitle: x\n\nText.\n", "bad.md:1: the front matter is not closed with a line of three dashes (---)"
        )

    def test_no_title(self):
        self.assertImportFails(
            b"---\nsummary: s\nauthor: New Person\n---\nText.\n", "bad.md:1: 'title' is required in the front matter"
        )
        self.assertImportFails(b"---\ntitle: ''\n---\nText.\n", "bad.md:2: 'title' is required in the front matter")

    def test_impossible_date(self):
        self.assertImportFails(
            b"---\ntitle: T\nauthor: New Person\ndate: 2023-02-29\n---\nText.\n",
            "bad.md:4: impossible date '2023-02-29' (use YYYY-MM-DD)",
        )
        self.assertImportFails(
            b"---\ntitle: T\ndate: next tuesday\n---\nText.\n",
            "bad.md:3: impossible date 'next tuesday' (use YYYY-MM-DD)",
        )

    def test_unknown_key(self):
        data = b"---\ntitle: T\nsumary: typo\n---\nText.\n"
        report = import_files([("bad.md", data)])
        self.assertEqual(len(report.errors), 1)
        self.assertTrue(str(report.errors[0]).startswith("bad.md:3: unknown key 'sumary' in the front matter"))

    def test_not_utf8(self):
        self.assertImportFails(
            "---\ntitle: Café\n---\n".encode() + "Text in Latin-1: café\n".encode("latin-1"),
            "bad.md:4: the file is not valid UTF-8 text",
        )

    def test_invalid_yaml(self):
        report = import_files([("bad.md", b"---\ntitle: T\ntags: [a, b\n---\nText.\n")])
        self.assertTrue(str(report.errors[0]).startswith("bad.md:"))
        self.assertIn("not valid YAML", str(report.errors[0]))

    def test_invalid_slug_and_empty_body_and_unanswered_question(self):
        self.assertImportFails(
            b"---\ntitle: T\nslug: Not A Slug\n---\nText.\n",
            "bad.md:3: 'Not A Slug' is not a valid slug (lower-case letters, digits and hyphens)",
        )
        self.assertImportFails(b"---\ntitle: T\n---\n\n", "bad.md:4: the article has no body text")
        self.assertImportFails(
            b"---\ntitle: T\n---\nIntro.\n\n## FAQ\n\n### Why?\n\n### How?\n\nLike this.\n",
            "bad.md:8: the question 'Why?' has no answer",
        )

    def test_slug_used_by_another_page_type(self):
        from agencyscript.models import StandardPage

        self.index.add_child(instance=StandardPage(title="Taken", slug="taken"))
        self.assertImportFails(
            b"---\ntitle: Taken\nauthor: Someone New\n---\nText.\n",
            "bad.md:1: '/taken/' is already used by a page that is not an article",
        )

    def test_reserved_slug(self):
        report = import_files([("bad.md", b"---\ntitle: Search\n---\nText.\n")])
        self.assertEqual(len(report.errors), 1)
        self.assertIn("bad.md:1: the article is not valid", str(report.errors[0]))
        self.assertFalse(ArticlePage.objects.filter(slug="search").exists())

    def test_a_bad_file_does_not_stop_good_ones(self):
        report = import_files([("bad.md", b"no front matter"), ("good.md", md(SIBLING))])
        self.assertEqual([problem.filename for problem in report.errors], ["bad.md"])
        self.assertEqual([result.filename for result in report.results], ["good.md"])
        self.assertFalse(ArticlePage.objects.get(slug="sibling-article").live)  # not published without --publish

    def test_written_dates_and_authors(self):
        article = parse_article(
            "x.md", b"---\ntitle: T\ndate: March 5, 2024\nauthor: Jo Marsh, Head of Delivery\n---\nX\n"
        )
        self.assertEqual(article.date, datetime.date(2024, 3, 5))
        self.assertEqual(article.authors, ["Jo Marsh, Head of Delivery"])
        article = parse_article("x.md", b"---\ntitle: T\ndate: 2024-03-05T09:30:00Z\nauthors: A One, B Two\n---\nX\n")
        self.assertEqual(article.date, datetime.date(2024, 3, 5))
        self.assertEqual(article.authors, ["A One", "B Two"])
        self.assertImportFails(
            b"---\ntitle: T\ndate: February 30, 2024\n---\nText.\n",
            "bad.md:3: impossible date 'February 30, 2024' (use YYYY-MM-DD)",
        )

    def test_empty_values(self):
        article = parse_article("x.md", b"---\ntitle: T\ntags:\nsummary: ~\ncategory: null\n---\nFirst.\n")
        self.assertEqual(article.tags, [])
        self.assertEqual(article.summary, "First.")
        self.assertEqual(article.category, "General")

    def test_parse_defaults(self):
        article = parse_article("x.md", b"---\ntitle: Only A Title\n---\nFirst paragraph here.\n\nSecond.\n")
        self.assertEqual(article.slug, "only-a-title")
        self.assertEqual(article.summary, "First paragraph here.")
        self.assertEqual(article.authors, ["Agency Script Editors"])
        self.assertEqual(article.category, "General")
        self.assertIsNone(article.date)

    def test_unsafe_markup_is_dropped(self):
        import_files(
            [("x.md", b"---\ntitle: Unsafe\n---\nHi <script>alert(1)</script> [x](javascript:alert(1)) there.\n")]
        )
        source = ArticlePage.objects.get(slug="unsafe").body[0].value.source
        self.assertNotIn("script", source)
        self.assertNotIn("javascript:", source)


class ImportCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()

    def write(self, directory, name, text):
        path = Path(directory) / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        return str(path)

    def test_command_imports_and_publishes(self):
        with tempfile.TemporaryDirectory() as directory:
            path = self.write(directory, "case.md", CASE_STUDY)
            out = io.StringIO()
            call_command("import_articles", "--publish", path, stdout=out, stderr=io.StringIO())
        self.assertIn("Created “The Release That Nearly Shipped”", out.getvalue())
        self.assertTrue(ArticlePage.objects.get(slug="release-nearly-shipped").live)

    def test_command_reports_file_and_line_and_exits_non_zero(self):
        with tempfile.TemporaryDirectory() as directory:
            good = self.write(directory, "good.md", SIBLING)
            bad = self.write(directory, "bad.md", "---\ntitle: T\ndate: 2024-13-01\n---\nText.\n")
            err = io.StringIO()
            with self.assertRaises(CommandError):
                call_command("import_articles", good, bad, stdout=io.StringIO(), stderr=err)
        self.assertIn(f"{bad}:3: impossible date '2024-13-01'", err.getvalue())
        self.assertTrue(ArticlePage.objects.filter(slug="sibling-article").exists())
        self.assertFalse(ArticlePage.objects.filter(title="T").exists())

    def test_missing_file(self):
        with self.assertRaises(CommandError):
            call_command("import_articles", "/nonexistent/file.md", stdout=io.StringIO(), stderr=io.StringIO())


class AdminImportTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()

    def test_editor_uploads_files(self):
        self.login()
        response = self.client.get("/admin/blog/import/")
        self.assertEqual(response.status_code, 200)
        response = self.client.post(
            "/admin/blog/import/",
            {
                "files": [
                    SimpleUploadedFile("case.md", md(CASE_STUDY), content_type="text/markdown"),
                    SimpleUploadedFile("bad.md", b"no front matter", content_type="text/markdown"),
                ],
                "publish": "on",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The Release That Nearly Shipped")
        self.assertContains(response, "bad.md:1: no front matter")
        self.assertTrue(ArticlePage.objects.get(slug="release-nearly-shipped").live)

    def test_requires_permission(self):
        from django.contrib.auth.models import Permission

        user = self.create_user("reader", password="password12345")  # noqa: S106
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(user)
        # Wagtail's admin turns a permission error into a redirect with a message.
        self.assertRedirects(self.client.get("/admin/blog/import/"), "/admin/", fetch_redirect_response=False)
        self.client.post("/admin/blog/import/", {"files": [SimpleUploadedFile("s.md", md(SIBLING))]})
        self.assertFalse(ArticlePage.objects.filter(slug="sibling-article").exists())

    def test_existing_article_in_admin_import_gets_new_revision(self):
        self.login()
        ArticlePageFactory(parent=self.index, title="Sibling Article", slug="sibling-article")
        self.client.post("/admin/blog/import/", {"files": [SimpleUploadedFile("s.md", md(SIBLING))]})
        self.assertEqual(ArticlePage.objects.filter(slug="sibling-article").count(), 1)


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


class HeadingLevelTests(TestCase):
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
