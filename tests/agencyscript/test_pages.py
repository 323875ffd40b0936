"""The demo site: every page answers, every link works, the site header and footer are editable."""

import re
from html.parser import HTMLParser
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.test import TestCase
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

from agencyscript.models import HomePage, StandardPage
from agencyscript.site_settings import FooterSettings, NavigationSettings
from agencyscript.sitemap_section import Section
from blog.models import ArticlePage
from tests.helpers import load_demo_site, sitemap_entries

REQUIRED_PAGES = [
    "/courses/",
    "/enterprise/",
    "/founders/",
    "/platform/",
    "/launch-program/",
    "/vault/",
    "/the-book/",
    "/partners/",
    "/pricing/",
    "/about/",
    "/contact/",
    "/careers/",
    "/press/",
    "/privacy/",
    "/terms/",
    "/certification-agreement/",
    "/security/",
    "/blog/",
    "/certification/",
    "/verify/",
    "/waitlist/",
    "/newsletter/",
]


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form" and attrs.get("action"):
            self.links.append(attrs["action"])


def internal_links(html):
    parser = LinkCollector()
    parser.feed(html)
    links = set()
    for href in parser.links:
        href = re.sub(r"^https?://testserver", "", href).split("#")[0]
        if href.startswith("/") and not href.startswith("//"):
            links.add(href)
    return links


class DemoSiteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site()

    def test_every_required_page_answers(self):
        for path in REQUIRED_PAGES:
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "<h1", count=1)

    def test_no_link_on_the_site_is_broken(self):
        seen, queue, broken = set(), ["/"], []
        while queue:
            path = queue.pop()
            if path in seen or path.startswith(("/admin/", "/media/", "/static/", "/documents/")):
                continue
            seen.add(path)
            response = self.client.get(path)
            if response.status_code in (301, 302):
                queue.append(response["Location"])
                continue
            if response.status_code != 200:
                broken.append((path, response.status_code))
                continue
            if response["Content-Type"].startswith("text/html"):
                queue.extend(internal_links(response.content.decode()) - seen)
        self.assertEqual(broken, [])
        self.assertGreater(len(seen), 25)

    def test_header_has_navigation_sign_in_and_call_to_action(self):
        response = self.client.get("/")
        header = response.content.decode().split("</header>")[0]
        for label in ["Courses", "Enterprise", "Blog", "Founders", "Sign in", "Join Waitlist"]:
            self.assertIn(f">{label}</a>", header)
        self.assertIn('aria-controls="site-nav"', header)

    def test_footer_has_groups_legal_links_tagline_and_year(self):
        from django.utils import timezone

        html = self.client.get("/about/").content.decode()
        footer = html.split('<footer class="site-footer">')[1]
        for text in [
            "Stay informed",
            "Governance updates, certification insights, and industry standards.",
            "Products",
            "Platform",
            "Launch Program",
            "Vault",
            "The Book",
            "Foundation (AS-F)",
            "Operator (AS-O)",
            "Architect (AS-A)",
            "Principal (AS-P)",
            "Verify Credential",
            "Partners",
            "Pricing",
            "About",
            "Careers",
            "Press",
            "Privacy Policy",
            "Terms of Service",
            "Certification Agreement",
            "Security",
            "Standards over scale. Judgment over volume. Governance over shortcuts.",
            f"© {timezone.now().year} Agency Script, Inc.",
        ]:
            self.assertIn(text, footer)

    def test_home_page_has_hero_tiers_verify_entry_and_closing_call_to_action(self):
        response = self.client.get("/")
        self.assertContains(response, '<h1 id="hero-title">Governed Certification Framework</h1>', html=False)
        self.assertContains(response, "The operating system for AI-enabled agency building.")
        for code in ["AS-F", "AS-O", "AS-A", "AS-P"]:
            self.assertContains(response, code)
        self.assertContains(response, 'action="/verify/"')
        self.assertContains(response, "Ready to certify your AI capability?")

    def test_site_header_and_footer_are_editable_in_settings(self):
        site = Site.objects.get(is_default_site=True)
        navigation = NavigationSettings.for_site(site)
        navigation.sign_in_label = "Log in to your account"
        navigation.save()
        footer = FooterSettings.for_site(site)
        footer.tagline = "A tagline an editor wrote."
        footer.save()
        html = self.client.get("/").content.decode()
        self.assertIn("Log in to your account", html)
        self.assertIn("A tagline an editor wrote.", html)

    def test_header_follows_a_renamed_and_moved_page(self):
        self.client.get("/")  # render and cache the site header and footer
        courses = StandardPage.objects.get(slug="courses")
        courses.slug = "preparation-courses"
        courses.save_revision().publish()
        html = self.client.get("/").content.decode()
        self.assertIn('href="/preparation-courses/"', html)
        self.assertEqual(self.client.get("/preparation-courses/").status_code, 200)

    def test_loading_demo_content_again_changes_nothing(self):
        before = Page.objects.count()
        call_command("load_initial_data", stdout=StringIO())
        self.assertEqual(Page.objects.count(), before)
        self.assertEqual(HomePage.objects.count(), 1)

    def test_demo_pages_are_written_not_placeholder(self):
        for page in StandardPage.objects.all():
            text = str(page.body).lower()
            self.assertNotIn("lorem", text)
            self.assertGreater(len(text), 300, page.title)


