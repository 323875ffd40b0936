"""Factories for blog content, shared by the tests and the demo content."""

import random
import uuid

import factory
import wagtail_factories
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from blog.models import ArticlePage, ArticlePageAuthor, ArticleRelatedPick, Author, BlogIndexPage, Category


def block_id():
    return str(uuid.uuid4())


def heading(text):
    return {"type": "heading", "value": text, "id": block_id()}


def subheading(text):
    return {"type": "subheading", "value": text, "id": block_id()}


def paragraph(html):
    return {"type": "paragraph", "value": html, "id": block_id()}


def quote(html, attribution=""):
    return {"type": "quote", "value": {"quote": html, "attribution": attribution}, "id": block_id()}


def faq(items, title="Frequently Asked Questions"):
    return {
        "type": "faq",
        "value": {
            "title": title,
            "items": [
                {"type": "item", "value": {"question": question, "answer": answer}, "id": block_id()}
                for question, answer in items
            ],
        },
        "id": block_id(),
    }


def key_takeaways(points, title="Key Takeaways"):
    return {
        "type": "key_takeaways",
        "value": {"title": title, "points": [{"type": "item", "value": p, "id": block_id()} for p in points]},
        "id": block_id(),
    }


SENTENCES = (
    "The agency paused the release until a named reviewer had read every prompt change.",
    "Each client brief now records which steps a model may draft and which a person must write.",
    "A weekly review compared the assistant's summaries with the call notes they came from.",
    "Two designers kept a log of every image the tool proposed and every one they rejected.",
    "The account lead signed off on tone before anything left for the client.",
    "Error rates fell once the team stopped asking the model for figures it could not check.",
    "Nobody could ship a workflow change without a second person reading the test cases.",
    "The studio wrote down what the model was never allowed to decide on a client's behalf.",
    "Handover notes named the prompts, the data used and the person accountable for each.",
    "A retention rule deleted transcripts after thirty days unless a client asked otherwise.",
    "Reviewers marked each draft as accepted, edited or rewritten, and the ratio was reported.",
    "The finance team checked every invoice the assistant prepared against the signed estimate.",
    "Discovery calls ended with a plain statement of what automation would and would not do.",
    "Junior staff paired with a reviewer for their first ten AI-assisted deliverables.",
    "When a client objected to generated copy, the team logged why and changed the brief.",
    "A shared checklist caught three privacy problems before launch.",
    "The team measured hours saved against hours spent fixing the model's mistakes.",
    "Every dataset used for fine-tuning carried its source and the client's written consent.",
    "Quality dipped for two weeks after a model upgrade until the prompts were re-tested.",
    "The founder read one randomly chosen deliverable each Friday, start to finish.",
)


def sample_body(words=600, faq_items=2, takeaways=3, sections=3, seed=0):
    """A realistic body: sections with sub-headings and paragraphs, an FAQ and key takeaways.

    Sentences are drawn from a pool in an order set by ``seed``, so articles made
    with different seeds read differently (and are not flagged as duplicates).
    """
    rng = random.Random(seed)  # noqa: S311 -- sample text, not secrets
    per_paragraph = max(1, words // (sections * 2 * 14))

    def text():
        return " ".join(rng.choice(SENTENCES) for _ in range(per_paragraph))

    body = []
    for number in range(1, sections + 1):
        body.append(heading(f"Section {number}"))
        body.append(paragraph(f"<p>{text()}</p>"))
        body.append(subheading(f"Detail {number}"))
        body.append(paragraph(f"<p>{text()}</p>"))
    if faq_items:
        body.append(faq([(f"Question {n}?", f"<p>Answer {n}.</p>") for n in range(1, faq_items + 1)]))
    if takeaways:
        body.append(key_takeaways([f"<p>Takeaway {n}.</p>" for n in range(1, takeaways + 1)]))
    return body


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = factory.LazyAttribute(lambda o: f"Articles about {o.name.lower()}.")


class AuthorFactory(DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    role = "Editorial Team"
    bio = factory.LazyAttribute(lambda o: f"{o.name} writes about governed AI delivery.")


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BlogIndexPage

    title = "Blog"
    slug = "blog"
    introduction = "Case studies from agencies that build with AI."


class ArticlePageFactory(wagtail_factories.PageFactory):
    """An article. Pass ``parent``; it is published unless ``publish=False``.

    ``tags``: list of names; ``authors``: list of Author; ``related``: list of ArticlePage picks.
    """

    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = factory.LazyAttribute(lambda o: f"What happened in “{o.title}”, and what it cost.")
    category = factory.SubFactory(CategoryFactory, name="General")
    body = factory.Sequence(lambda n: sample_body(seed=n))
    provenance = "human"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        publish = kwargs.pop("publish", True)
        tags = kwargs.pop("tags", [])
        authors = kwargs.pop("authors", None)
        related = kwargs.pop("related", [])
        if not publish:
            kwargs["live"] = False
        page = super()._create(model_class, *args, **kwargs)
        if tags:
            page.tags.add(*tags)
        for order, author in enumerate(authors if authors is not None else [AuthorFactory()]):
            page.article_authors.add(ArticlePageAuthor(author=author, sort_order=order))
        for order, target in enumerate(related):
            page.related_picks.add(ArticleRelatedPick(article=target, sort_order=order))
        page.save()
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page
