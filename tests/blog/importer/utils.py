"""Sample articles and a helper shared by the importer's tests."""

from django.test import TestCase
from wagtail.models import Page

from blog.importer import import_files
from blog.models import ArticlePage, Author
from tests.blog.utils import build_site

CASE_STUDY = """---
title: "The Release That Nearly Shipped"
slug: release-nearly-shipped
date: 2024-02-29
author: Jo Marsh
category: Delivery
tags: [near-miss, prompt-changes]
summary: A near miss, told in full.
provenance: human
---

# The Release That Nearly Shipped

Opening paragraph with **bold**, *italic* and [a web link](https://example.com/).

## Situation

- first point
- second point with a [link to the sibling](/blog/sibling-article/)

### The team

1. one
2. two

> Nobody asked the obvious question.
> — A delivery lead

Closing paragraph linking to [a missing article](/blog/no-such-article/).

## Frequently Asked Questions

### Was it the model?

No. It was the **process**.

### Who stopped it?

The developer.

## Key Takeaways

- Review prompt edits.
- Let anyone *stop* a release.
"""


SIBLING = """---
title: Sibling Article
slug: sibling-article
summary: Links back.
provenance: human
tags: near-miss, governance
---

Back to [the case study](/blog/release-nearly-shipped/) and [again](http://testserver/blog/release-nearly-shipped/#faq).
Elsewhere: [someone else's blog](https://example.org/blog/release-nearly-shipped/).
"""


def md(text):
    return text.encode("utf-8")


class AssertImportFailsMixin:
    """For TestCases with a blog (``build_site``): a file fails with one error and writes nothing."""

    def assertImportFails(self, data, expected, filename="bad.md"):
        pages_before = Page.objects.count()
        authors_before = Author.objects.count()
        report = import_files([(filename, data)], publish=True)
        self.assertEqual([str(problem) for problem in report.errors], [expected])
        self.assertEqual(Page.objects.count(), pages_before)
        self.assertEqual(Author.objects.count(), authors_before)


class ImportedSamplesTestCase(TestCase):
    """The case study and its sibling, imported and published in one run."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()
        cls.report = import_files([("case.md", md(CASE_STUDY)), ("sibling.md", md(SIBLING))], publish=True)
        cls.page = ArticlePage.objects.get(slug="release-nearly-shipped")
        cls.sibling = ArticlePage.objects.get(slug="sibling-article")
