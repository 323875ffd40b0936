"""The header's and footer's links follow the pages they name, with no cache to clear.

The links are resolved when the settings are saved and whenever a page is
published, unpublished, moved or deleted, or a site changes; these tests make
each change and read the next page a visitor gets.
"""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from agencyscript.models import StandardPage
from agencyscript.site_settings import FooterSettings, NavigationSettings
from certification.models import CertificationIndexPage
from tests.helpers import load_demo_site


class SiteLinksTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site(articles=False)

    def home_html(self):
        """The home page's header and footer (its content links to pages too)."""
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        return html.split("<main")[0] + html.split("</main>")[1]

    def test_an_unpublished_page_leaves_the_header_and_comes_back_when_published(self):
        courses = StandardPage.objects.get(slug="courses")
        self.assertIn('href="/courses/"', self.home_html())
        courses.unpublish()
        self.assertNotIn('href="/courses/"', self.home_html())
        courses.save_revision().publish()
        self.assertIn('href="/courses/"', self.home_html())

    def test_renaming_a_section_moves_the_links_to_the_pages_below_it(self):
        certification = CertificationIndexPage.objects.get()
        certification.slug = "credentials"
        certification.save_revision().publish()
        html = self.home_html()
        self.assertIn('href="/credentials/operator/"', html)
        self.assertNotIn('href="/certification/operator/"', html)

    def test_a_moved_page_is_linked_at_its_new_address(self):
        press = StandardPage.objects.get(slug="press")
        press.move(StandardPage.objects.get(slug="about"), pos="last-child")
        html = self.home_html()
        self.assertIn('href="/about/press/"', html)
        self.assertEqual(self.client.get("/about/press/").status_code, 200)

    def test_a_deleted_page_is_no_longer_linked(self):
        StandardPage.objects.get(slug="careers").delete()
        html = self.home_html()
        self.assertNotIn('href="/careers/"', html)
        self.assertIn('href="/press/"', html)

    def test_links_edited_in_the_settings_show_on_the_next_page(self):
        site = Site.objects.get(is_default_site=True)
        navigation = NavigationSettings.for_site(site)
        navigation.links = [("link", {"label": "Handbook", "page": None, "url": "https://handbook.example/"})]
        navigation.save()
        html = self.home_html()
        self.assertIn('<a href="https://handbook.example/">Handbook</a>', html)
        self.assertNotIn('href="/enterprise/"', html.split('class="site-footer"')[0])  # the header's

    def test_an_editor_changes_the_header_links_in_the_admin(self):
        self.client.force_login(get_user_model().objects.create_superuser("siteadmin", "siteadmin@example.com"))
        site = Site.objects.get(is_default_site=True)
        about = StandardPage.objects.get(slug="about")
        data = nested_form_data(
            {
                "links": streamfield([("link", {"label": "Who we are", "page": about.pk, "url": ""})]),
                "sign_in_label": "Sign in",
                "cta": streamfield([]),
            }
        )
        url = reverse("wagtailsettings:edit", args=["agencyscript", "navigationsettings", site.pk])
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.client.logout()
        header = self.home_html().split('class="site-footer"')[0]
        self.assertIn('<a href="/about/">Who we are</a>', header)
        self.assertNotIn("Courses", header)
        self.assertNotIn("Join Waitlist", header)

    def test_a_page_of_another_site_gets_that_sites_address(self):
        elsewhere = Page.get_first_root_node().add_child(
            instance=StandardPage(title="Partner programme", slug="partner-programme")
        )
        Site.objects.create(hostname="partners.example", port=443, root_page=elsewhere)
        footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
        footer.legal_links = [("link", {"label": "Partner programme", "page": elsewhere, "url": ""})]
        footer.save()
        self.assertIn('<a href="https://partners.example/">Partner programme</a>', self.home_html())
