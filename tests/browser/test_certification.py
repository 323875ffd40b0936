"""Certification pages and credential verification in a real browser at 360 and 1440 px."""

import pytest

from tests.browser.helpers import assert_no_axe_violations, new_page, save_screenshot

WIDTHS = [360, 1440]
STATUS_LABELS = {
    "valid": "Valid",
    "expired": "Expired",
    "suspended": "Suspended",
    "revoked": "Revoked",
    "superseded": "Superseded",
}


@pytest.fixture(scope="session")
def demo_ids(demo_site, django_db_blocker):
    """One demo credential ID per status (the demo's IDs are fixed by a seed)."""
    from certification.demo import demo_ids_to_try

    with django_db_blocker.unblock():
        return demo_ids_to_try()


def open_page(browser, width, url, javascript=True):
    page = new_page(browser, width, javascript=javascript)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    response = page.goto(url)
    return page, response, errors


def check_layout_and_console(page, errors, expected_status=None):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "horizontal scroll"
    if expected_status:
        errors = [error for error in errors if f"status of {expected_status}" not in error]
    assert not errors, f"console errors (CSP violations?): {errors}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("status", list(STATUS_LABELS))
def test_result_page_for_each_status(browser, base_url, demo_ids, status, width):
    credential_id = demo_ids[status]
    page, response, errors = open_page(browser, width, f"{base_url}/verify/{credential_id}/")
    assert response.status == 200
    assert response.headers["cache-control"] == "no-store"
    verdict = page.locator(".verdict__word")
    assert verdict.inner_text() == STATUS_LABELS[status]
    assert verdict.is_visible()
    assert page.locator("meta[name=robots]").get_attribute("content") == "noindex"
    qr = page.locator("svg.qr-code")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box["width"] >= 100 and abs(box["width"] - box["height"]) < 1
    assert page.locator("[data-copy]").is_visible()  # the JS enhancement ran
    assert_no_axe_violations(page)
    save_screenshot(page, f"verify-{status}-{width}")
    check_layout_and_console(page, errors)
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_verify_form_is_accessible(browser, base_url, width):
    page, response, errors = open_page(browser, width, f"{base_url}/verify/")
    assert response.status == 200
    assert_no_axe_violations(page)
    save_screenshot(page, f"verify-form-{width}")
    check_layout_and_console(page, errors)
    page.context.close()


def test_verify_form_works_without_javascript(browser, base_url, demo_ids):
    # Nothing may call page.evaluate here: with JavaScript off it never returns.
    page, response, _ = open_page(browser, 360, f"{base_url}/verify/", javascript=False)
    assert response.status == 200
    form = page.locator("form.verify-form")
    assert form.get_attribute("method") == "get"
    assert form.get_attribute("action") == "/verify/"
    assert page.get_by_label("Credential ID").get_attribute("name") == "id"
    page.get_by_label("Credential ID").fill(demo_ids["valid"].lower().replace("-", " "))
    page.locator("form.verify-form button[type=submit]").click()
    page.wait_for_url(f"{base_url}/verify/{demo_ids['valid']}/", timeout=15000)
    assert page.locator(".verdict__word").inner_text() == "Valid"
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_mistyped_and_unknown_pages(browser, base_url, demo_ids, width):
    valid = demo_ids["valid"]
    typo = valid[:-1] + ("X" if valid[-1] != "X" else "Y")
    page, response, errors = open_page(browser, width, f"{base_url}/verify/{typo}/")
    assert response.status == 400
    assert "looks mistyped" in page.locator("h1").inner_text()
    assert_no_axe_violations(page)
    save_screenshot(page, f"verify-mistyped-{width}")
    check_layout_and_console(page, errors, 400)

    hidden = demo_ids["not public (404)"]
    response = page.goto(f"{base_url}/verify/{hidden}/")
    assert response.status == 404
    assert_no_axe_violations(page)
    save_screenshot(page, f"verify-not-found-{width}")
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["/certification/", "/certification/architect/"])
def test_certification_pages(browser, base_url, path, width):
    page, response, errors = open_page(browser, width, base_url + path)
    assert response.status == 200
    assert page.locator("h1").count() == 1
    if path == "/certification/":
        assert page.locator(".comparison-table tbody tr").count() == 4
    else:
        data = page.locator("script[type='application/ld+json']").first.inner_text()
        assert "EducationalOccupationalCredential" in data
    assert_no_axe_violations(page)
    save_screenshot(
        page, "certification" + path.strip("/").replace("/", "-").replace("certification", "") + f"-{width}"
    )
    check_layout_and_console(page, errors)
    page.context.close()


def test_result_prints_without_site_header_footer_or_buttons(browser, base_url, demo_ids):
    page, _, _ = open_page(browser, 1440, f"{base_url}/verify/{demo_ids['revoked']}/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header nav").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert not page.locator(".result__actions").is_visible()
    assert page.locator(".verdict__word").is_visible()
    assert page.locator("svg.qr-code").is_visible()
    page.context.close()


def test_home_page_verify_form_reaches_the_result(browser, base_url, demo_ids):
    page, _, _ = open_page(browser, 360, base_url + "/")
    form = page.locator(".verify-entry__form")
    assert form.get_attribute("action") == "/verify/"
    assert page.locator("#home-credential-id").get_attribute("name") == "id"
    page.goto(f"{base_url}/verify/?id={demo_ids['expired']}")
    assert page.locator(".verdict__word").inner_text() == "Expired"
    page.context.close()


@pytest.fixture(scope="session")
def signed_credential_file(demo_site, demo_ids, django_db_blocker):
    """The signed credential.json a holder of the demo's valid credential downloads."""
    from certification.models import Credential
    from certification.vc import documents

    with django_db_blocker.unblock():
        credential = Credential.objects.get(credential_id=demo_ids["valid"])
        return documents.current_document(credential).document.encode()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("name", "verdict"), [("credential.json", "Valid"), ("notes.txt", None)], ids=["signed-file", "not-a-credential"]
)
def test_verify_a_credential_file(browser, base_url, signed_credential_file, width, name, verdict):
    page, response, errors = open_page(browser, width, f"{base_url}/verify/file/")
    assert response.status == 200
    content = signed_credential_file if verdict else b"Just some notes, not a credential."
    page.set_input_files("#credential-file", files=[{"name": name, "mimeType": "application/json", "buffer": content}])
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    if verdict:
        assert page.locator(".verdict__word").inner_text() == verdict
        assert "Signature: Passed." in page.locator("main").inner_text()
    else:
        assert "Valid" not in page.locator("main").inner_text().split()
    assert_no_axe_violations(page)
    save_screenshot(page, f"verify-file-{'valid' if verdict else 'invalid'}-{width}")
    check_layout_and_console(page, errors, expected_status=400)
    page.context.close()
