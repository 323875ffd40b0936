"""Build a large archive of articles quickly, for scale and benchmark runs.

    python manage.py generate_scale_content --articles 50000

Pages are written with bulk inserts (Wagtail's tree paths computed here), not
one ``add_child`` at a time, so 50,000 articles take minutes. The command
tops the archive up to the number asked for: running it again adds nothing.
Generated articles have slugs starting ``archive-`` and realistic bodies
(sections, sub-headings, FAQ, key takeaways), categories, tags and authors.
"""

import json
import random
import time
import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models.sql import InsertQuery
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from agencyscript import pagecache
from blog import content, counts, fingerprints
from blog.models import (
    ArticleFingerprint,
    ArticlePage,
    ArticlePageAuthor,
    Author,
    BlogIndexPage,
    BlogPageTag,
    Category,
    FingerprintBand,
    Provenance,
)

SLUG_PREFIX = "archive-"

SUBJECTS = [
    "client onboarding",
    "prompt review",
    "model evaluation",
    "discovery calls",
    "data retention",
    "handover notes",
    "incident reviews",
    "scope changes",
    "pricing conversations",
    "vendor selection",
    "quality gates",
    "escalation paths",
    "consent records",
    "delivery logs",
    "retainer planning",
    "red-team exercises",
    "fallback procedures",
    "training new staff",
    "audit preparation",
    "proposal writing",
]
ANGLES = [
    "What we changed in {subject} after a near miss",
    "A practical checklist for {subject}",
    "Why {subject} deserves a named owner",
    "How a small agency rebuilt its {subject}",
    "The hidden cost of skipping {subject}",
    "Three questions to ask before {subject}",
    "Lessons from a year of governed {subject}",
    "When {subject} goes wrong: a case study",
]
SENTENCES = [
    "The team agreed that nothing would reach the client without a named reviewer.",
    "Every prompt change was logged with the reason it was made and who approved it.",
    "The client had asked for speed, but the contract asked for accuracy, and the contract won.",
    "A short written scope saved more time than any tool the agency adopted that year.",
    "The reviewer read the output as the client's customer would, not as its author.",
    "When the model was unsure, the workflow sent the case to a person instead of guessing.",
    "The agency kept a plain record of what data the system could see and why.",
    "Nobody could remember who had approved the change, which was the real problem.",
    "The fix was not a better model but a clearer rule about when to stop.",
    "Clients noticed the change because replies became slower and more accurate.",
    "A ten-minute review meeting each week caught most issues before they spread.",
    "The evaluation set grew from the mistakes the team had actually made.",
    "Pricing the review time honestly made the proposal larger and easier to defend.",
    "The operator could explain every step of the workflow to the client's auditor.",
    "Small teams benefit most from writing decisions down, because memory is their weakest link.",
    "The incident cost two days of work and taught the agency to test on real cases first.",
    "Escalation worked because everyone knew the name of the person on call.",
    "The handover document listed what the system must never do, not only what it does.",
]
QUESTIONS = [
    ("Who should own the review step?", "One named person per engagement, with a deputy for absences."),
    ("How often should the evaluation set change?", "Whenever a real mistake reveals a case it did not cover."),
    ("Does this slow delivery down?", "At first, slightly; within a month the team spends less time on rework."),
    ("What should we tell the client?", "What the system does, what a person checks, and how to raise a concern."),
]
FIRST_NAMES = ["Amara", "Jonas", "Priya", "Tomás", "Ingrid", "Kwame", "Lena", "Hiro", "Sofia", "Daniel"]
LAST_NAMES = ["Mensah", "Lindqvist", "Raman", "Ortega", "Novak", "Adeyemi", "Fischer", "Tanaka", "Costa", "Byrne"]
EXTRA_CATEGORIES = ["Pricing", "Hiring", "Compliance", "Tooling", "Client Relations", "Leadership", "Research"]
TAG_WORDS = [
    "review",
    "audit",
    "evaluation",
    "scoping",
    "consent",
    "logging",
    "handover",
    "escalation",
    "pricing",
    "retention",
    "onboarding",
    "risk",
    "disclosure",
    "quality",
    "incident",
    "training",
    "contracts",
    "privacy",
    "vendors",
    "testing",
]


AI_USE = "A language model drafted the outline; the author rewrote it and a reviewer checked every claim."


def block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def paragraph(rng, sentences=4):
    return "<p>" + " ".join(rng.sample(SENTENCES, sentences)) + "</p>"


def make_body(rng):
    body = []
    for section in range(rng.randint(3, 6)):
        body.append(
            block("heading", f"{rng.choice(['Context', 'Decision', 'Practice', 'Result', 'Costs'])} {section + 1}")
        )
        for _ in range(rng.randint(2, 4)):
            body.append(block("paragraph", paragraph(rng, rng.randint(3, 6))))
        if rng.random() < 0.4:
            body.append(block("subheading", "What we would do again"))
            body.append(block("paragraph", paragraph(rng, 3)))
    if rng.random() < 0.6:
        items = [
            block("item", {"question": question, "answer": f"<p>{answer}</p>"})
            for question, answer in rng.sample(QUESTIONS, rng.randint(2, 4))
        ]
        body.append(block("faq", {"title": "Frequently Asked Questions", "items": items}))
    if rng.random() < 0.6:
        points = [block("item", sentence) for sentence in rng.sample(SENTENCES, 3)]
        body.append(block("key_takeaways", {"title": "Key Takeaways", "points": points}))
    return body


