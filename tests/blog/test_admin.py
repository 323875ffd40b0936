"""Editors in the Wagtail admin: snippets, the article editor and the import screen."""

from wagtail.test.utils import WagtailPageTestCase

from blog.factories import ArticlePageFactory, AuthorFactory, CategoryFactory
from blog.models import Author, Category
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
