"""Demo content for the site-wide pages, navigation and footer.

Only what is missing is created, so running it again changes nothing that an
editor has since edited.
"""

import json
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Page, Site

from agencyscript.models import HomePage, StandardPage
from agencyscript.signups.models import FormPage
from agencyscript.site_settings import FooterSettings, NavigationSettings

# The home, standard and form pages' text, bodies in StreamField's raw form ({"type": ..., "value": ...}).
PAGES = json.loads((Path(__file__).parent / "demo_data" / "pages.json").read_text(encoding="utf-8"))


def stream(blocks):
    """Turn ``[(type, value), ...]`` into StreamField raw data."""
    return [{"type": block_type, "value": value} for block_type, value in blocks]


def load_home(stdout):
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    home = HomePage(**PAGES["home"])
    root.add_child(instance=home)
    home.save_revision().publish()
    # Point the default site at the new home page and retire Wagtail's welcome page.
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    old_root = site.root_page_id
    address = urlsplit(settings.SITE_URL)
    site.root_page = home
    site.site_name = "Agency Script"
    site.hostname = address.hostname or "localhost"
    site.port = address.port or (443 if address.scheme == "https" else 80)
    site.save()
    if old_root and old_root != home.pk:
        Page.objects.filter(pk=old_root, depth=2).exclude(pk=home.pk).delete()
    stdout.write("Created the home page.")
    return home


def add_page(parent, page, stdout):
    parent.add_child(instance=page)
    page.save_revision().publish()
    stdout.write(f"Created page “{page.title}”.")
    return page


def load_pages(stdout):
    home = load_home(stdout)
    existing = set(home.get_children().values_list("slug", flat=True))
    for spec in PAGES["standard_pages"]:
        if spec["slug"] in existing:
            continue
        add_page(
            home,
            StandardPage(
                title=spec["title"],
                slug=spec["slug"],
                introduction=spec["introduction"],
                search_description=spec.get("search_description", spec["introduction"][:300]),
                body=spec["body"],
                show_in_menus=spec.get("show_in_menus", False),
            ),
            stdout,
        )
    for spec in PAGES["form_pages"]:
        if spec["slug"] in existing:
            continue
        add_page(
            home,
            FormPage(
                title=spec["title"],
                slug=spec["slug"],
                form_type=spec["form_type"],
                introduction=spec["introduction"],
                search_description=spec["introduction"][:300],
                body=spec.get("body", []),
                submit_label=spec["submit_label"],
                thank_you_heading=spec["thank_you_heading"],
                thank_you_text=spec["thank_you_text"],
            ),
            stdout,
        )
    return home


def page_link(home, label, slug=None, url=None):
    """A link block value: to the child page with ``slug`` if it exists, else to ``url``."""
    page = home.get_children().filter(slug=slug).first() if slug else None
    if page is None and url is None:
        url = f"/{slug}/"
    return {"label": label, "page": page.pk if page else None, "url": "" if page else url}


def load_settings(home, stdout):
    """Navigation, footer and cross-links: run last, once every section exists."""
    if home.hero_primary_page_id is None:
        home.hero_primary_page = home.get_children().filter(slug="certification").first()
        if home.hero_primary_page:
            home.save_revision().publish()
    site = Site.objects.get(root_page=home)
    navigation = NavigationSettings.for_site(site)
    if not navigation.links:
        navigation.links = stream(
            [
                ("link", page_link(home, "Courses", "courses")),
                ("link", page_link(home, "Enterprise", "enterprise")),
                ("link", page_link(home, "Blog", "blog")),
                ("link", page_link(home, "Founders", "founders")),
            ]
        )
        navigation.cta = stream([("link", page_link(home, "Join Waitlist", "waitlist"))])
        navigation.save()
        stdout.write("Set up the navigation.")

    footer = FooterSettings.for_site(site)
    if not footer.link_groups:
        tier_links = []
        certification = home.get_children().filter(slug="certification").first()
        if certification:
            for tier in certification.get_children().live().specific().order_by("path"):
                tier_links.append({"label": f"{tier.title} ({tier.code})", "page": tier.pk, "url": ""})
        footer.newsletter_page = home.get_children().filter(slug="newsletter").first()
        footer.article_cta_page = certification
        footer.link_groups = stream(
            [
                (
                    "group",
                    {
                        "heading": "Products",
                        "links": [
                            page_link(home, "Platform", "platform"),
                            page_link(home, "Certification", "certification"),
                            page_link(home, "Launch Program", "launch-program"),
                            page_link(home, "Vault", "vault"),
                            page_link(home, "The Book", "the-book"),
                        ],
                    },
                ),
                ("group", {"heading": "Certification", "links": tier_links}),
                (
                    "group",
                    {
                        "heading": "Resources",
                        "links": [
                            page_link(home, "Blog", "blog"),
                            page_link(home, "Verify Credential", url="/verify/"),
                            page_link(home, "Enterprise", "enterprise"),
                            page_link(home, "Partners", "partners"),
                            page_link(home, "Pricing", "pricing"),
                        ],
                    },
                ),
                (
                    "group",
                    {
                        "heading": "Company",
                        "links": [
                            page_link(home, "About", "about"),
                            page_link(home, "Contact", "contact"),
                            page_link(home, "Careers", "careers"),
                            page_link(home, "Press", "press"),
                        ],
                    },
                ),
            ]
        )
        footer.legal_links = stream(
            [
                ("link", page_link(home, "Privacy Policy", "privacy")),
                ("link", page_link(home, "Terms of Service", "terms")),
                ("link", page_link(home, "Certification Agreement", "certification-agreement")),
                ("link", page_link(home, "Security", "security")),
            ]
        )
        footer.save()
        stdout.write("Set up the footer.")
