"""manage.py import_articles: imports and publishes, reports each problem with its file and line."""

import io
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase

from blog.models import ArticlePage
from tests.blog.importer.utils import CASE_STUDY, SIBLING
from tests.blog.utils import build_site


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
