"""Demo content for the blog: the index, categories, authors and original articles.

The articles are Markdown files in ``blog/demo_articles/`` loaded through the
same importer editors use, as the demo *editor*, and approved through the review
workflow by the demo *reviewer*, as an editor's would be: one waits in review and
one is scheduled. Only what is missing is created, so running this again leaves
editors' changes alone.
"""

import io
import random
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.users.models import UserProfile

from blog import review
from blog.factories import AuthorFactory, CategoryFactory
from blog.importer import import_files
from blog.models import ArticlePage, ArticleRelatedPick, Author, BlogIndexPage, Category

ARTICLES_DIR = Path(__file__).resolve().parent / "demo_articles"

# Demo accounts (``ensure_admin`` gives them passwords): username, group, first and last name.
EDITOR = ("editor", "Editors", "Elena", "Marsh")
REVIEWER = ("reviewer", review.REVIEWERS, "Rana", "Haddad")
# Left waiting for the reviewer, and approved to go live later.
IN_REVIEW = "retiring-a-prompt"
SCHEDULED = "quarterly-governance-review"
SCHEDULED_IN = timedelta(days=6)

CATEGORIES = [
    ("Governance", "Policies, review and accountability: how agencies keep AI work answerable to someone."),
    ("Delivery", "Shipping AI-enabled work that behaves as promised: prompts, evaluation and release."),
    ("Sales", "Proposals, pricing and scoping that tell clients the truth about AI-assisted work."),
    ("Operations", "Data handling, vendors and incident response for agencies without large back offices."),
    ("General", "Certification, hiring and the wider practice of running an AI-enabled agency."),
]

AUTHORS = [
    (
        "Maya Okafor",
        "Head of Standards",
        "Maya leads the team that writes and maintains the Agency Script rubrics. She spent ten years running "
        "delivery at digital agencies before moving into assessment.",
    ),
    (
        "Daniel Reyes",
        "Lead Assessor",
        "Daniel assesses Practitioner and Operator candidates and reviews appeals. He previously built "
        "evaluation tooling for customer-facing assistants.",
    ),
    (
        "Priya Natarajan",
        "Operations Assessor",
        "Priya assesses agencies' data handling, vendor management and incident readiness, and writes our "
        "operations guidance.",
    ),
    (
        "Agency Script Editors",
        "Editorial Team",
        "The editorial team turns assessment findings and member case studies into practical guidance.",
    ),
]

RELATED_PICKS = {
    "near-miss-support-assistant-refund-promise": ["prompt-changes-are-code-changes", "the-named-reviewer-rule"],
}

HERO_IMAGES = {
    "near-miss-support-assistant-refund-promise": (
        "Abstract illustration: a bright signal line stopped short of a dark boundary."
    ),
    "prompt-changes-are-code-changes": "Abstract illustration: layered bands of colour offset like revisions.",
    "client-data-boundaries-in-practice": "Abstract illustration: three nested shapes separated by clear margins.",
}


def load_index(home, stdout):
    index = BlogIndexPage.objects.first()
    if index is not None:
        return index
    index = BlogIndexPage(
        title="Blog",
        slug="blog",
        introduction=(
            "Case studies from agencies that build with AI under real constraints: what they decided, "
            "what went wrong, and what it cost."
        ),
        search_description=(
            "Case studies and guidance on governance, delivery, sales and operations for AI-enabled agencies."
        ),
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    review.attach(index)
    stdout.write("Created the blog index.")
    return index


def load_categories_and_authors(stdout):
    for name, description in CATEGORIES:
        if not Category.objects.filter(name=name).exists():
            CategoryFactory(name=name, description=description)
            stdout.write(f"Created the category “{name}”.")
    for name, role, bio in AUTHORS:
        if not Author.objects.filter(name=name).exists():
            AuthorFactory(name=name, role=role, bio=bio)
            stdout.write(f"Created the author “{name}”.")


def hero_image(title, seed):
    """An abstract 1200×630 image drawn with Pillow (no downloaded images)."""
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images.models import Image

    rng = random.Random(seed)  # noqa: S311 - decoration, not security
    canvas = PILImage.new("RGB", (1200, 630), (20, 33, 61))
    draw = ImageDraw.Draw(canvas)
    palette = [(252, 163, 17), (229, 229, 229), (58, 90, 140), (120, 150, 200), (255, 255, 255)]
    for _ in range(7):
        x, y = rng.randint(-200, 1100), rng.randint(-200, 500)
        size = rng.randint(160, 520)
        colour = rng.choice(palette)
        draw.ellipse((x, y, x + size, y + size), outline=colour, width=rng.randint(3, 14))
    for band in range(5):
        y = 120 + band * 90
        draw.line((0, y, 1200, y + rng.randint(-80, 80)), fill=rng.choice(palette), width=2)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    image = Image(title=title, file=ImageFile(buffer, name=f"{seed}.png"))
    image.save()
    return image


def demo_user(username, group, first_name, last_name):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@agencyscript.test"},
    )
    if created:
        user.set_unusable_password()
        user.save()
        # Their addresses are made up: no moderation email for them.
        UserProfile.objects.update_or_create(
            user=user,
            defaults={
                "submitted_notifications": False,
                "approved_notifications": False,
                "rejected_notifications": False,
            },
        )
    user.groups.add(Group.objects.get(name=group))
    return user


