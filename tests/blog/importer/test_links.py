"""Links to /blog/<slug>/ become page links, even to articles later in the same run; missing ones are reported."""

from tests.blog.importer.utils import ImportedSamplesTestCase


class ArticleLinkTests(ImportedSamplesTestCase):
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
