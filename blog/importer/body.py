"""The body: Markdown lines split into chunks that become the article's blocks.

``##`` starts a section (``heading``) and ``###`` a sub-heading; ``>`` lines make
a quote; a ``## Frequently Asked Questions`` section whose ``###`` headings are
the questions becomes an ``faq`` chunk, and a ``## Key Takeaways`` bullet list a
``takeaways`` chunk; everything else is ``markdown`` text for rich text.
Footnotes are numbered and collected under a closing "Notes" section.
"""

import re
from dataclasses import dataclass

from blog.importer.problems import ImportFileError, Problem
from blog.importer.rich_text import FENCE_RE, inline_text

FAQ_TITLES = {"frequently asked questions", "faq", "faqs"}
TAKEAWAY_TITLES = {"key takeaways", "takeaways"}
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
LIST_ITEM_RE = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+(.*)$")
QUOTE_RE = re.compile(r"^\s{0,3}>\s?(.*)$")
IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
FOOTNOTE_DEF_RE = re.compile(r"^\[\^([^\]]+)\]:\s?(.*)$")
FOOTNOTE_REF_RE = re.compile(r"\[\^([^\]]+)\]")


@dataclass
class Chunk:
    """One piece of the body before it becomes a block: (kind, data, line)."""

    kind: str
    data: object
    line: int


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
    """Split the body into chunks: heading, subheading, markdown, quote, faq, takeaways.

    ``first_line`` is the file's line number of ``body_lines[0]``; what is dropped
    (images, tables) is reported in ``warnings``.
    """
    return BodyParser(filename, title, warnings).parse(body_lines, first_line)


class BodyParser:
    """Reads the body a line at a time, collecting text until a heading or quote ends it."""

    def __init__(self, filename, title, warnings):
        self.filename = filename
        self.title = title
        self.warnings = warnings
        self.chunks = []
        self.buffer, self.buffer_line = [], None  # text lines waiting to become a chunk, and where they start
        self.mode = None  # None, "faq" or "takeaways"
        self.section = None  # the current FAQ or takeaways chunk
        self.in_fence = False
        self.seen_content = False

    def parse(self, body_lines, first_line):
        body_lines, notes = extract_footnotes(body_lines)
        for offset, raw in enumerate(body_lines):
            self.read_line(raw, first_line + offset)
        self.end_section()
        self.flush()
        if notes:
            end = first_line + len(body_lines)
            self.chunks.append(Chunk("heading", "Notes", end))
            self.chunks.append(Chunk("markdown", "\n".join(f"{n}. {note}" for n, note in enumerate(notes, 1)), end))
        for chunk in self.chunks:
            if chunk.kind == "faq":
                for item in chunk.data["items"]:
                    if not "\n".join(item["answer"]).strip():
                        raise ImportFileError(
                            self.filename, item["line"], f"the question '{item['question']}' has no answer"
                        )
        if not self.chunks:
            raise ImportFileError(self.filename, first_line, "the article has no body text")
        return self.chunks

    def read_line(self, raw, number):
        if FENCE_RE.match(raw):
            self.in_fence = not self.in_fence
        if not self.in_fence:
            match = HEADING_RE.match(raw)
            if match:
                self.heading(match, number)
                return
            quote = QUOTE_RE.match(raw)
            if quote and self.mode is None:
                self.quote_line(quote.group(1), number)
                return
            if self.chunks and self.chunks[-1].kind == "quote":
                self.chunks[-1].data["open"] = False
                if not raw.strip():
                    return
        self.text_line(raw, number)

    def heading(self, match, number):
        level, text = len(match.group(1)), inline_text(match.group(2))
        if not text:
            raise ImportFileError(self.filename, number, "a heading has no text")
        if level == 1:
            self.flush()
            if not self.seen_content and text.strip().lower() == self.title.strip().lower():
                return  # the title repeated as a heading: the page shows it already
            level = 2
        if level > 2 and not any(chunk.kind in {"heading", "faq", "takeaways"} for chunk in self.chunks):
            level = 2  # no sub-heading before the first section: headings never skip a level
        if level == 2:
            self.start_section(text, number)
        elif self.mode == "faq" and level == 3:
            self.flush()
            self.section.data["items"].append({"question": text, "answer": [], "line": number})
        elif self.mode == "faq":
            # A deeper heading inside an answer stays part of the answer, in bold.
            if self.buffer_line is None:
                self.buffer_line = number
            self.buffer.extend(["", f"**{match.group(2).strip()}**", ""])
        else:
            if self.mode == "takeaways":
                self.end_section()
            self.flush()
            self.seen_content = True
            self.chunks.append(Chunk("subheading", text, number))

    def start_section(self, text, number):
        self.end_section()
        self.seen_content = True
        key = text.lower().rstrip(":")
        if key in FAQ_TITLES:
            self.mode = "faq"
            self.section = Chunk("faq", {"title": text, "items": [], "intro": []}, number)
            self.chunks.append(self.section)
        elif key in TAKEAWAY_TITLES:
            self.mode = "takeaways"
            self.section = Chunk("takeaways", {"title": text, "points": [], "intro": []}, number)
            self.chunks.append(self.section)
        else:
            self.chunks.append(Chunk("heading", text, number))

    def quote_line(self, text, number):
        self.flush()
        if self.chunks and self.chunks[-1].kind == "quote" and self.chunks[-1].data["open"]:
            self.chunks[-1].data["lines"].append(text)
        else:
            self.chunks.append(Chunk("quote", {"lines": [text], "open": True}, number))
        self.seen_content = True

    def text_line(self, raw, number):
        if IMAGE_RE.search(raw):
            self.warnings.append(Problem(self.filename, number, "images are not imported; add them in the admin"))
            raw = IMAGE_RE.sub("", raw)
        if raw.lstrip().startswith("|") and raw.rstrip().endswith("|"):
            self.warnings.append(
                Problem(self.filename, number, "tables are not supported; their text is kept as a paragraph")
            )
        if self.mode == "faq" and not self.section.data["items"] and raw.strip():
            self.section.data["intro"].append(raw)
            return
        if raw.strip() and self.buffer_line is None:
            self.buffer_line = number
        if raw.strip():
            self.seen_content = True
        self.buffer.append(raw)

    def flush(self):
        """The collected text becomes a chunk, an FAQ answer or takeaway points."""
        text = "\n".join(self.buffer).strip("\n")
        if text.strip():
            if self.mode == "faq" and self.section.data["items"]:
                self.section.data["items"][-1]["answer"].append(text)
            elif self.mode == "takeaways":
                self.add_takeaway_text(text, self.buffer_line)
            else:
                self.chunks.append(Chunk("markdown", text, self.buffer_line))
        self.buffer, self.buffer_line = [], None

    def add_takeaway_text(self, text, line):
        points = self.section.data["points"]
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
                    self.section.data["intro"].append(raw.strip())

    def end_section(self):
        """Close an FAQ or takeaways section; one without questions or points is an ordinary section."""
        self.flush()
        section = self.section
        if self.mode == "faq" and not section.data["items"]:
            intro = "\n".join(section.data["intro"])
            section.kind, section.data = "heading", section.data["title"]
            if intro.strip():
                self.chunks.append(Chunk("markdown", intro, section.line + 1))
        elif self.mode == "takeaways" and not section.data["points"]:
            intro = "\n".join(section.data["intro"])
            section.kind, section.data = "heading", section.data["title"]
            if intro:
                self.chunks.append(Chunk("markdown", intro, section.line + 1))
        self.mode, self.section = None, None
