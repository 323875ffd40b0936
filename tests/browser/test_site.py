"""The site's own pages in a real browser at 360 and 1440 px."""

import pytest

from tests.browser.helpers import assert_no_axe_violations, new_page, save_screenshot

WIDTHS = [360, 1440]
PAGES = {
    "home": "/",
    "standard": "/about/",
    "waitlist": "/waitlist/",
    "contact": "/contact/",
    "newsletter": "/newsletter/",
    "sign-in": "/account/sign-in/",
    "not-found": "/this-page-does-not-exist/",
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible(browser, base_url, name, width):
    page = new_page(browser, width)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    response = page.goto(base_url + PAGES[name])
    assert response.status == (404 if name == "not-found" else 200)
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
    save_screenshot(page, f"{name}-{width}")
    # No horizontal scrolling at any width.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    if name == "not-found":  # Chromium logs the 404 status of the document itself
        errors = [error for error in errors if "status of 404" not in error]
    assert not errors, f"console errors (CSP violations?): {errors}"
    page.context.close()


@pytest.mark.parametrize(
    ("name", "data", "expected_error"),
    [
        ("waitlist", {"name": "", "email": "not-an-email"}, "Enter your name."),
        ("contact", {"name": "Ada", "email": "ada@example.com"}, "Write your message"),
        ("newsletter", {"email": "nope"}, "Enter an email address like name@example.com."),
    ],
)
def test_form_errors_are_shown_beside_fields_and_keep_input(browser, base_url, name, data, expected_error):
    page = new_page(browser, 360)
    page.goto(f"{base_url}/{name}/")
    form = page.locator("main form")
    for field, value in data.items():
        form.locator(f"[name={field}]").fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert expected_error in summary.inner_text()
    # The summary takes focus so screen readers announce it.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    for field, value in data.items():
        assert form.locator(f"[name={field}]").input_value() == value
    invalid = form.locator("[aria-invalid=true]").first
    described = invalid.get_attribute("aria-describedby")
    assert described and page.locator(f"#{described.split()[-1]}").inner_text().strip()
    assert_no_axe_violations(page)
    save_screenshot(page, f"{name}-errors-360")
    page.context.close()


def test_waitlist_submission_end_to_end(browser, base_url):
    page = new_page(browser, 1440)
    page.goto(f"{base_url}/waitlist/")
    form = page.locator("main form")
    form.locator("[name=name]").fill("Grace Hopper")
    form.locator("[name=email]").fill("grace.browser@example.com")
    form.locator("[name=tier_interest]").select_option("AS-A")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "?sent=1" in page.url
    assert page.get_by_role("status").is_visible()
    page.context.close()


def test_mobile_menu_works_by_keyboard(browser, base_url):
    page = new_page(browser, 360)
    page.goto(base_url + "/")
    toggle = page.locator(".nav-toggle")
    nav_link = page.locator("#site-nav a", has_text="Blog")
    assert toggle.is_visible()
    assert not nav_link.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert nav_link.is_visible()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not nav_link.is_visible()
    page.context.close()


def test_mobile_menu_without_javascript_lists_the_links(browser, base_url):
    page = new_page(browser, 360, javascript=False)
    page.goto(base_url + "/")
    assert not page.locator(".nav-toggle").is_visible()
    assert page.locator("#site-nav a", has_text="Blog").is_visible()
    assert page.locator("#site-nav a", has_text="Join Waitlist").is_visible()
    page.context.close()


def test_skip_link_moves_focus_to_main(browser, base_url):
    page = new_page(browser, 1440)
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.context.close()
