"""Import articles written in Markdown with YAML front matter.

Used by ``manage.py import_articles`` and by the admin upload view. Each file is
parsed completely before anything is written, and written inside its own
transaction, so a bad file is reported (with its name and line) and leaves
nothing behind, while the good files in the same run are still imported.

Mapping: ``##`` becomes a section heading, ``###`` a sub-heading; paragraphs and
lists become rich text; ``>`` quotes become quote blocks; a ``## Frequently Asked
Questions`` section whose ``###`` headings are the questions becomes the FAQ
block; a ``## Key Takeaways`` bullet list becomes the Key Takeaways block. Links
to ``/blog/<slug>/`` of articles that exist (or are imported in the same run)
become internal page links, which survive renames and moves.
"""

import datetime
import html
import logging
import re
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import markdown
import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from agencyscript.blocks import RICH_TEXT_FEATURES
from blog import checks, review
from blog.blocks import INLINE_FEATURES

logger = logging.getLogger(__name__)

ALLOWED_KEYS = {"title", "slug", "date", "author", "authors", "category", "tags", "summary", "provenance", "ai_use"}
# Front-matter spellings of each provenance (see blog.models.Provenance).
PROVENANCE_VALUES = {"human": "human", "ai-assisted": "ai_assisted", "ai-generated": "ai_generated"}
AI_USE_MAX = 500
REQUIRED_KEYS = {"title"}
FAQ_TITLES = {"frequently asked questions", "faq", "faqs"}
TAKEAWAY_TITLES = {"key takeaways", "takeaways"}
DEFAULT_CATEGORY = "General"
DEFAULT_AUTHOR = "Agency Script Editors"
SUMMARY_MAX = 300
TITLE_MAX = 255

HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
LIST_ITEM_RE = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+(.*)$")
FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")
QUOTE_RE = re.compile(r"^\s{0,3}>\s?(.*)$")
IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK_DEST_RE = re.compile(r"(\]\(\s*<?)([^)\s>]+)(>?(?:\s+\"[^\"]*\")?\s*\))")
ARTICLE_PATH_RE = r"^{prefix}([\w-]+)/?(?:#[\w-]*)?$"
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:", "/", "#")
RAW_UNSAFE_HTML_RE = re.compile(r"<(script|style|iframe|object)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
ADJACENT_LISTS_RE = re.compile(r"</(ol|ul)>\s*<\1>")
EMPTY_PARAGRAPH_RE = re.compile(r"<p[^>]*>\s*</p>")
ATTRIBUTION_RE = re.compile(r"^\s*(?:—|–|--)\s*(.+)$")


@dataclass
class Problem:
    filename: str
    line: int
    message: str

    def __str__(self):
        return f"{self.filename}:{self.line}: {self.message}"


class ImportFileError(Exception):
    def __init__(self, filename, line, message):
        super().__init__(message)
        self.problem = Problem(filename, line, message)


@dataclass
class Chunk:
    """One piece of the body before it becomes a block: (kind, data, line)."""

    kind: str
    data: object
    line: int


@dataclass
class ParsedArticle:
    filename: str
    title: str
    slug: str
    date: datetime.date | None
    authors: list
    category: str
    tags: list
    summary: str
    chunks: list
    provenance: str = "undeclared"
    ai_use: str = ""
    lines: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)


@dataclass
class ImportResult:
    filename: str
    page: object
    created: bool
    published: bool
    submitted: bool = False


@dataclass
class ImportReport:
    results: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


# Parsing (no database) -------------------------------------------------------


def decode(filename, data):
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(filename, line, "the file is not valid UTF-8 text") from error


