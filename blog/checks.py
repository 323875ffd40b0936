"""Content checks: what an article must satisfy before it is submitted or goes live.

``check(revision)`` checks the revision that would be published, never the page
row, so what was checked is what readers get. Each problem has a code, the
field it concerns, a message an editor can act on, and a severity: ``block``
stops submission and publication on every path (the editor's buttons, the
review workflow, scheduled publishing, bulk actions, imports, the shell);
``warn`` is shown and does not stop anything. Drafts save whatever their state.
"""

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.blocks.base import get_error_json_data
from wagtail.models import Page

from blog import content, duplicates, link_check
from blog.models import Provenance

BLOCK = "block"
WARN = "warn"
NEAR_DUPLICATE_BLOCKS = 0.8
NEAR_DUPLICATE_WARNS = 0.5
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
HTML_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
# Host names that only mean something on the author's own network.
LOCAL_NAMES = ("localhost", ".localhost", ".local", ".internal", ".lan", ".home.arpa")


@dataclass(frozen=True)
class Problem:
    code: str
    field: str
    message: str
    severity: str = BLOCK

    @property
    def blocks(self):
        return self.severity == BLOCK


class ChecksFailed(ValidationError):
    """Raised when something tries to publish an article that fails a blocking check."""

    def __init__(self, problems):
        self.problems = [problem for problem in problems if problem.blocks]
        super().__init__([problem.message for problem in self.problems])


def blocking(problems):
    return [problem for problem in problems if problem.blocks]


def check(revision):
    """Problems with the article as this revision holds it."""
    return check_article(revision.as_object())


def check_article(page):
    """Problems with an in-memory article (a revision's content or an unsaved form's)."""
    problems = []
    problems += _authorship(page)
    problems += _body(page)
    problems += _links(page)
    if page.hero_image_id and not (page.hero_image_alt or "").strip():
        problems.append(Problem("hero-alt", "hero_image_alt", "Describe the hero image for people who cannot see it."))
    problems += _duplicates(page)
    return problems


def _authorship(page):
    problems = []
    if not [link for link in page.article_authors.all() if link.author_id]:
        problems.append(Problem("no-author", "article_authors", "Add at least one author."))
    note = (page.ai_use or "").strip()
    if page.provenance == Provenance.UNDECLARED or page.provenance not in Provenance.values:
        problems.append(
            Problem("provenance-undeclared", "provenance", "Say how this article was made: human-written or with AI.")
        )
    elif page.provenance != Provenance.HUMAN and not note:
        problems.append(Problem("ai-use-missing", "ai_use", "Say briefly how AI was used and what people checked."))
    if HTML_TAG_RE.search(note):
        problems.append(Problem("ai-use-html", "ai_use", "Write the note on AI use as plain text, without HTML."))
    return problems


def _messages(data):
    """Every message in a block validation error's JSON form, depth first."""
    if isinstance(data, dict):
        found = list(data.get("messages", []))
        for key, value in data.items():
            if key != "messages":
                found += _messages(value)
        return found
    if isinstance(data, list):
        return [message for item in data for message in _messages(item)]
    return []


# Blocks that frame the text rather than say anything: an article of only these has no text.
FRAMING_BLOCKS = {"heading", "subheading"}


def _prose_words(body):
    """Words of the body outside headings and the FAQ's and takeaways' titles."""
    words = 0
    for child in body or []:
        if child.block_type in FRAMING_BLOCKS:
            continue
        value = child.value
        title = value.get("title", "") if hasattr(value, "get") else ""
        text = " ".join(str(piece) for piece in child.block.get_searchable_content(value))
        words += content.count_words(text) - content.count_words(title)
    return words


def _body(page):
    body = page.body
    if _prose_words(body) <= 0:
        return [Problem("empty-body", "body", "The article has no text yet, only headings.")]
    try:
        body.stream_block.clean(body)
    except ValidationError as error:
        messages = list(dict.fromkeys(_messages(get_error_json_data(error)))) or ["Some blocks are incomplete."]
        return [Problem("invalid-block", "body", message) for message in messages]
    return []


def _links(page):
    problems = []
    page_ids, urls = content.links(page.body)
    if page_ids:
        rows = Page.objects.filter(pk__in=page_ids).values_list("pk", "title", "live", "expired")
        found = {row[0]: row for row in rows}
        now = timezone.now()
        expiring = dict(Page.objects.filter(pk__in=page_ids, expire_at__lte=now).values_list("pk", "title"))
        for page_id in sorted(page_ids):
            row = found.get(page_id)
            if row is None:
                problems.append(Problem("link-deleted", "body", "A link points to a page that has been deleted."))
            elif row[3] or page_id in expiring:
                problems.append(Problem("link-expired", "body", f"A link points to “{row[1]}”, which has expired."))
            elif not row[2]:
                problems.append(
                    Problem("link-unpublished", "body", f"A link points to “{row[1]}”, which is not published.")
                )
    for url in urls:
        scheme = urlsplit(url).scheme.lower() if ":" in url.split("/", 1)[0] else ""
        if scheme and scheme not in SAFE_SCHEMES:
            problems.append(
                Problem("unsafe-link", "body", f"A link uses “{scheme}:”, which a browser may run as code.")
            )
        elif scheme in ("http", "https"):
            problems += _host_problems(url)
    return problems


def _host_problems(url):
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return [Problem("bad-link", "body", f"A link is not a valid web address: {url[:80]}")]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if (address is not None and not link_check.public_address(address)) or host.endswith(LOCAL_NAMES):
        return [
            Problem(
                "private-link", "body", f"A link points to {host}, a private or local address readers cannot reach."
            )
        ]
    if any(label.startswith("xn--") for label in host.split(".")):
        try:
            shown = host.encode("ascii").decode("idna")
        except UnicodeError:
            shown = host
        message = f"A link goes to {host} (shown by browsers as {shown}): make sure it is the site you mean."
        return [Problem("punycode-link", "body", message, WARN)]
    return []


def _duplicates(page):
    """One problem per similar live article, most similar first; the same title is said once."""
    problems = []
    for match in duplicates.find(page):
        if match.same_title and not any(problem.code == "duplicate-title" for problem in problems):
            problems.append(
                Problem("duplicate-title", "title", f"The live article “{match.title}” has the same title.")
            )
        if match.same_body:
            problems.append(Problem("duplicate-body", "body", f"The live article “{match.title}” has the same text."))
        elif match.similarity >= NEAR_DUPLICATE_BLOCKS:
            problems.append(
                Problem(
                    "near-duplicate",
                    "body",
                    f"The text is about {match.similarity:.0%} the same as the live article “{match.title}”.",
                )
            )
        elif match.similarity >= NEAR_DUPLICATE_WARNS:
            problems.append(
                Problem(
                    "similar",
                    "body",
                    f"The text is about {match.similarity:.0%} the same as the live article “{match.title}”.",
                    WARN,
                )
            )
    return problems
