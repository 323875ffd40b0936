"""The header's and footer's links, resolved when they or the pages they name change.

Each link block names a page (preferred: it follows moves) or an address. What
readers follow is stored beside the blocks (``resolved_links`` on both settings)
whenever the settings are saved, and again whenever a page is published,
unpublished, moved or deleted, or a site changes (``agencyscript.signals``), at
once: inside the change's transaction when it has one, before the page cache is
cleared on its commit. Rendering a page only reads the settings it already
loads: no page lookups, no URL building. A link to a page that is not live is
left out: it would lead nowhere.

A stored link keeps its page's site and that site's root URL, so a page of
another site gets an absolute URL, as Wagtail's ``get_url`` would give it.
"""

from django.db import transaction
from wagtail.models import Page, Site

from agencyscript.site_settings import FooterSettings, NavigationSettings


def _values(stream_value):
    return [block["value"] for block in stream_value.raw_data]


def _items(list_value):
    # ListBlock items are stored as {"type": "item", "value": ...} (older data: the bare value).
    return [item["value"] if isinstance(item, dict) and item.get("type") == "item" else item for item in list_value]


def _link_lists(setting):
    """The setting's links as stored by its blocks: {name: [link]}; footer groups: {"groups": [(heading, [link])]}.

    The footer's newsletter form and the call to action after articles each lead
    to one chosen page: a list of at most one link.
    """
    if isinstance(setting, NavigationSettings):
        return {"nav": _values(setting.links), "cta": _values(setting.cta)}
    groups = [(group["heading"], _items(group["links"])) for group in _values(setting.link_groups)]
    return {
        "legal": _values(setting.legal_links),
        "groups": groups,
        "newsletter": [{"page": setting.newsletter_page_id}] if setting.newsletter_page_id else [],
        "article_cta": [{"page": setting.article_cta_page_id}] if setting.article_cta_page_id else [],
    }


def _every_link(lists):
    for name, value in lists.items():
        if name == "groups":
            yield from (link for _, links in value for link in links)
        else:
            yield from value


def _resolve(lists, pages):
    def resolve(links):
        resolved = []
        for link in links:
            page_id = link.get("page")
            if page_id:
                parts = pages[page_id].get_url_parts() if page_id in pages else None
                if not parts or parts[2] is None:
                    continue
                site_id, root_url, path = parts
            else:
                site_id, root_url, path = None, "", link.get("url") or ""
            if path:
                resolved.append(
                    {
                        "label": link.get("label", ""),
                        "page_id": page_id,
                        "site_id": site_id,
                        "root_url": root_url,
                        "path": path,
                    }
                )
        return resolved

    return {
        name: [{"heading": heading, "links": resolve(links)} for heading, links in value]
        if name == "groups"
        else resolve(value)
        for name, value in lists.items()
    }


@transaction.atomic
def refresh():
    """Resolve every site's header and footer links again, storing those that changed.

    The settings are locked first: a change committing meanwhile elsewhere waits,
    or is read, so two publishing at once cannot store what the first saw last.
    """
    settings = [*NavigationSettings.objects.select_for_update(), *FooterSettings.objects.select_for_update()]
    lists = [_link_lists(setting) for setting in settings]
    page_ids = {link["page"] for one in lists for link in _every_link(one) if link.get("page")}
    pages = Page.objects.live().in_bulk(page_ids)
    for setting, one in zip(settings, lists, strict=True):
        resolved = _resolve(one, pages)
        if resolved != setting.resolved_links:
            type(setting).objects.filter(pk=setting.pk).update(resolved_links=resolved)


def _urls(links, request):
    site = Site.find_for_request(request)
    return [
        {
            "label": link["label"],
            "page_id": link["page_id"],
            "url": link["path"] if link["site_id"] in (None, site and site.pk) else link["root_url"] + link["path"],
        }
        for link in links
    ]


def site_links(request):
    """What the header and footer show: {"navigation", "footer": their settings; "nav", "cta", "legal": [links];
    "groups": [{"heading", "links"}]; "newsletter_url"}, each link {"label", "url", "page_id"}.

    No query beyond the settings.
    """
    footer = FooterSettings.for_request(request)
    navigation = footer.navigation
    stored = {**navigation.resolved_links, **footer.resolved_links}
    links = {name: _urls(stored.get(name, []), request) for name in ("nav", "cta", "legal")}
    links["groups"] = [
        {"heading": group["heading"], "links": _urls(group["links"], request)} for group in stored.get("groups", [])
    ]
    newsletter = _urls(stored.get("newsletter", []), request)
    links["newsletter_url"] = newsletter[0]["url"] if newsletter else ""
    return {"navigation": navigation, "footer": footer, **links}


def article_call_to_action(request):
    """Heading, text, label and URL of the call to action after articles; None without a live page to lead to."""
    footer = FooterSettings.for_request(request)
    target = _urls(footer.resolved_links.get("article_cta", []), request)
    if not target:
        return None
    return {
        "heading": footer.article_cta_heading,
        "text": footer.article_cta_text,
        "label": footer.article_cta_label,
        "url": target[0]["url"],
    }
