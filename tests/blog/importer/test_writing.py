"""Writing: pages, categories, authors and tags, revisions, one transaction per file."""

import datetime

from django.test import TestCase

from agencyscript.models import StandardPage
from blog.importer import import_files
from blog.models import ArticlePage, Author, Category
from tests.blog.importer.utils import CASE_STUDY, SIBLING, AssertImportFailsMixin, ImportedSamplesTestCase, md
from tests.blog.utils import build_site


class ImportMappingTests(ImportedSamplesTestCase):
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


class WritingErrorTests(AssertImportFailsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()

    def test_slug_used_by_another_page_type(self):
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


class CategoryAndAuthorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()

    def test_existing_categories_and_authors_are_found_by_slug_or_name(self):
        delivery = Category.objects.create(name="Delivery", slug="delivery-team")
        jo = Author.objects.create(name="Someone Else", slug="jo-marsh")
        report = import_files([("case.md", md(CASE_STUDY))])
        self.assertEqual(report.errors, [])
        page = ArticlePage.objects.get(slug="release-nearly-shipped").get_latest_revision_as_object()
        self.assertEqual(page.category, delivery)  # by name, in any case
        self.assertEqual([author.pk for author in page.authors], [jo.pk])  # by slug
        self.assertEqual(Category.objects.count(), 1)
        self.assertEqual(Author.objects.count(), 1)
