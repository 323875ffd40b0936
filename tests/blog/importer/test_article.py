"""One file to a ParsedArticle: what is filled in when the front matter leaves it out."""

from django.test import SimpleTestCase

from blog.importer import parse_article


class ParseArticleTests(SimpleTestCase):
    def test_parse_defaults(self):
        article = parse_article("x.md", b"---\ntitle: Only A Title\n---\nFirst paragraph here.\n\nSecond.\n")
        self.assertEqual(article.slug, "only-a-title")
        self.assertEqual(article.summary, "First paragraph here.")
        self.assertEqual(article.authors, ["Agency Script Editors"])
        self.assertEqual(article.category, "General")
        self.assertIsNone(article.date)
