"""The front matter: every error with its file and line, written dates, authors and empty values."""

import datetime

from django.test import TestCase

from blog.importer import import_files, parse_article
from tests.blog.importer.utils import AssertImportFailsMixin
from tests.blog.utils import build_site


class FrontMatterErrorTests(AssertImportFailsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()

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

    def test_invalid_slug(self):
        self.assertImportFails(
            b"---\ntitle: T\nslug: Not A Slug\n---\nText.\n",
            "bad.md:3: 'Not A Slug' is not a valid slug (lower-case letters, digits and hyphens)",
        )

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
