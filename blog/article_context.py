"""What an article page shows around its body, read in a fixed number of queries.

Values derived from the body (word count, read time, table of contents) and the
related-article ranking were computed when the article was published; here they
are only read. Authors, tags, category and the blog index are read as they are
now, so renaming any of them shows at once.
"""

from blog import links, related, selectors, structured_data
from blog.models import BlogIndexPage


def build(page, request):
    preview = getattr(request, "is_preview", False)
    index = BlogIndexPage.objects.parent_of(page).select_related("cta_page").first()
    blog_url = index.get_url(request)
    category = page.category
    context = {
        "blog_url": blog_url,
        "blog_index": index,
        "article_authors": [link.author for link in page.article_authors.select_related("author", "author__photo")],
        "article_tags": list(page.tags.all()),
        "article_category": category,
        "related_articles": related.for_preview(page) if preview else related.for_article(page),
        "table_of_contents": page.table_of_contents,
        "breadcrumbs": links.breadcrumbs(index, request, (page.get_url(request), page.title)),
        "feed_links": links.feed_links(index, request, category),
        "cta": index.call_to_action(request),
        "social_image_url": structured_data.social_image_url(page, request),
        **selectors.sidebar(),
    }
    context["structured_data"] = structured_data.article_json_ld(page, request, context)
    return context
