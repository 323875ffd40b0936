"""Factories for blog content, shared by the tests and the demo content."""

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


def sample_body(words=600, faq_items=2, takeaways=3, sections=3):
    """A realistic body: sections with sub-headings and paragraphs, an FAQ and key takeaways."""
    sentence = "The agency paused the release until a named reviewer had read every prompt change. "
    per_paragraph = max(1, words // (sections * 2))
    text = (sentence * (per_paragraph // 14 + 1)).strip()
    body = []
    for number in range(1, sections + 1):
        body.append(heading(f"Section {number}"))
        body.append(paragraph(f"<p>{text}</p>"))
        body.append(subheading(f"Detail {number}"))
        body.append(paragraph(f"<p>{text}</p>"))
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
    body = factory.LazyFunction(sample_body)

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