class DemoWithoutArticlesTests(TestCase):
    def test_every_page_but_the_articles_and_an_empty_blog(self):
        load_demo_site(articles=False)
        self.assertFalse(ArticlePage.objects.exists())
        for path in ["/", "/blog/", "/certification/", "/certification/operator/", *REQUIRED_PAGES]:
            self.assertEqual(self.client.get(path).status_code, 200, path)
        self.assertContains(self.client.get("/blog/"), "No articles have been published yet.")
        call_command("load_initial_data", stdout=StringIO())  # the articles can be added later
        self.assertEqual(ArticlePage.objects.count(), 15)  # 13 live, one in review, one scheduled


class PageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site(articles=False)

    def test_standard_page_is_renderable_and_creatable(self):
        home = HomePage.objects.get()
        self.assertPageIsRenderable(StandardPage.objects.get(slug="about"))
        self.assertCanCreateAt(HomePage, StandardPage)
        self.login()
        self.assertCanCreate(
            home,
            StandardPage,
            {
                "title": "Assessment appeals",
                "slug": "appeals",
                "introduction": "How to appeal a decision.",
                "body-count": "0",
            },
        )

    def test_home_page_is_renderable_and_unique(self):
        self.assertPageIsRenderable(HomePage.objects.get())
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))  # max_count = 1 and it exists


class ErrorPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site()

    def test_404_page_is_in_the_site_design(self):
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "We can't find that page", status_code=404)
        self.assertContains(response, 'class="site-footer"', status_code=404)

    def test_500_page_needs_no_database(self):
        from django.db import connection
        from django.test import RequestFactory

        from agencyscript.views import server_error

        request = RequestFactory().get("/")
        with self.assertNumQueries(0):
            response = server_error(request)
        self.assertEqual(response.status_code, 500)
        self.assertIn(b"Something went wrong", response.content)
        self.assertTrue(connection)

    def test_robots_txt_names_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Sitemap: http://testserver/sitemap.xml", response.content.decode())

    def test_sitemap_is_an_index_of_sections_listing_public_pages(self):
        index = self.client.get("/sitemap.xml")
        self.assertContains(index, "<sitemapindex")
        self.assertContains(index, "http://testserver/sitemap-pages.xml")
        entries = sitemap_entries(self.client)
        self.assertIn("http://testserver/about/", entries)
        self.assertTrue(entries["http://testserver/about/"])

    def test_sitemap_sections_are_paginated(self):
        with mock.patch.object(Section, "limit", 5):
            index = self.client.get("/sitemap.xml").content.decode()
            self.assertIn("sitemap-pages.xml?p=2", index)
            self.assertIn("sitemap-articles.xml?p=2", index)
            self.assertEqual(self.client.get("/sitemap-pages.xml?p=2").status_code, 200)
            for bad in ("/sitemap-pages.xml?p=999", "/sitemap-pages.xml?p=0", "/sitemap-pages.xml?p=two"):
                response = self.client.get(bad)
                self.assertEqual(response.status_code, 404, bad)
                self.assertContains(response, "<h1", status_code=404)
        self.assertEqual(self.client.get("/sitemap-nonsense.xml").status_code, 404)
        self.assertEqual(self.client.post("/sitemap.xml").status_code, 405)

    def test_sitemap_index_is_valid_xml_with_dates(self):
        from xml.etree import ElementTree

        response = self.client.get("/sitemap.xml")
        self.assertEqual(response["Content-Type"], "application/xml; charset=utf-8")
        self.assertIn("noindex", response["X-Robots-Tag"])
        root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
        namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        sections = root.findall("s:sitemap", namespace)
        self.assertEqual(
            [s.findtext("s:loc", namespaces=namespace) for s in sections],
            ["http://testserver/sitemap-pages.xml", "http://testserver/sitemap-articles.xml"],
        )
        for entry in sections:
            self.assertRegex(entry.findtext("s:lastmod", namespaces=namespace), r"^\d{4}-\d{2}-\d{2}$")


class DeliveryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site(articles=False)

    def test_html_is_compressed_for_clients_that_accept_it(self):
        response = self.client.get("/about/", HTTP_ACCEPT_ENCODING="gzip")
        self.assertEqual(response["Content-Encoding"], "gzip")
        self.assertIn("Accept-Encoding", response["Vary"])

    def test_menu_works_without_javascript_through_a_noscript_stylesheet(self):
        html = self.client.get("/").content.decode()
        self.assertIn('<noscript><link rel="stylesheet" href="/static/css/nojs.css"></noscript>', html)
