"""The blog in a real browser: the case-study article at 360 and 1440 px, listings and search."""

import pytest

from tests.browser.helpers import ARTIFACTS, assert_no_axe_violations, new_page, save_screenshot

ARTICLE = "/blog/near-miss-support-assistant-refund-promise/"
WIDTHS = [360, 1440]


def open_page(browser, base_url, path, width, javascript=True):
    page = new_page(browser, width, javascript=javascript)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    response = page.goto(base_url + path)
    assert response.status == 200
    return page, errors


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_article_is_accessible_and_laid_out(browser, base_url, width):
    page, errors = open_page(browser, base_url, ARTICLE, width)
    assert page.locator("h1").count() == 1
    assert page.locator("nav.toc").is_visible()
    assert_no_axe_violations(page)
    save_screenshot(page, f"blog-article-{width}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    article = page.locator("article.article").bounding_box()
    sidebar = page.locator(".blog-sidebar").bounding_box()
    related = page.locator(".related").bounding_box()
    if width >= 1440:
        assert sidebar["x"] >= article["x"] + article["width"]  # beside the article
        assert sidebar["y"] < article["y"] + article["height"]
    else:
        assert sidebar["y"] >= related["y"] + related["height"]  # below everything
    assert not errors, f"console errors (CSP violations?): {errors}"
    page.context.close()


@pytest.mark.browser
def test_table_of_contents_links_land_on_their_headings(browser, base_url):
    page, _ = open_page(browser, base_url, ARTICLE, 1440)
    # Instant jumps: smooth scrolling races with Playwright scrolling the next link into view.
    page.emulate_media(reduced_motion="reduce")
    links = page.locator("nav.toc a")
    count = links.count()
    assert count >= 10
    texts = [links.nth(i).inner_text() for i in range(count)]
    assert "Situation" in texts and "Frequently Asked Questions" in texts and "Key Takeaways" in texts
    for i in list(range(0, count, 3)) + [count - 1]:
        link = links.nth(i)
        anchor = link.get_attribute("href")
        link.click()
        page.wait_for_function("(hash) => location.hash === hash", arg=anchor)
        target = page.locator(anchor)
        assert target.inner_text().strip() == texts[i]
        # The heading ends up at the top of the window (after any smooth scrolling),
        # or in view when the page cannot scroll that far.
        page.wait_for_function(
            """(id) => {
                const top = document.getElementById(id).getBoundingClientRect().top;
                const atBottom = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
                return top >= 0 && (top < 120 || (atBottom && top < window.innerHeight));
            }""",
            arg=anchor[1:],
            timeout=3000,
        )
    page.context.close()


@pytest.mark.browser
def test_copy_link_copies_the_article_address(browser, base_url):
    page, errors = open_page(browser, base_url, ARTICLE, 1440)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    button = page.get_by_role("button", name="Copy link")
    assert button.is_visible()
    url = button.get_attribute("data-copy-url")
    assert url.endswith(ARTICLE)
    button.click()
    status = page.locator("[data-copy-status]")
    status.wait_for(state="visible")
    assert status.inner_text() == "Link copied to the clipboard."
    assert page.evaluate("navigator.clipboard.readText()") == url
    assert not errors
    page.context.close()


@pytest.mark.browser
def test_copy_link_is_a_plain_link_without_javascript(browser, base_url):
    page, _ = open_page(browser, base_url, ARTICLE, 360, javascript=False)
    link = page.get_by_role("link", name="Copy link")
    assert link.get_attribute("href").endswith(ARTICLE)
    assert page.get_by_role("button", name="Copy link").count() == 0
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    "path", ["/blog/", "/blog/category/governance/", "/blog/tag/near-miss/", "/blog/search/?q=refund"]
)
def test_listings_are_accessible(browser, base_url, path):
    page, errors = open_page(browser, base_url, path, 360)
    assert page.locator("h1").count() == 1
    assert page.locator(".article-card").count() >= 1
    assert_no_axe_violations(page)
    slug = path.strip("/").replace("/", "-").replace("?q=", "-")
    save_screenshot(page, f"blog-{slug}-360")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert not errors
    page.context.close()


