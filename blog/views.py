"""Blog listings and search, served through BlogIndexPage's routes."""

from urllib.parse import urlencode

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404

from agencyscript import http, ratelimit
from blog import links, search, selectors
from blog.structured_data import site_root_url

PER_PAGE = selectors.LISTING_PAGE_SIZE
SEARCH_PAGE_SIZE = 10


class CountedPaginator(Paginator):
    """A paginator told the number of items (kept up to date elsewhere) instead of counting."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self):
        return self._known_count


def paginate(request, items, per_page=PER_PAGE, count=None):
    """The requested page; page 1 for a missing or non-numeric number, 404 when out of range."""
    paginator = Paginator(items, per_page) if count is None else CountedPaginator(items, per_page, count)
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 1
    try:
        return paginator.page(number)
    except EmptyPage as error:
        if number == 1:
            return paginator.page(1)
        raise Http404("No such page of articles.") from error


def page_numbers(page_obj):
    """The page links to show: first, last and nearby pages only (a large archive has thousands)."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1))


def article_list(request, index, category_slug=None, tag_slug=None):
    category = tag = None
    if category_slug:
        category = selectors.category_by_slug(category_slug)
        if category is None:
            raise Http404("No such category.")
        heading = category.name
        description = category.description or f"Articles about {category.name.lower()} in AI-enabled agencies."
        route = index.reverse_subpage("category_route", kwargs={"slug": category.slug})
    elif tag_slug:
        tag = selectors.tag_by_slug(tag_slug)
        if tag is None:
            raise Http404("No such tag.")
        heading = f"Articles tagged “{tag.name}”"
        description = f"Case studies and articles about {tag.name}."
        route = index.reverse_subpage("tag_route", kwargs={"slug": tag.slug})
    else:
        heading = index.title
        description = index.introduction
        route = ""
    articles = selectors.listing(category=category, tag=tag)
    page_obj = paginate(request, articles, count=selectors.listing_count(category=category, tag=tag))
    if not (category or tag) and page_obj.number > 1:
        anchored = selectors.listing_page(page_obj.number)
        if anchored is not None:
            page_obj.object_list = anchored
    if tag and not page_obj.object_list:
        raise Http404("No live articles carry this tag.")
    base_url = index.get_url(request) + route
    canonical = site_root_url(index, request) + base_url
    if page_obj.number > 1:
        canonical += f"?page={page_obj.number}"
    context = {
        "blog_url": index.get_url(request),
        "breadcrumbs": links.breadcrumbs(index, request, (base_url, heading)),
        "listing_heading": heading,
        "listing_description": description,
        "category": category,
        "tag": tag,
        "articles": page_obj.object_list,
        "page_obj": page_obj,
        "page_numbers": page_numbers(page_obj),
        "listing_url": base_url,
        "canonical_url": canonical,
        "is_filtered": bool(category or tag),
        "feed_links": links.feed_links(index, request, category),
        **selectors.sidebar(),
    }
    return index.render(request, context_overrides=context)


def search_results(request, index):
    raw = request.GET.get("q", "")
    query = search.clean_query(raw)
    ids = []
    searched = bool(query)
    if searched:
        decision = ratelimit.hit("search", request)
        if not decision.allowed:
            return http.too_many_requests(request, decision)
        ids = search.article_ids(query, limit=search.MAX_RESULTS)
    # The best matches, ranked once, shown a page at a time: only that page's cards are loaded.
    page_obj = paginate(request, ids, per_page=SEARCH_PAGE_SIZE)
    results = selectors.articles_in_order(page_obj.object_list)
    blog_url = index.get_url(request)
    search_url = f"{blog_url}search/?{urlencode({'q': query})}"
    context = {
        "blog_url": blog_url,
        "breadcrumbs": links.breadcrumbs(index, request, (blog_url + "search/", "Search")),
        "search_query": query,
        "query_truncated": len(" ".join(raw.split())) > search.MAX_LENGTH,
        "searched": searched,
        "results": results,
        "result_count": len(ids),
        "results_capped": len(ids) >= search.MAX_RESULTS,
        "page_obj": page_obj,
        "page_numbers": page_numbers(page_obj),
        "pagination_url": search_url,
        "page_separator": "&",
        "pagination_label": "Pages of search results",
        "previous_label": "Better matches",
        "next_label": "More results",
        "canonical_url": site_root_url(index, request) + index.get_url(request) + "search/",
        "listing_url": index.get_url(request),
        "feed_links": links.feed_links(index, request),
        **selectors.sidebar(),
    }
    return index.render(request, template="blog/search.html", context_overrides=context)
