"""The front matter: the YAML between the opening ``---`` lines, read key by key.

Only a known set of keys is accepted, each value is checked where it is read,
and every error names the file and the line of the key that caused it.
"""

import datetime
import re

import yaml
from django.utils.text import slugify

from blog.importer.problems import ImportFileError

ALLOWED_KEYS = {"title", "slug", "date", "author", "authors", "category", "tags", "summary", "provenance", "ai_use"}
REQUIRED_KEYS = {"title"}
# Front-matter spellings of each provenance (see blog.models.Provenance).
PROVENANCE_VALUES = {"human": "human", "ai-assisted": "ai_assisted", "ai-generated": "ai_generated"}
AI_USE_MAX = 500
DEFAULT_CATEGORY = "General"
TITLE_MAX = 255
HUMAN_DATE_FORMATS = ["%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d"]


def decode(filename, data):
    """The file's text: ``data`` is bytes (UTF-8, with or without a byte order mark) or already text."""
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
    """A YAML list or a comma-separated value, as a list of non-empty strings."""
    if isinstance(node, yaml.SequenceNode):
        values = []
        for item in node.value:
            values.append(scalar_text(filename, key, item, item.start_mark.line + 2))
        return [value for value in values if value]
    if isinstance(node, yaml.ScalarNode):
        text = scalar_text(filename, key, node, line)
        return [part.strip() for part in text.split(",") if part.strip()]
    raise ImportFileError(filename, line, f"'{key}' must be a list or a comma-separated value")


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


def parse_provenance(filename, given, line):
    """``human``, ``ai-assisted`` or ``ai-generated`` (underscores and case are forgiven)."""
    key = given.strip().lower().replace("_", "-").replace(" ", "-")
    if key in PROVENANCE_VALUES:
        return PROVENANCE_VALUES[key]
    allowed = ", ".join(PROVENANCE_VALUES)
    raise ImportFileError(filename, line, f"provenance '{given}' is not one of {allowed}")


def parse_front_matter(filename, front):
    """The front matter as a FrontMatter: valid YAML, only known keys, each once, a title."""
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
    return FrontMatter(filename, meta, lines)


class FrontMatter:
    """The values of the front matter, each read and checked when it is asked for.

    ``lines`` maps each key to the line it is on, for errors found later (by the
    content checks, for instance).
    """

    def __init__(self, filename, meta, lines):
        self.filename = filename
        self.meta = meta  # key -> YAML node
        self.lines = lines  # key -> line number in the file

    def text(self, key, default=""):
        if key not in self.meta:
            return default
        return scalar_text(self.filename, key, self.meta[key], self.lines[key])

    def title(self):
        title = " ".join(self.text("title").split())
        if len(title) > TITLE_MAX:
            raise ImportFileError(
                self.filename, self.lines["title"], f"the title is longer than {TITLE_MAX} characters"
            )
        return title

    def slug(self, title):
        """The given slug, which must already be one, or one made from the title."""
        if "slug" in self.meta:
            given = self.text("slug")
            slug = slugify(given)
            if not slug or slug != given:
                raise ImportFileError(
                    self.filename,
                    self.lines["slug"],
                    f"'{given}' is not a valid slug (lower-case letters, digits and hyphens)",
                )
            return slug
        slug = slugify(title)
        if not slug:
            raise ImportFileError(self.filename, self.lines["title"], "cannot make a slug from the title; add 'slug'")
        return slug

    def date(self):
        if "date" in self.meta and self.text("date"):
            return parse_date(self.filename, self.text("date"), self.lines["date"])
        return None

    def authors(self):
        """Names from ``author`` then ``authors``, possibly repeated; each cut to 120 characters."""
        authors = []
        if "author" in self.meta:
            # One name ("Jo Marsh, Head of Delivery" is one person); a YAML list for several.
            node = self.meta["author"]
            if isinstance(node, yaml.ScalarNode):
                authors.append(" ".join(self.text("author").split()))
            else:
                authors += text_list(self.filename, "author", node, self.lines["author"])
        if "authors" in self.meta:
            authors += text_list(self.filename, "authors", self.meta["authors"], self.lines["authors"])
        return [name[:120] for name in authors if name]

    def tags(self):
        tags = text_list(self.filename, "tags", self.meta["tags"], self.lines["tags"]) if "tags" in self.meta else []
        for tag in tags:
            if len(tag) > 100:
                raise ImportFileError(
                    self.filename, self.lines["tags"], f"the tag '{tag[:40]}…' is longer than 100 characters"
                )
        return tags

    def category(self):
        category = self.text("category") or DEFAULT_CATEGORY
        if len(category) > 80:
            raise ImportFileError(self.filename, self.lines["category"], "the category is longer than 80 characters")
        return category

    def provenance(self):
        """A blog.models.Provenance value, or "" when the front matter does not say."""
        if "provenance" in self.meta:
            return parse_provenance(self.filename, self.text("provenance"), self.lines.get("provenance", 1))
        return ""

    def ai_use(self):
        ai_use = " ".join(self.text("ai_use").split())
        if len(ai_use) > AI_USE_MAX:
            raise ImportFileError(
                self.filename, self.lines["ai_use"], f"ai_use is longer than {AI_USE_MAX} characters"
            )
        return ai_use

    def summary(self):
        return " ".join(self.text("summary").split())