def approve(page, reviewer):
    """Approve every review step, as the reviewer would from the dashboard (re-approval included)."""
    for _ in range(4):
        state = WorkflowState.objects.for_instance(page).filter(status=WorkflowState.STATUS_IN_PROGRESS).first()
        if state is None:
            return
        task_state = state.current_task_state
        task_state.task.specific.on_action(task_state, reviewer, "approve", comment="Read in full; approved.")


def decorate(page, index):
    """Hero image and related picks: True when the article needs a new revision for them."""
    changed = False
    if page.slug in HERO_IMAGES and page.hero_image_id is None:
        page.hero_image = hero_image(page.title, page.slug)
        page.hero_image_alt = HERO_IMAGES[page.slug]
        changed = True
    if page.slug in RELATED_PICKS and not page.related_picks.exists():
        targets = ArticlePage.objects.child_of(index).filter(slug__in=RELATED_PICKS[page.slug])
        by_slug = {target.slug: target for target in targets}
        page.related_picks = [
            ArticleRelatedPick(article=by_slug[target], sort_order=order)
            for order, target in enumerate(RELATED_PICKS[page.slug])
            if target in by_slug
        ]
        changed = True
    return changed


def load_articles(index, stdout):
    """The articles, as the demo editor and reviewer would bring them in.

    Articles that link to each other cannot go through review one by one (each
    links to one not yet published), so the back catalogue is imported and
    published at once by the operator, as ``import_articles --publish`` does,
    then each is reviewed. The newer two go through review from the start.
    """
    existing = set(ArticlePage.objects.child_of(index).values_list("slug", flat=True))
    catalogue, newer = [], []
    for path in sorted(ARTICLES_DIR.glob("*.md")):
        data = path.read_bytes()
        slug = next(
            (line.split(":", 1)[1].strip() for line in data.decode().splitlines() if line.startswith("slug:")), None
        )
        if slug not in existing:
            (newer if slug in (IN_REVIEW, SCHEDULED) else catalogue).append((path.name, data))
    if not catalogue and not newer:
        return
    editor, reviewer = demo_user(*EDITOR), demo_user(*REVIEWER)
    reports = [import_files(catalogue, publish=True), import_files(newer, publish=False, user=editor)]
    for problem in [problem for report in reports for problem in report.errors]:
        stdout.write(f"Could not import {problem}")
    for result in [result for report in reports for result in report.results]:
        page = result.page
        decorate(page, index)
        if page.slug == SCHEDULED:
            page.go_live_at = timezone.now() + SCHEDULED_IN
        page.save_revision(user=editor)
        if page.slug == IN_REVIEW:
            stdout.write(f"Submitted the article “{page.title}” for review.")
            continue
        if not page.workflow_in_progress:
            page.get_workflow().start(page, editor)
        approve(page, reviewer)
        state = "scheduled" if page.slug == SCHEDULED else "reviewed and published"
        stdout.write(f"Created the article “{page.title}” ({state}).")


def load(home, stdout, articles=True):
    index = load_index(home, stdout)
    load_categories_and_authors(stdout)
    if articles:
        load_articles(index, stdout)
    return index
