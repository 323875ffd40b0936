"""Writing imported articles: pages, revisions, categories, authors, publishing or review.

Each article is written inside its own transaction, so a file that fails leaves
nothing behind while the good files of the same run are still imported. Every
save is a new revision; publishing runs the content checks (``blog.checks``)
first, and articles imported without publishing are submitted for review.
"""

import contextlib
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from blog import checks, review
from blog.importer.article import parse_article
from blog.importer.links import LinkResolver, link_context
from blog.importer.problems import ImportFileError, Problem
from blog.importer.rich_text import build_body
from blog.models import ArticlePage, ArticlePageAuthor, Author, BlogIndexPage, Category

logger = logging.getLogger(__name__)


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


def find_or_create_snippet(model, name, slug):
    """The category or author with ``slug``, else the one called ``name`` (in any case); created if neither."""
    found = model.objects.filter(slug=slug).first() or model.objects.filter(name__iexact=name).first()
    if found is None:
        found = model.objects.create(name=name, slug=slug)
    return found


def save_article(article, index, resolver, publish, user=None):
    """Save one article as a new revision, then publish it or submit it for review.

    Returns (page, created, problems): ``problems`` are the content checks that
    stopped it from being published; the revision is kept as a draft either way.
    """
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
    page.category = find_or_create_snippet(Category, article.category, slugify(article.category) or "general")
    page.provenance = article.provenance
    page.ai_use = article.ai_use
    if article.date:
        page.display_date = article.date
    page.body = build_body(article, resolver)
    page.article_authors = [
        ArticlePageAuthor(
            author=find_or_create_snippet(Author, name, slugify(name)[:120] or "author"), sort_order=order
        )
        for order, name in enumerate(article.authors)
    ]
    page.tags.clear()
    if article.tags:
        page.tags.add(*article.tags)
    if created:
        index.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    problems = []
    if publish:
        try:
            revision.publish(user=user)  # runs the content checks (``ArticlePage.publish``)
        except checks.ChecksFailed as failed:
            problems = failed.problems
        else:
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
            if published:
                # Should the relinked revision fail the checks, the one published above stays live.
                with contextlib.suppress(checks.ChecksFailed):
                    revision.publish(user=user)
        report_unresolved(report, article, resolver)
    # Imported without publishing: the articles go to review, as an editor's would.
    if not publish:
        for result in report.results:
            result.submitted = submit_for_review(result.page, user)
    return report


def report_unresolved(report, article, resolver):
    for destination, line in resolver.unresolved:
        report.warnings.append(
            Problem(article.filename, line, f"the link to {destination} points to no article; it was kept as a URL")
        )
