"""Import articles written in Markdown with YAML front matter.

Used by ``manage.py import_articles``, the admin's Import articles view and the
demo content. Each file is parsed completely before anything is written, and
written inside its own transaction, so a bad file is reported (with its name and
line) and leaves nothing behind, while the good files in the same run are still
imported.

Mapping: ``##`` becomes a section heading, ``###`` a sub-heading; paragraphs and
lists become rich text; ``>`` quotes become quote blocks; a ``## Frequently Asked
Questions`` section whose ``###`` headings are the questions becomes the FAQ
block; a ``## Key Takeaways`` bullet list becomes the Key Takeaways block. Links
to ``/blog/<slug>/`` of articles that exist (or are imported in the same run)
become internal page links, which survive renames and moves.

One module per step, each importing only those before it:

- ``problems``: errors and warnings named by file and line
- ``front_matter``: the YAML front matter, key by key (dates, provenance, slugs)
- ``rich_text``: Markdown to Wagtail rich text, and chunks to StreamField blocks
- ``body``: the body's lines to chunks (sections, quotes, FAQ, takeaways, footnotes)
- ``article``: one file to a ParsedArticle, without the database
- ``links``: ``/blog/<slug>/`` links to page links
- ``writing``: pages, revisions, categories and authors; publishing or review
"""

from blog.importer.article import ParsedArticle, parse_article
from blog.importer.problems import ImportFileError, Problem
from blog.importer.writing import ImportReport, ImportResult, import_files

__all__ = [
    "ImportFileError",
    "ImportReport",
    "ImportResult",
    "ParsedArticle",
    "Problem",
    "import_files",
    "parse_article",
]