def split_front_matter(filename, text):
    """(front matter text, body lines, line number of the first body line)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise ImportFileError(filename, 1, "no front matter: the file must start with a line of three dashes (---)")
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in {"---", "..."}:
            return "\n".join(lines[1 : number - 1]), lines[number:], number + 1
    raise ImportFileError(filename, 1, "the front matter is not closed with a line of three dashes (---)")


def scalar_text(filename, key, node, line):
    if not isinstance(node, yaml.ScalarNode):
        raise ImportFileError(filename, line, f"'{key}' must be a single value")
    if node.tag == "tag:yaml.org,2002:null":
        return ""
    return str(node.value).strip()


def text_list(filename, key, node, line):
    if isinstance(node, yaml.SequenceNode):
        values = []
        for item in node.value:
            values.append(scalar_text(filename, key, item, item.start_mark.line + 2))
        return [value for value in values if value]
    if isinstance(node, yaml.ScalarNode):
        text = scalar_text(filename, key, node, line)
        return [part.strip() for part in text.split(",") if part.strip()]
    raise ImportFileError(filename, line, f"'{key}' must be a list or a comma-separated value")


HUMAN_DATE_FORMATS = ["%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d"]


def parse_date(filename, value, line):
    """ISO dates and datetimes, or common written forms ("February 29, 2024")."""
    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.date.fromisoformat(text)
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for date_format in HUMAN_DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ImportFileError(filename, line, f"impossible date '{text}' (use YYYY-MM-DD)")


def parse_front_matter(filename, front):
    try:
        root = yaml.compose(front, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        raise ImportFileError(filename, line, f"the front matter is not valid YAML: {problem}") from error
    if root is None:
        raise ImportFileError(filename, 2, "the front matter is empty: a title is required")
    if not isinstance(root, yaml.MappingNode):
        raise ImportFileError(filename, 2, "the front matter must be 'key: value' lines")
    meta, lines = {}, {}
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 2
        key = str(key_node.value).strip()
        if key not in ALLOWED_KEYS:
            allowed = ", ".join(sorted(ALLOWED_KEYS))
            raise ImportFileError(filename, line, f"unknown key '{key}' in the front matter (allowed: {allowed})")
        if key in meta:
            raise ImportFileError(filename, line, f"'{key}' appears twice in the front matter")
        meta[key], lines[key] = value_node, line
    for key in REQUIRED_KEYS:
        if key not in meta or not scalar_text(filename, key, meta[key], lines[key]):
            raise ImportFileError(filename, lines.get(key, 1), f"'{key}' is required in the front matter")
    return meta, lines


def inline_text(markdown_text):
    """Plain text of a line of inline Markdown (for headings and questions)."""
    rendered = markdown.markdown(markdown_text)
    return " ".join(html.unescape(strip_tags(rendered)).split())


FOOTNOTE_DEF_RE = re.compile(r"^\[\^([^\]]+)\]:\s?(.*)$")
FOOTNOTE_REF_RE = re.compile(r"\[\^([^\]]+)\]")


def extract_footnotes(body_lines):
    """Take footnote definitions out of the body; number the references "[1]", "[2]"…

    Returns (lines, notes): the body without definitions (blank lines keep the
    line numbers right) and the notes' Markdown in order.
    """
    lines, notes, numbers = [], [], {}
    current = None
    for raw in body_lines:
        match = FOOTNOTE_DEF_RE.match(raw)
        if match:
            numbers.setdefault(match.group(1), len(numbers) + 1)
            current = [match.group(2).strip()]
            notes.append((match.group(1), current))
            lines.append("")
        elif current is not None and raw.startswith(("    ", "\t")) and raw.strip():
            current.append(raw.strip())
            lines.append("")
        else:
            current = None
            lines.append(raw)
    if not notes:
        return body_lines, []

    def number(match):
        return f"[{numbers[match.group(1)]}]" if match.group(1) in numbers else match.group(0)

    lines = [FOOTNOTE_REF_RE.sub(number, line) for line in lines]
    return lines, [" ".join(text) for _key, text in notes]


def parse_body(filename, body_lines, first_line, title, warnings):
    """Split the body into chunks: heading, subheading, markdown, quote, faq, takeaways."""
    body_lines, notes = extract_footnotes(body_lines)
    chunks = []
    buffer, buffer_line = [], None
    mode = None  # None, "faq" or "takeaways"
    section = None  # the current FAQ or takeaways chunk
    in_fence = False
    seen_content = False

    def flush():
        nonlocal buffer, buffer_line
        text = "\n".join(buffer).strip("\n")
        if text.strip():
            if mode == "faq" and section.data["items"]:
                section.data["items"][-1]["answer"].append(text)
            elif mode == "takeaways":
                add_takeaway_text(text, buffer_line)
            else:
                chunks.append(Chunk("markdown", text, buffer_line))
        buffer, buffer_line = [], None

    def add_takeaway_text(text, line):
        points = section.data["points"]
        for raw in text.splitlines():
            item = LIST_ITEM_RE.match(raw)
            if item:
                points.append([item.group(1).strip(), line])
            elif raw.strip() and points and raw.startswith((" ", "\t")):
                points[-1][0] += " " + raw.strip()
            elif raw.strip():
                if points:
                    points[-1][0] += " " + raw.strip()
                else:
                    section.data["intro"].append(raw.strip())

    def end_section():
        nonlocal mode, section
        flush()
        if mode == "faq" and not section.data["items"]:
            # No questions: keep it as an ordinary section.
            intro = "\n".join(section.data["intro"])
            section.kind, section.data = "heading", section.data["title"]
            if intro.strip():
                chunks.append(Chunk("markdown", intro, section.line + 1))
        elif mode == "takeaways" and not section.data["points"]:
            intro = "\n".join(section.data["intro"])
            section.kind, section.data = "heading", section.data["title"]
            if intro:
                chunks.append(Chunk("markdown", intro, section.line + 1))
        mode, section = None, None

    for offset, raw in enumerate(body_lines):
        number = first_line + offset
        if FENCE_RE.match(raw):
            in_fence = not in_fence
        if not in_fence:
            match = HEADING_RE.match(raw)
            if match:
                level, text = len(match.group(1)), inline_text(match.group(2))
                if not text:
                    raise ImportFileError(filename, number, "a heading has no text")
                if level == 1:
                    flush()
                    if not seen_content and text.strip().lower() == title.strip().lower():
                        continue  # the title repeated as a heading: the page shows it already
                    level = 2
                if level > 2 and not any(chunk.kind in {"heading", "faq", "takeaways"} for chunk in chunks):
                    level = 2  # no sub-heading before the first section: headings never skip a level
                if level == 2:
                    end_section()
                    seen_content = True
                    key = text.lower().rstrip(":")
                    if key in FAQ_TITLES:
                        mode = "faq"
                        section = Chunk("faq", {"title": text, "items": [], "intro": []}, number)
                        chunks.append(section)
                    elif key in TAKEAWAY_TITLES:
                        mode = "takeaways"
                        section = Chunk("takeaways", {"title": text, "points": [], "intro": []}, number)
                        chunks.append(section)
                    else:
                        chunks.append(Chunk("heading", text, number))
                    continue
                if mode == "faq" and level == 3:
                    flush()
                    section.data["items"].append({"question": text, "answer": [], "line": number})
                    continue
                if mode == "faq":
                    # A deeper heading inside an answer stays part of the answer, in bold.
                    if buffer_line is None:
                        buffer_line = number
                    buffer.extend(["", f"**{match.group(2).strip()}**", ""])
                    continue
                if mode == "takeaways":
                    end_section()
                flush()
                seen_content = True
                chunks.append(Chunk("subheading", text, number))
                continue
            quote = QUOTE_RE.match(raw)
            if quote and mode is None:
                flush()
                if chunks and chunks[-1].kind == "quote" and chunks[-1].data["open"]:
                    chunks[-1].data["lines"].append(quote.group(1))
                else:
                    chunks.append(Chunk("quote", {"lines": [quote.group(1)], "open": True}, number))
                seen_content = True
                continue
            if chunks and chunks[-1].kind == "quote":
                if raw.strip():
                    chunks[-1].data["open"] = False
                else:
                    chunks[-1].data["open"] = False
                    continue
        if IMAGE_RE.search(raw):
            warnings.append(Problem(filename, number, "images are not imported; add them in the admin"))
            raw = IMAGE_RE.sub("", raw)
        if raw.lstrip().startswith("|") and raw.rstrip().endswith("|"):
            warnings.append(Problem(filename, number, "tables are not supported; their text is kept as a paragraph"))
        if mode == "faq" and not section.data["items"] and raw.strip():
            section.data["intro"].append(raw)
            continue
        if raw.strip() and buffer_line is None:
            buffer_line = number
        if raw.strip():
            seen_content = True
        buffer.append(raw)
    end_section()
    flush()
    if notes:
        end = first_line + len(body_lines)
        chunks.append(Chunk("heading", "Notes", end))
        chunks.append(Chunk("markdown", "\n".join(f"{n}. {note}" for n, note in enumerate(notes, 1)), end))
    for chunk in chunks:
        if chunk.kind == "faq":
            for item in chunk.data["items"]:
                if not "\n".join(item["answer"]).strip():
                    raise ImportFileError(filename, item["line"], f"the question '{item['question']}' has no answer")
    if not chunks:
        raise ImportFileError(filename, first_line, "the article has no body text")
    return chunks


def first_paragraph_text(chunks):
    for chunk in chunks:
        if chunk.kind == "markdown":
            rendered = markdown.markdown(chunk.data.split("\n\n")[0])
            return " ".join(html.unescape(strip_tags(rendered)).split())
    return ""


def shorten(text, limit=SUMMARY_MAX):
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def parse_article(filename, data):
    """Parse one file into a ParsedArticle, or raise ImportFileError."""
    text = decode(filename, data)
    front, body_lines, first_body_line = split_front_matter(filename, text)
    meta, lines = parse_front_matter(filename, front)
    warnings = []

    def value(key, default=""):
        return scalar_text(filename, key, meta[key], lines[key]) if key in meta else default

    title = " ".join(value("title").split())
    if len(title) > TITLE_MAX:
        raise ImportFileError(filename, lines["title"], f"the title is longer than {TITLE_MAX} characters")
    if "slug" in meta:
        given = value("slug")
        slug = slugify(given)
        if not slug or slug != given:
            raise ImportFileError(
                filename, lines["slug"], f"'{given}' is not a valid slug (lower-case letters, digits and hyphens)"
            )
    else:
        slug = slugify(title)
        if not slug:
            raise ImportFileError(filename, lines["title"], "cannot make a slug from the title; add 'slug'")
    date = parse_date(filename, value("date"), lines["date"]) if "date" in meta and value("date") else None
    authors = []
    if "author" in meta:
        # One name ("Jo Marsh, Head of Delivery" is one person); a YAML list for several.
        node = meta["author"]
        if isinstance(node, yaml.ScalarNode):
            authors.append(" ".join(value("author").split()))
        else:
            authors += text_list(filename, "author", node, lines["author"])
    if "authors" in meta:
        authors += text_list(filename, "authors", meta["authors"], lines["authors"])
    authors = [name[:120] for name in authors if name]
    tags = text_list(filename, "tags", meta["tags"], lines["tags"]) if "tags" in meta else []
    for tag in tags:
        if len(tag) > 100:
            raise ImportFileError(filename, lines["tags"], f"the tag '{tag[:40]}…' is longer than 100 characters")
    category = value("category") or DEFAULT_CATEGORY
    if len(category) > 80:
        raise ImportFileError(filename, lines["category"], "the category is longer than 80 characters")
    provenance = ""
    if "provenance" in meta:
        provenance = parse_provenance(filename, value("provenance"), lines.get("provenance", 1))
    ai_use = " ".join(value("ai_use").split())
    if len(ai_use) > AI_USE_MAX:
        raise ImportFileError(filename, lines["ai_use"], f"ai_use is longer than {AI_USE_MAX} characters")
    chunks = parse_body(filename, body_lines, first_body_line, title, warnings)
    summary = " ".join(value("summary").split())
    if not summary:
        summary = shorten(first_paragraph_text(chunks))
        warnings.append(Problem(filename, 1, "no summary: the first paragraph is used"))
    elif len(summary) > SUMMARY_MAX:
        summary = shorten(summary)
        warnings.append(Problem(filename, lines["summary"], f"the summary was shortened to {SUMMARY_MAX} characters"))
    return ParsedArticle(
        filename=filename,
        title=title,
        slug=slug,
        date=date,
        authors=list(dict.fromkeys(authors)) or [DEFAULT_AUTHOR],
        category=category,
        tags=list(dict.fromkeys(tags)),
        summary=summary,
        chunks=chunks,
        provenance=provenance or "undeclared",
        ai_use=ai_use,
        lines=lines,
        warnings=warnings,
    )


def parse_provenance(filename, given, line):
    """``human``, ``ai-assisted`` or ``ai-generated`` (underscores and case are forgiven)."""
    key = given.strip().lower().replace("_", "-").replace(" ", "-")
    if key in PROVENANCE_VALUES:
        return PROVENANCE_VALUES[key]
    allowed = ", ".join(PROVENANCE_VALUES)
    raise ImportFileError(filename, line, f"provenance '{given}' is not one of {allowed}")


# Building blocks ---------------------------------------------------------------


class LinkResolver:
    """Maps /blog/<slug>/ links to page ids; remembers links it could not resolve yet."""

    def __init__(self, known, pending_slugs, blog_path="/blog/", own_hosts=()):
        self.article_path = re.compile(ARTICLE_PATH_RE.format(prefix=re.escape(blog_path)))
        self.own_hosts = {host.lower() for host in own_hosts}
        self.known = known  # slug -> page id
        self.pending_slugs = pending_slugs  # slugs later in this run
        self.unresolved = []  # (slug, line)
        self.waiting = False

    def match_article(self, destination):
        """A link to an article of this blog: relative, or absolute on one of our own hosts."""
        parts = urlsplit(destination)
        if parts.scheme in {"http", "https"}:
            if parts.netloc.lower() not in self.own_hosts:
                return None
            destination = parts.path + (f"#{parts.fragment}" if parts.fragment else "")
        elif parts.scheme or parts.netloc:
            return None
        return self.article_path.match(destination)

    def rewrite(self, text, line):
        def replace(match):
            destination = match.group(2)
            found = self.match_article(destination)
            if found:
                slug = found.group(1)
                if slug in self.known:
                    return f"{match.group(1)}wagtail-page:{self.known[slug]}{match.group(3)}"
                if slug in self.pending_slugs:
                    self.waiting = True
                else:
                    self.unresolved.append((destination, line + text.count("\n", 0, match.start())))
                return match.group(0)
            if not destination.lower().startswith(SAFE_SCHEMES):
                return f"{match.group(1)}#{match.group(3)}"
            return match.group(0)

        return LINK_DEST_RE.sub(replace, text)


PAGE_HREF_RE = re.compile(r'<a href="wagtail-page:(\d+)"')


KEPT_TAGS = {"p", "ul", "ol", "li", "a", "strong", "b", "em", "i", "br"}
DROPPED_TAGS = ["script", "style", "iframe", "object", "embed", "img", "hr", "form", "input", "button", "svg"]


def normalise_html(html):
    """Reduce Markdown's HTML to what rich text holds: paragraphs, lists, emphasis, links.

    Tables become one paragraph per row, code blocks and stray headings become
    paragraphs, footnote markers become "[1]", and anything else is unwrapped.
    """
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    for tag in soup.find_all(DROPPED_TAGS):
        tag.decompose()
    for tag in soup.select("a.footnote-backref"):
        tag.decompose()
    for sup in soup.find_all("sup"):
        sup.replace_with(f"[{sup.get_text(strip=True)}]")
    for table in soup.find_all("table"):
        rows = []
        for row in table.find_all("tr"):
            cells = [" ".join(cell.get_text(" ", strip=True).split()) for cell in row.find_all(["th", "td"])]
            paragraph = soup.new_tag("p")
            paragraph.string = " | ".join(cells)
            rows.append(paragraph)
        for paragraph in rows:
            table.insert_before(paragraph)
        table.decompose()
    for pre in soup.find_all("pre"):
        paragraph = soup.new_tag("p")
        for number, line in enumerate(pre.get_text().rstrip("\n").split("\n")):
            if number:
                paragraph.append(soup.new_tag("br"))
            paragraph.append(line)
        pre.replace_with(paragraph)
    for heading in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "dt"]):
        heading.name = "p"
        bold = soup.new_tag("b")
        bold.extend(list(heading.contents))
        heading.append(bold)
    for item in soup.find_all("li"):
        # Loose lists wrap items in paragraphs; rich text list items hold text directly.
        paragraphs = item.find_all("p", recursive=False)
        for number, paragraph in enumerate(paragraphs):
            if number:
                paragraph.insert_before(soup.new_tag("br"))
            paragraph.unwrap()
    for tag in soup.find_all(True):
        if tag.name not in KEPT_TAGS:
            tag.unwrap()
        else:
            keep = {"href"} if tag.name == "a" else set()
            if tag.name == "a" and tag.get("linktype") == "page":
                keep = {"linktype", "id"}
            tag.attrs = {key: value for key, value in tag.attrs.items() if key in keep}
    return str(soup)


LIST_LINE_RE = re.compile(r"^( *)([-*+]|\d+[.)])(\s+)(.*)$")


def normalise_list_indents(text):
    """Re-indent nested lists to four spaces a level, as Python-Markdown expects.

    Editors (and GitHub) nest lists with two or three spaces; Python-Markdown
    would otherwise run the nested items into their parent.
    """
    lines = text.split("\n")
    stack = []  # indents of the open list levels
    in_fence = False
    for index, line in enumerate(lines):
        if FENCE_RE.match(line):
            in_fence = not in_fence
        if in_fence:
            continue
        match = LIST_LINE_RE.match(line.replace("\t", "    "))
        if match:
            indent = len(match.group(1))
            while stack and indent < stack[-1]:
                stack.pop()
            if not stack or indent > stack[-1]:
                stack.append(indent)
            level = len(stack) - 1
            lines[index] = " " * (4 * level) + match.group(2) + " " + match.group(4)
        elif not line.strip():
            continue
        elif not line.startswith((" ", "\t")):
            stack = []
        elif stack:
            lines[index] = " " * (4 * len(stack)) + line.strip()
    return "\n".join(lines)


def markdown_to_rich_text(text, features):
    text = RAW_UNSAFE_HTML_RE.sub("", text)
    text = normalise_list_indents(text)
    rendered = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html", tab_length=4)
    rendered = PAGE_HREF_RE.sub(r'<a linktype="page" id="\1"', rendered)
    rendered = normalise_html(rendered)
    converter = ContentstateConverter(features)
    db_html = converter.to_database_format(converter.from_database_format(rendered))
    # The rich text exporter closes a list around a nested list of the other kind,
    # which would restart the numbering: join lists that are directly adjacent.
    db_html = ADJACENT_LISTS_RE.sub("", db_html)
    return EMPTY_PARAGRAPH_RE.sub("", db_html).strip()


def new_id():
    return str(uuid.uuid4())


def build_body(article, resolver):
    """StreamField raw data for a parsed article."""
    body = []
    for chunk in article.chunks:
        if chunk.kind in {"heading", "subheading"}:
            body.append({"type": chunk.kind, "value": chunk.data, "id": new_id()})
        elif chunk.kind == "markdown":
            rich = markdown_to_rich_text(resolver.rewrite(chunk.data, chunk.line), RICH_TEXT_FEATURES)
            if rich:
                body.append({"type": "paragraph", "value": rich, "id": new_id()})
        elif chunk.kind == "quote":
            lines = list(chunk.data["lines"])
            while lines and not lines[-1].strip():
                lines.pop()
            attribution = ""
            if len(lines) > 1:
                match = ATTRIBUTION_RE.match(lines[-1])
                if match:
                    attribution = inline_text(match.group(1))[:160]
                    lines.pop()
            rich = markdown_to_rich_text(resolver.rewrite("\n".join(lines), chunk.line), INLINE_FEATURES)
            if rich:
                body.append({"type": "quote", "value": {"quote": rich, "attribution": attribution}, "id": new_id()})
        elif chunk.kind == "faq":
            if chunk.data["intro"]:
                intro = markdown_to_rich_text(
                    resolver.rewrite("\n".join(chunk.data["intro"]), chunk.line), RICH_TEXT_FEATURES
                )
                if intro:
                    body.append({"type": "paragraph", "value": intro, "id": new_id()})
            items = []
            for item in chunk.data["items"]:
                answer = markdown_to_rich_text(
                    resolver.rewrite("\n\n".join(item["answer"]), item["line"]), RICH_TEXT_FEATURES
                )
                items.append(
                    {"type": "item", "value": {"question": item["question"][:250], "answer": answer}, "id": new_id()}
                )
            body.append({"type": "faq", "value": {"title": chunk.data["title"], "items": items}, "id": new_id()})
        elif chunk.kind == "takeaways":
            if chunk.data["intro"]:
                intro = markdown_to_rich_text(
                    resolver.rewrite("\n".join(chunk.data["intro"]), chunk.line), RICH_TEXT_FEATURES
                )
                if intro:
                    body.append({"type": "paragraph", "value": intro, "id": new_id()})
            points = [
                {"type": "item", "value": markdown_to_rich_text(resolver.rewrite(text, line), INLINE_FEATURES)}
                for text, line in chunk.data["points"]
            ]
            for point in points:
                point["id"] = new_id()
            body.append(
                {"type": "key_takeaways", "value": {"title": chunk.data["title"], "points": points}, "id": new_id()}
            )
    return body


# Writing -------------------------------------------------------------------------


def get_category(name):
    from blog.models import Category

    slug = slugify(name) or "general"
    category = Category.objects.filter(slug=slug).first() or Category.objects.filter(name__iexact=name).first()
    if category is None:
        category = Category.objects.create(name=name, slug=slug)
    return category


def get_author(name):
    from blog.models import Author

    slug = slugify(name)[:120] or "author"
    author = Author.objects.filter(slug=slug).first() or Author.objects.filter(name__iexact=name).first()
    if author is None:
        author = Author.objects.create(name=name, slug=slug)
    return author


def save_article(article, index, resolver, publish, user=None):
    """Save one article as a new revision, then publish it or submit it for review.

    Returns (page, created, problems): ``problems`` are the content checks that
    stopped it from being published; the revision is kept as a draft either way.
    """
    from blog.models import ArticlePage, ArticlePageAuthor

    existing = index.get_children().filter(slug=article.slug).first()
    created = existing is None
    if existing is not None:
        page = existing.specific
        if not isinstance(page, ArticlePage):
            raise ImportFileError(
                article.filename, 1, f"'/{article.slug}/' is already used by a page that is not an article"
            )
    else:
        page = ArticlePage(slug=article.slug, live=False)
    page.title = article.title
    page.summary = article.summary
    page.category = get_category(article.category)
    page.provenance = article.provenance
    page.ai_use = article.ai_use
    if article.date:
        page.display_date = article.date
    page.body = build_body(article, resolver)
    page.article_authors = [
        ArticlePageAuthor(author=get_author(name), sort_order=order) for order, name in enumerate(article.authors)
    ]
    page.tags.clear()
    if article.tags:
        page.tags.add(*article.tags)
    if created:
        index.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    problems = []
    if publish:
        problems = checks.blocking(checks.check(revision))
        if not problems:
            revision.publish(user=user)
            review.log_direct_publish(page, user)
    return page, created, [Problem(article.filename, article.lines.get(p.field, 1), p.message) for p in problems]


def submit_for_review(page, user=None):
    """Start the review workflow that applies to the page; False when none applies."""
    workflow = page.get_workflow()
    if workflow is None or page.workflow_in_progress:
        return False
    workflow.start(page, user)
    return True


def import_files(files, publish=False, user=None):
    """Import ``files``: a list of (name, bytes or str). Returns an ImportReport."""
    from blog.models import ArticlePage, BlogIndexPage

    report = ImportReport()
    index = BlogIndexPage.objects.first()
    parsed = []
    for filename, data in files:
        try:
            article = parse_article(filename, data)
        except ImportFileError as error:
            report.errors.append(error.problem)
            continue
        parsed.append(article)
    if index is None:
        report.errors += [
            Problem(article.filename, 1, "there is no blog index page to import into") for article in parsed
        ]
        return report
    seen = {}
    for article in list(parsed):
        if article.slug in seen:
            report.errors.append(
                Problem(article.filename, 1, f"the slug '{article.slug}' is also used by {seen[article.slug]}")
            )
            parsed.remove(article)
        else:
            seen[article.slug] = article.filename

    known = dict(ArticlePage.objects.child_of(index).values_list("slug", "pk"))
    blog_path, own_hosts = link_context(index)
    pending = {article.slug for article in parsed if article.slug not in known}
    to_relink = []
    for article in parsed:
        resolver = LinkResolver(known, pending - {article.slug}, blog_path, own_hosts)
        try:
            with transaction.atomic():
                page, created, problems = save_article(article, index, resolver, publish, user)
        except ImportFileError as error:
            report.errors.append(error.problem)
            continue
        except ValidationError as error:
            messages = "; ".join(error.messages)
            report.errors.append(Problem(article.filename, 1, f"the article is not valid: {messages}"))
            continue
        except Exception as error:  # noqa: BLE001 - one broken file must not stop the others
            logger.exception("Importing %s failed", article.filename)
            report.errors.append(Problem(article.filename, 1, f"could not be imported ({error})"))
            continue
        known[article.slug] = page.pk
        pending.discard(article.slug)
        report.warnings += article.warnings
        report.errors += problems
        report.results.append(ImportResult(article.filename, page, created, publish and not problems))
        if resolver.waiting:
            to_relink.append((article, page, publish and not problems))
        else:
            report_unresolved(report, article, resolver)

    # Links to articles imported later in the run: resolve them now as a new revision.
    for article, page, published in to_relink:
        resolver = LinkResolver(known, set(), blog_path, own_hosts)
        with transaction.atomic():
            page.body = build_body(article, resolver)
            revision = page.save_revision(user=user)
            if published and not checks.blocking(checks.check(revision)):
                revision.publish(user=user)
        report_unresolved(report, article, resolver)
    # Imported without publishing: the articles go to review, as an editor's would.
    if not publish:
        for result in report.results:
            result.submitted = submit_for_review(result.page, user)
    return report


def link_context(index):
    """The blog's path and the host names whose links count as links to this site."""
    from django.conf import settings
    from wagtail.models import Site

    hosts = set()
    for site in Site.objects.all():
        hosts.add(site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}")
        hosts.add(site.hostname)
    for name in ("SITE_URL", "WAGTAILADMIN_BASE_URL"):
        netloc = urlsplit(getattr(settings, name, "") or "").netloc
        if netloc:
            hosts.add(netloc)
    url = index.get_url() or "/blog/"
    path = urlsplit(url).path or "/blog/"
    return path, hosts


def report_unresolved(report, article, resolver):
    for destination, line in resolver.unresolved:
        report.warnings.append(
            Problem(article.filename, line, f"the link to {destination} points to no article; it was kept as a URL")
        )
