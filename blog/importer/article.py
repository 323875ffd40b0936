"""One Markdown file parsed into a ParsedArticle, with no database access.

A file is parsed completely before anything is written, so a file with an error
is reported (with its name and line) and never half imported.
"""

import datetime
from dataclasses import dataclass, field

from blog.importer.body import parse_body
from blog.importer.front_matter import decode, parse_front_matter, split_front_matter
from blog.importer.problems import Problem
from blog.importer.rich_text import inline_text

DEFAULT_AUTHOR = "Agency Script Editors"
SUMMARY_MAX = 300


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
    chunks: list  # body.Chunk
    provenance: str = "undeclared"
    ai_use: str = ""
    lines: dict = field(default_factory=dict)  # front matter key -> line number
    warnings: list = field(default_factory=list)  # problems.Problem


def parse_article(filename, data):
    """Parse one file (bytes or text) into a ParsedArticle, or raise ImportFileError."""
    text = decode(filename, data)
    front_text, body_lines, first_body_line = split_front_matter(filename, text)
    front_matter = parse_front_matter(filename, front_text)
    warnings = []
    title = front_matter.title()
    slug = front_matter.slug(title)
    date = front_matter.date()
    authors = front_matter.authors()
    tags = front_matter.tags()
    category = front_matter.category()
    provenance = front_matter.provenance()
    ai_use = front_matter.ai_use()
    chunks = parse_body(filename, body_lines, first_body_line, title, warnings)
    summary = front_matter.summary()
    if not summary:
        summary = shorten(first_paragraph_text(chunks))
        warnings.append(Problem(filename, 1, "no summary: the first paragraph is used"))
    elif len(summary) > SUMMARY_MAX:
        summary = shorten(summary)
        warnings.append(
            Problem(filename, front_matter.lines["summary"], f"the summary was shortened to {SUMMARY_MAX} characters")
        )
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
        lines=front_matter.lines,
        warnings=warnings,
    )


def first_paragraph_text(chunks):
    for chunk in chunks:
        if chunk.kind == "markdown":
            return inline_text(chunk.data.split("\n\n")[0])
    return ""


def shorten(text, limit=SUMMARY_MAX):
    """``text`` cut at a word to fit ``limit`` characters, ending in "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"
