"""Editors in the Wagtail admin: snippets, the article editor and the import screen."""

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from wagtail.test.utils import WagtailPageTestCase, WagtailTestUtils

from blog.factories import ArticlePageFactory, AuthorFactory, CategoryFactory
from blog.models import ArticlePage, Author, Category
from tests.blog.importer.utils import CASE_STUDY, SIBLING, md
from tests.blog.utils import build_site


class AdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()
        cls.category = CategoryFactory(name="Governance")
        cls.author = AuthorFactory(name="Maya Okafor")
        cls.article = ArticlePageFactory(parent=cls.index, title="An article", category=cls.category)

    def setUp(self):
        self.login()

    def test_article_editor_and_blog_index_editor_load(self):
        self.assertEqual(self.client.get(f"/admin/pages/{self.article.pk}/edit/").status_code, 200)
        self.assertEqual(self.client.get(f"/admin/pages/{self.index.pk}/edit/").status_code, 200)
        self.assertEqual(self.client.get(f"/admin/pages/add/blog/articlepage/{self.index.pk}/").status_code, 200)

    def test_blog_index_preview(self):
        self.assertPageIsPreviewable(self.index)

    def test_category_and_author_snippets(self):
        for model in (Category, Author):
            url = f"/admin/snippets/blog/{model._meta.model_name}/"
            self.assertContains(self.client.get(url), "Governance" if model is Category else "Maya Okafor")
        response = self.client.post(
            "/admin/snippets/blog/category/add/",
            {"name": "Research", "slug": "research", "description": "Studies."},
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Category.objects.filter(slug="research").exists())

    def test_import_is_in_the_menu(self):
        self.assertContains(self.client.get("/admin/"), "/admin/blog/import/")


class ImageBlockPreviewTests(WagtailPageTestCase):
    def test_image_block_preview_uses_a_library_image(self):
        from wagtail_factories import ImageFactory

        from blog.blocks import ArticleStreamBlock

        block = ArticleStreamBlock().child_blocks["image"]
        self.assertIsNone(block.get_preview_value())
        image = ImageFactory(title="A chart of review times")
        value = block.get_preview_value()
        self.assertEqual(value["image"].pk, image.pk)
        self.assertEqual(value["image"].contextual_alt_text, "A chart of review times")
        self.assertIn("<figure", block.render(value))


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
