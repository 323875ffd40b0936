"""The header's and footer's links, with every linked page read in one query.

Each link block names a page (preferred: it follows moves) or an address.
Reading the blocks' stored data and looking up all their pages at once costs
one query, where letting each StreamField load its own pages costs one per
field. A link to a page that is not live is left out: it would lead nowhere.
"""

from wagtail.models import Page

from agencyscript.site_settings import FooterSettings, NavigationSettings


def _values(stream_value):
    return [block["value"] for block in stream_value.raw_data]


def _items(list_value):
    # ListBlock items are stored as {"type": "item", "value": ...} (older data: the bare value).
    return [item["value"] if isinstance(item, dict) and item.get("type") == "item" else item for item in list_value]


def site_links(request):
    """{"nav", "cta", "legal": [links], "groups": [{"heading", "links"}]}, each link {"label", "url", "page_id"}."""
    nav = NavigationSettings.for_request(request)
    footer = FooterSettings.for_request(request)
    raw = {"nav": _values(nav.links), "cta": _values(nav.cta), "legal": _values(footer.legal_links)}
    groups = [(group["heading"], _items(group["links"])) for group in _values(footer.link_groups)]
    every_link = [link for links in raw.values() for link in links] + [link for _, links in groups for link in links]
    page_ids = {link["page"] for link in every_link if link.get("page")}
    pages = Page.objects.live().in_bulk(page_ids)

    def resolve(links):
        resolved = []
        for link in links:
            if link.get("page"):
                page = pages.get(link["page"])
                if page is None:
                    continue
                url = page.get_url(request)
            else:
                url = link.get("url") or ""
            if url:
                resolved.append({"label": link.get("label", ""), "url": url, "page_id": link.get("page")})
        return resolved

    links = {name: resolve(value) for name, value in raw.items()}
    links["groups"] = [{"heading": heading, "links": resolve(items)} for heading, items in groups]
    return links
