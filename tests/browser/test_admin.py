"""The Wagtail admin under its Content-Security-Policy, screen by screen (issue 13).

An editor signs in and goes through every admin screen: every link the admin
shows, one of each kind (``/admin/pages/7/edit/`` stands for every page's edit
view), plus what only clicking reaches (StreamField blocks, rich text, an inline
author, the preview, an image upload). A listener installed before any admin
script runs records each ``securitypolicyviolation`` event.

- The enforced policy (``ADMIN_POLICY``) must block nothing: every screen works.
- The report-only policy without 'unsafe-inline' (``ADMIN_POLICY_WITHOUT_INLINE``,
  sent because test settings set ``CSP_ADMIN_REPORT_STRICT``) reports what the
  admin would lose without it. Each inline script it reports must be one of
  Wagtail's own, listed in ``WAGTAIL_INLINE_SCRIPTS`` (and in the README): a new
  one, from our code or a Wagtail upgrade, fails the test, and so does a listed
  one that no screen uses any more (then 'unsafe-inline' may be removable).
"""

import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from PIL import Image as PILImage
from playwright.sync_api import Error as PlaywrightError

from blog.models import ArticlePage, BlogIndexPage

PASSWORD = "editor-password-for-browser-tests"  # noqa: S105
MAX_SCREENS = 120
# GET links that download files or lead out of the admin session, and bulk-action links (scripts add the ids).
SKIP = re.compile(r"/admin/bulk/|/logout/|/login/|/password_reset/|export=|/download/|\.(csv|xlsx|json|png|pdf)$")

# Inline scripts Wagtail 8's own Python and templates write, by their first characters (CSP 'report-sample').
WAGTAIL_INLINE_SCRIPTS = {
    "chooser widgets (page, image, document, snippet): admin/widgets/chooser.py BaseChooser.render": re.compile(
        r"^new \w*Chooser\("
    ),
    "task chooser (workflow edit): admin/widgets/workflows.py": re.compile(r"^createTaskChooser\("),
    "date and time widgets: wagtailadmin/widgets/date_input.html, time_input.html, datetime_input.html": re.compile(
        r"^init(Date|DateTime|Time)Chooser\("
    ),
    "inline panels: wagtailadmin/panels/inline_panel.html, multiple_chooser_panel.html": re.compile(
        r"^\(function\(\) \{\s+var panel = ne"
    ),
}
# Inline event handlers Wagtail's bundled scripts set, by the script that sets them.
WAGTAIL_INLINE_HANDLERS = {
    "focal point cropper (image edit): wagtailimages/js/vendor/jquery.Jcrop.min.js": "/jquery.Jcrop.min.js",
}


def wagtail_source(violation):
    if violation["directive"] == "script-src-attr":
        handlers = WAGTAIL_INLINE_HANDLERS.items()
        return next((name for name, script in handlers if violation["source"].endswith(script)), None)
    sample = violation["sample"].strip()
    return next((name for name, pattern in WAGTAIL_INLINE_SCRIPTS.items() if pattern.match(sample)), None)


LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.reportCspViolation({
        disposition: event.disposition,
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        sample: event.sample,
        source: event.sourceFile,
        line: event.lineNumber,
        page: location.pathname,
    });
});
"""


@pytest.fixture(scope="session")
def editor(demo_site, django_db_blocker):
    with django_db_blocker.unblock():
        user = get_user_model().objects.filter(username="csp-editor").first()
        if user is None:
            get_user_model().objects.create_superuser("csp-editor", "csp-editor@example.com", PASSWORD)
        article = ArticlePage.objects.live().order_by("pk").first()
        blog_index = BlogIndexPage.objects.get()
    return {"username": "csp-editor", "article": article.pk, "blog_index": blog_index.pk}


def kind_of(path):
    """One screen stands for all of its kind: numbers and query values do not matter."""
    return re.sub(r"\d+", "N", path)


class Admin:
    def __init__(self, browser, base_url, username):
        self.base_url = base_url
        self.context = browser.new_context(viewport={"width": 1440, "height": 900})
        self.violations = []
        self.context.expose_binding("reportCspViolation", lambda source, event: self.violations.append(event))
        self.context.add_init_script(LISTENER)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.page.goto(base_url + "/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(base_url + "/admin/")

    def visit(self, path):
        try:
            response = self.page.goto(self.base_url + path, wait_until="networkidle")
        except PlaywrightError as error:
            if "Download is starting" in str(error):  # a file, not a screen
                return 200
            raise
        return response.status if response else None

    def admin_links(self):
        hrefs = self.page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))")
        paths = []
        for href in hrefs:
            parts = urlsplit(urljoin(self.page.url, href))
            if parts.netloc == urlsplit(self.base_url).netloc and parts.path.startswith("/admin/"):
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                if not SKIP.search(path):
                    paths.append(path)
        return paths


def go_through_every_screen(admin, editor):
    """Breadth first from the dashboard and the screens the menu opens; one of each kind."""
    article, blog_index = editor["article"], editor["blog_index"]
    start = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{blog_index}/",
        f"/admin/pages/{article}/edit/",
        f"/admin/pages/add/blog/articlepage/{blog_index}/",
        "/admin/pages/search/?q=agency",
        "/admin/snippets/",
        "/admin/images/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        "/admin/documents/multiple/add/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/sites/",
        "/admin/collections/",
        "/admin/redirects/",
        "/admin/workflows/list/",
        "/admin/workflows/tasks/index/",
        "/admin/reports/locked/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/page-types-usage/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/forms/",
        "/admin/blog/import/",
        "/admin/account/",
        "/admin/credentials/",
        "/admin/credentials/issue/",
        "/admin/credentials/import/",
        "/admin/credentials/log/changes/",
        "/admin/credentials/log/verifications/",
    ]
    queue, seen_kinds, statuses = list(start), set(), {}
    while queue and len(statuses) < MAX_SCREENS:
        path = queue.pop(0)
        if kind_of(path.split("?")[0]) in seen_kinds:
            continue
        seen_kinds.add(kind_of(path.split("?")[0]))
        statuses[path] = admin.visit(path)
        queue.extend(admin.admin_links())
    return statuses


def use_the_page_editor(admin, editor):
    """What only clicking reaches: blocks, rich text, an inline author, the preview."""
    page = admin.page
    admin.visit(f"/admin/pages/{editor['article']}/edit/")
    page.get_by_role("button", name="Add author").first.click()
    page.locator("button[title='Insert a block']").first.click()
    page.locator("[role='option']:not(option)").first.click()  # the block picker's, not a <select>'s
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type("Typed in the rich text editor")
    page.locator("button[data-side-panel-toggle='preview']").click()
    # Wagtail swaps in a fresh iframe on each refresh: for a moment there are two.
    page.frame_locator("iframe[title='Preview']").last.locator("body").wait_for()
    page.wait_for_load_state("networkidle")


def upload_an_image(admin, folder):
    sample = Path(folder) / "upload.png"
    PILImage.new("RGB", (400, 300), (30, 90, 160)).save(sample)
    admin.visit("/admin/images/multiple/add/")
    admin.page.set_input_files("input[type=file]", str(sample))
    admin.page.locator(".upload-success").first.wait_for()
    admin.page.wait_for_load_state("networkidle")


def test_every_admin_screen_works_under_the_policy(browser, base_url, editor, tmp_path):
    admin = Admin(browser, base_url, editor["username"])
    try:
        statuses = go_through_every_screen(admin, editor)
        use_the_page_editor(admin, editor)
        upload_an_image(admin, tmp_path)
    finally:
        admin.context.close()

    failing = "\n".join(f"{path}: HTTP {status}" for path, status in statuses.items() if status != 200)
    assert not failing, failing
    assert len(statuses) >= 40, sorted(statuses)

    enforced = [v for v in admin.violations if v["disposition"] == "enforce"]
    assert not enforced, "the admin's policy blocked:\n" + "\n".join(map(str, enforced))

    report = [v for v in admin.violations if v["disposition"] == "report"]
    scripts = [v for v in report if v["directive"].startswith("script-src")]
    unknown = [v for v in scripts if v["blocked"] == "inline" and wagtail_source(v) is None]
    assert not unknown, "inline scripts that are not Wagtail's known ones:\n" + "\n".join(map(str, unknown))
    assert not [v for v in scripts if v["blocked"] == "eval"], "the admin evaluates strings as code"
    other = [v for v in scripts if v["blocked"] not in ("inline", "eval")]
    assert not other, "scripts from elsewhere:\n" + "\n".join(map(str, other))

    needing_inline = defaultdict(set)
    for violation in scripts:
        needing_inline[kind_of(violation["page"])].add(wagtail_source(violation))
    print("\nScreens whose inline scripts need 'unsafe-inline':")
    for kind, keys in sorted(needing_inline.items()):
        print(f"  {kind}: {'; '.join(sorted(keys))}")
    styles = defaultdict(list)
    for violation in report:
        if violation["directive"].startswith("style-src"):
            styles[kind_of(violation["page"])].append(violation["directive"] + " " + violation["sample"][:40])
    print("Screens with inline styles:")
    for kind, samples in sorted(styles.items()):
        print(f"  {kind}: {len(samples)} ({'; '.join(sorted(set(samples))[:4])})")
    print(f"{len(statuses)} screens visited")
