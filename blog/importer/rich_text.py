"""Markdown to Wagtail rich text, and parsed chunks to the article's StreamField blocks.

Rich text holds paragraphs, lists, emphasis and links; whatever else Markdown
makes (tables, code, stray headings, footnote markers) is reduced to that.
Links go through the importer's LinkResolver (``resolver.rewrite``) before
conversion, so links to articles become page links.
"""

import html
import re
import uuid

import markdown
from bs4 import BeautifulSoup, Comment
from django.utils.html import strip_tags
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from agencyscript.blocks import RICH_TEXT_FEATURES
from blog.blocks import INLINE_FEATURES

FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")
RAW_UNSAFE_HTML_RE = re.compile(r"<(script|style|iframe|object)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
ADJACENT_LISTS_RE = re.compile(r"</(ol|ul)>\s*<\1>")
EMPTY_PARAGRAPH_RE = re.compile(r"<p[^>]*>\s*</p>")
ATTRIBUTION_RE = re.compile(r"^\s*(?:—|–|--)\s*(.+)$")
PAGE_HREF_RE = re.compile(r'<a href="wagtail-page:(\d+)"')
KEPT_TAGS = {"p", "ul", "ol", "li", "a", "strong", "b", "em", "i", "br"}
DROPPED_TAGS = ["script", "style", "iframe", "object", "embed", "img", "hr", "form", "input", "button", "svg"]


def inline_text(markdown_text):
    """Plain text of a line of inline Markdown (for headings, questions and summaries)."""
    rendered = markdown.markdown(markdown_text)
    return " ".join(html.unescape(strip_tags(rendered)).split())


def normalise_html(source):
    """Reduce Markdown's HTML to what rich text holds: paragraphs, lists, emphasis, links.

    Tables become one paragraph per row, code blocks and stray headings become
    paragraphs, footnote markers become "[1]", and anything else is unwrapped.
    """
    soup = BeautifulSoup(source, "html.parser")
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
