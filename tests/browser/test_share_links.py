"""A preview share link in a real browser: the editor's screen, and the preview a recipient opens."""

import pytest
from django.contrib.auth import get_user_model

from agencyscript.share_links.services import create_share_link
from blog.models import ArticlePage
from tests.browser.helpers import assert_no_axe_violations, new_page, save_screenshot

WIDTHS = [360, 1440]
PASSWORD = "share-editor-password-for-browser-tests"  # noqa: S105


@pytest.fixture(scope="session")
def share_editor(demo_site, django_db_blocker):
    with django_db_blocker.unblock():
        user = get_user_model().objects.filter(username="share-editor").first()
        if user is None:
            user = get_user_model().objects.create_superuser(
                "share-editor", "share-editor@example.com", PASSWORD, first_name="Maya", last_name="Okafor"
            )
        article = ArticlePage.objects.live().order_by("pk").first()
    return {"user": user, "article": article}


@pytest.fixture(scope="session")
def share_link_path(share_editor, django_db_blocker):
    """A link made as the admin screen makes one (the same service), for the recipient's tests."""
    with django_db_blocker.unblock():
        _, token = create_share_link(share_editor["article"], share_editor["user"], days=3)
    return f"/share/{token}/"


@pytest.mark.parametrize("width", WIDTHS)
def test_shared_preview_shows_the_banner_and_is_accessible(browser, base_url, share_link_path, width):
    page = new_page(browser, width)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    response = page.goto(base_url + share_link_path)
    assert response.status == 200
    assert response.headers["cache-control"] == "private, no-store"
    banner = page.locator(".share-banner")
    assert banner.is_visible()
    assert "Preview shared by Maya Okafor" in banner.inner_text()
    assert "not published; link expires on" in banner.inner_text()
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
    save_screenshot(page, f"share-preview-{width}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert not errors, f"console errors (CSP violations?): {errors}"
    page.context.close()


def test_unknown_link_is_a_plain_accessible_404(browser, base_url, demo_site):
    page = new_page(browser, 360)
    response = page.goto(base_url + "/share/" + "x" * 43 + "/")
    assert response.status == 404
    assert "No preview at this address" in page.locator("h1").inner_text()
    assert_no_axe_violations(page)
    page.context.close()


def test_editor_creates_a_link_that_opens_for_someone_signed_out(browser, base_url, share_editor):
    editor = new_page(browser, 1440)
    editor.goto(base_url + "/admin/login/")
    editor.fill("#id_username", "share-editor")
    editor.fill("#id_password", PASSWORD)
    editor.click("button[type=submit]")
    editor.wait_for_url(base_url + "/admin/")
    # The admin's report-only policy without 'unsafe-inline' (test settings) would report any inline script here.
    policy_reports = []
    editor.on(
        "console", lambda message: policy_reports.append(message.text) if "Content Security" in message.text else None
    )
    editor.goto(f"{base_url}/admin/share-links/pages/{share_editor['article'].pk}/")
    editor.select_option("select[name=days]", "1")
    editor.get_by_role("button", name="Create share link").click()
    link = editor.locator("#share-link-url")
    link.wait_for(state="visible")
    save_screenshot(editor, "share-admin-1440")
    assert not policy_reports, policy_reports
    url = link.input_value()
    path = url[url.index("/share/") :]
    editor.context.close()

    recipient = new_page(browser, 360)
    response = recipient.goto(base_url + path)
    assert response.status == 200
    assert "Preview shared by Maya Okafor" in recipient.locator(".share-banner").inner_text()
    recipient.context.close()