class Command(BaseCommand):
    help = "Top the blog up to N articles with bulk inserts (for scale tests and benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="How many articles the blog should have.")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-search-index", action="store_true", help="Skip adding the articles to search.")

    def handle(self, *args, articles, batch_size, seed, no_search_index, **options):
        index = BlogIndexPage.objects.first()
        if index is None:
            raise CommandError("There is no blog index: run load_initial_data first.")
        existing = ArticlePage.objects.count()
        wanted = articles - existing
        if wanted <= 0:
            self.stdout.write(f"The blog already has {existing} articles; nothing to add.")
            return
        rng = random.Random(seed + existing)  # noqa: S311 - demo data, not secrets
        # Generated bodies share sentences, so most shingles' hashes are computed once.
        self.shingle_hashes = {}
        started = time.monotonic()
        categories = self.ensure_categories()
        tags = self.ensure_tags()
        authors = self.ensure_authors()
        created = 0
        while created < wanted:
            count = min(batch_size, wanted - created)
            with transaction.atomic():
                new_ids = self.create_batch(index, count, rng, categories, tags, authors)
            if not no_search_index:
                get_search_backend().add_bulk(ArticlePage, list(ArticlePage.objects.filter(pk__in=new_ids)))
            created += count
            self.stdout.write(f"  {created}/{wanted} articles ({time.monotonic() - started:.0f} s)")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        counts.refresh_counts()
        pagecache.invalidate()
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {wanted} articles in {time.monotonic() - started:.0f} s; the blog has {articles}."
            )
        )

    def ensure_categories(self):
        for name in EXTRA_CATEGORIES:
            Category.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "description": f"Articles about {name.lower()}."}
            )
        return list(Category.objects.values_list("pk", flat=True))

    def ensure_tags(self):
        names = [f"{first}-{second}" for first in TAG_WORDS for second in TAG_WORDS[::3] if first != second]
        existing = set(Tag.objects.filter(name__in=names).values_list("name", flat=True))
        Tag.objects.bulk_create([Tag(name=name, slug=name) for name in names if name not in existing])
        return list(Tag.objects.values_list("pk", flat=True))

    def ensure_authors(self):
        for first in FIRST_NAMES:
            for last in LAST_NAMES[:3]:
                Author.objects.get_or_create(
                    slug=slugify(f"{first} {last}"),
                    defaults={
                        "name": f"{first} {last}",
                        "role": "Contributor",
                        "bio": "Practitioner and contributor.",
                    },
                )
        return list(Author.objects.values_list("pk", flat=True))

    def create_batch(self, index, count, rng, categories, tags, authors):
        index = Page.objects.select_for_update().get(pk=index.pk)
        content_type = ContentType.objects.get_for_model(ArticlePage)
        now = timezone.now()
        start = index.numchild
        last_child = index.get_last_child()
        last_step = int(last_child.path[-Page.steplen :], 36) if last_child else 0
        pages = []
        for offset in range(count):
            number = start + offset + 1
            title = rng.choice(ANGLES).format(subject=rng.choice(SUBJECTS))
            title = title[0].upper() + title[1:]
            slug = f"{SLUG_PREFIX}{number}-{slugify(title)}"[:255]
            published = now - timedelta(days=rng.randint(0, 3650), minutes=rng.randint(0, 1440))
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=Page._get_path(index.path, index.depth + 1, last_step + offset + 1),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    content_type=content_type,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    latest_revision_created_at=published,
                    locale_id=index.locale_id,
                    translation_key=uuid.uuid4(),
                    search_description="",
                )
            )
        Page.objects.bulk_create(pages)
        saved = dict(Page.objects.filter(path__in=[page.path for page in pages]).values_list("path", "pk"))
        articles = []
        for page in pages:
            body = make_body(rng)
            article = ArticlePage(
                page_ptr_id=saved[page.path],
                summary=" ".join(rng.sample(SENTENCES, 2)),
                category_id=rng.choice(categories),
                display_date=page.first_published_at.date(),
                body=json.dumps(body),
                hero_image_alt="",
                provenance=Provenance.AI_ASSISTED if rng.random() < 0.3 else Provenance.HUMAN,
            )
            if article.provenance == Provenance.AI_ASSISTED:
                article.ai_use = AI_USE
            article.title = page.title
            article.body = ArticlePage.body.field.to_python(json.dumps(body))
            article.update_derived_fields()
            articles.append(article)
        fields = [field for field in ArticlePage._meta.local_concrete_fields]
        query = InsertQuery(ArticlePage)
        query.insert_values(fields, articles)
        query.get_compiler(using="default").execute_sql(returning_fields=None)
        BlogPageTag.objects.bulk_create(
            [
                BlogPageTag(content_object_id=article.page_ptr_id, tag_id=tag_id)
                for article in articles
                for tag_id in rng.sample(tags, rng.randint(2, 5))
            ]
        )
        ArticlePageAuthor.objects.bulk_create(
            [
                ArticlePageAuthor(page_id=article.page_ptr_id, author_id=rng.choice(authors), sort_order=0)
                for article in articles
            ]
        )
        self.remember_fingerprints(articles)
        Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
        return [article.page_ptr_id for article in articles]

    def remember_fingerprints(self, articles):
        """What ``duplicates.remember`` stores when an article is published (these bypass publishing)."""
        if len(self.shingle_hashes) > 20000:  # bounded: about 4 kB each
            self.shingle_hashes.clear()
        stored, bands = [], []
        for article in articles:
            print_ = fingerprints.fingerprint(article.title, content.body_text(article.body), self.shingle_hashes)
            stored.append(
                ArticleFingerprint(
                    article_id=article.page_ptr_id,
                    title_key=print_.title_key,
                    body_key=print_.body_key,
                    signature=print_.signature,
                )
            )
            bands += [FingerprintBand(fingerprint_id=article.page_ptr_id, key=key) for key in print_.bands]
        ArticleFingerprint.objects.bulk_create(stored, batch_size=1000)
        FingerprintBand.objects.bulk_create(bands, batch_size=5000)