@pytest.mark.browser
def test_sidebar_search_finds_the_case_study(browser, base_url):
    page, _ = open_page(browser, base_url, "/blog/", 1440)
    page.get_by_role("searchbox", name="Search articles").fill("near miss refunds")
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_url("**/blog/search/**")
    assert "result" in page.locator(".search-summary").inner_text()
    assert page.get_by_role("link", name="Near Miss: The Support Assistant That Almost Promised Refunds").count() == 1
    page.context.close()


# The standard axe-core rules of Wagtail's own accessibility checker (wagtail.admin.userbar).
WAGTAIL_CHECKER_RULES = [
    "button-name",
    "empty-heading",
    "empty-table-header",
    "frame-title",
    "heading-order",
    "input-button-name",
    "link-name",
    "p-as-heading",
]


@pytest.mark.browser
def test_demo_articles_pass_wagtails_accessibility_checks(browser, base_url):
    from tests.browser.helpers import AXE_SCRIPT

    page, _ = open_page(browser, base_url, "/blog/", 1440)
    links = page.locator(".article-cards .card__title a")
    paths = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(paths) >= 10
    for path in paths:
        page.goto(base_url + path)
        page.evaluate(AXE_SCRIPT)
        result = page.evaluate(
            "async (rules) => await axe.run(document, {runOnly: {type: 'rule', values: rules}})",
            WAGTAIL_CHECKER_RULES,
        )
        assert result["violations"] == [], (path, [v["id"] for v in result["violations"]])
        # Wagtail's custom checks: a meta description, and image alt text that is not a file name.
        assert page.locator("meta[name=description]").get_attribute("content").strip()
        for alt in page.locator("main img").evaluate_all("images => images.map((image) => image.alt)"):
            assert alt is not None and not alt.lower().endswith((".png", ".jpg", ".jpeg", ".webp", ".avif"))
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1440])
def test_search_results_page_through_by_keyboard(browser, base_url, width):
    page, errors = open_page(browser, base_url, "/blog/search/?q=client", width)
    assert page.locator(".article-card").count() == 10
    assert "showing 1–10" in page.locator(".search-summary").inner_text()
    more = page.get_by_role("link", name="More results")
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**page=2")
    assert page.locator(".article-card").count() >= 1
    assert page.get_by_role("link", name="Better matches").is_visible()
    assert_no_axe_violations(page)
    save_screenshot(page, f"blog-search-page-2-{width}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert not errors
    page.context.close()


AI_ASSISTED_ARTICLE = "/blog/prompt-changes-are-code-changes/"  # demo article 02: provenance ai-assisted


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_ai_assisted_byline_is_visible_and_accessible(browser, base_url, width):
    page, errors = open_page(browser, base_url, AI_ASSISTED_ARTICLE, width)
    label = page.locator(".article__header .provenance__label")
    assert label.is_visible()
    assert label.inner_text() == "AI-assisted"
    disclosure = page.locator(".article__header details.provenance__details")
    note = disclosure.locator("p")
    assert not note.is_visible()
    disclosure.locator("summary").click()
    assert note.is_visible()
    assert "language model" in note.inner_text()
    assert_no_axe_violations(page)
    save_screenshot(page, f"blog-provenance-{width}")
    page.locator(".article__header").screenshot(path=str(ARTIFACTS / f"blog-provenance-byline-{width}.png"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert not errors, f"console errors (CSP violations?): {errors}"
    page.context.close()


@pytest.mark.browser
def test_how_the_article_was_made_opens_without_javascript(browser, base_url):
    page, _ = open_page(browser, base_url, AI_ASSISTED_ARTICLE, 360, javascript=False)
    page.get_by_text("How this article was made").click()
    assert page.locator(".article__header details.provenance__details p").is_visible()
    page.context.close()
