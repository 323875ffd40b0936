"""Values derived from an article's body: word count, read time, table of contents.

Plain functions over a StreamField value, so they are easy to test and work the
same on a saved page, a preview and an import. Anchors match the ones the block
templates render: ``h-<block id>`` for headings, ``faq-<block id>`` and
``q-<item id>`` for the FAQ, ``kt-<block id>`` for key takeaways.
"""

import html
import math
import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags

WORDS_PER_MINUTE = 200
TOC_MIN_ENTRIES = 3
WORD_RE = re.compile(r"[^\W_]+(?:['’\-.][^\W_]+)*")


def count_words(text):
    return len(WORD_RE.findall(strip_tags(text or "")))


def body_text(body):
    """All the words a reader sees in the body, as one string."""
    if not body:
        return ""
    parts = []
    for child in body:
        parts.extend(str(piece) for piece in child.block.get_searchable_content(child.value))
    return " ".join(parts)


def word_count(title, body):
    return count_words(title) + count_words(body_text(body))


def read_time_minutes(words):
    """Minutes at 200 words a minute, rounded half up, at least one."""
    return max(1, math.floor(words / WORDS_PER_MINUTE + 0.5))


@dataclass
class TocEntry:
    title: str
    anchor: str
    level: int
    children: list = field(default_factory=list)


def toc_entries(body):
    """Every entry of the table of contents, flat and in page order."""
    entries = []
    for child in body or []:
        kind = child.block_type
        if kind == "heading":
            entries.append(TocEntry(str(child.value), f"h-{child.id}", 2))
        elif kind == "subheading":
            entries.append(TocEntry(str(child.value), f"h-{child.id}", 3))
        elif kind == "faq":
            entries.append(TocEntry(child.value["title"], f"faq-{child.id}", 2))
            for item in child.value["items"].bound_blocks:
                entries.append(TocEntry(item.value["question"], f"q-{item.id}", 3))
        elif kind == "key_takeaways":
            entries.append(TocEntry(child.value["title"], f"kt-{child.id}", 2))
    return entries


def table_of_contents(body):
    """Entries nested one level (H3 under the H2 before it); empty under three entries."""
    entries = toc_entries(body)
    if len(entries) < TOC_MIN_ENTRIES:
        return []
    tree = []
    for entry in entries:
        entry.children = []
        if entry.level == 3 and tree:
            tree[-1].children.append(entry)
        else:
            tree.append(entry)
    return tree


def faq_items(body):
    """(question, answer HTML as stored) pairs of every FAQ block, in page order.

    Internal links stay in the database form; callers that need plain text
    (structured data) strip the tags, so no linked page is loaded.
    """
    items = []
    for child in body or []:
        if child.block_type == "faq":
            for item in child.value["items"]:
                items.append((item["question"], item["answer"].source))
    return items


ANCHOR_RE = re.compile(r"<a\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE_RE = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"')


def _strings_and_link_blocks(data):
    """Every string in a StreamField's raw data, and every link block's value."""
    if isinstance(data, str):
        yield data, None
    elif isinstance(data, dict):
        if "label" in data and ("page" in data or "url" in data):
            yield None, data
        for value in data.values():
            yield from _strings_and_link_blocks(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings_and_link_blocks(value)


def links(body):
    """(ids of linked pages, linked addresses) in the body, rich text and link blocks alike."""
    page_ids, urls = set(), []
    raw = list(body.raw_data) if body is not None else []
    for text, link in _strings_and_link_blocks(raw):
        if link is not None:
            if link.get("page"):
                page_ids.add(int(link["page"]))
            if link.get("url"):
                urls.append(link["url"].strip())
            continue
        for attributes in ANCHOR_RE.findall(text):
            values = dict(ATTRIBUTE_RE.findall(attributes))
            if values.get("linktype") == "page" and values.get("id", "").isdigit():
                page_ids.add(int(values["id"]))
            elif "href" in values:
                urls.append(html.unescape(values["href"]).strip())
    return page_ids, urls
