"""What an article page shows around its body, read in a fixed number of queries.

Values derived from the body (word count, read time, table of contents) and the
related-article ranking were computed when the article was published; here they
are only read. Authors, tags, category and the blog index are read as they are
now, so renaming any of them shows at once. The blog index comes with the route
(``HomePage.route``). The renditions of every image the page shows are read in
one query. The call to action is a footer setting, its address resolved with the
footer's links.
"""

from django.db.models import prefetch_related_objects

from agencyscript.site_links import article_call_to_action
from blog import links, related, selectors, structured_data


def build(page, request):
    index = getattr(page, "routed_parent", None) or page.get_parent()
    blog_url = index.get_url(request)
    category = page.category
    if getattr(request, "is_preview", False):
        # The edit being previewed: its authors and picks may not be saved yet.
        authors = [link.author for link in page.article_authors.all()]
        related_articles = related.for_preview(page)
    else:
        related_articles = related.for_article(page)
        by_article = selectors.authors_by_article([page.pk, *(article.pk for article in related_articles)])
        authors = by_article[page.pk]
        for article in related_articles:
            article.authors = by_article[article.pk]
    # The hero, the social image and the bylines' photos: all their renditions in one query.
    images = [image for image in (page.hero_image, page.social_image, *(a.photo for a in authors)) if image]
    prefetch_related_objects(images, "renditions")
    context = {
        "blog_url": blog_url,
        "blog_index": index,
        "article_authors": authors,
        "article_tags": list(page.tags.all()),
        "article_category": category,
        "related_articles": related_articles,
        "table_of_contents": page.table_of_contents,
        "breadcrumbs": links.breadcrumbs(index, request, (page.get_url(request), page.title)),
        "feed_links": links.feed_links(index, request, category),
        "cta": article_call_to_action(request),
        "social_image_url": structured_data.social_image_url(page, request),
        **selectors.sidebar(),
    }
    context["structured_data"] = structured_data.article_json_ld(page, request, context)
    return context
