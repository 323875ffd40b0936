"""Links every blog page shows: breadcrumbs and feed autodiscovery."""


def breadcrumbs(index, request, *trail):
    """Home, the blog index, then ``trail``: (url, title) pairs, the current page last."""
    crumbs = [{"url": "/", "title": "Home"}, {"url": index.get_url(request), "title": index.title}]
    return crumbs + [{"url": url, "title": title} for url, title in trail]


def feed_links(index, request, category=None):
    """The blog's RSS and Atom feeds, and the category's when there is one."""
    base = index.get_url(request)
    links = [
        {"type": "application/rss+xml", "title": f"{index.title} (RSS)", "href": base + "feed/rss/"},
        {"type": "application/atom+xml", "title": f"{index.title} (Atom)", "href": base + "feed/atom/"},
    ]
    if category is not None:
        prefix = base + f"category/{category.slug}/feed/"
        links += [
            {"type": "application/rss+xml", "title": f"{category.name} (RSS)", "href": prefix + "rss/"},
            {"type": "application/atom+xml", "title": f"{category.name} (Atom)", "href": prefix + "atom/"},
        ]
    return links
