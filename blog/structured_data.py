"""JSON-LD for articles: BlogPosting, BreadcrumbList and (with an FAQ block) FAQPage."""

from django.templatetags.static import static
from django.utils.html import strip_tags

from agencyscript.json_script import script_json
from blog import content
from blog.models import Provenance

# schema.org's terms (from IPTC's digital source types) for work made with a trained model;
# human work carries none.
DIGITAL_SOURCE_TYPES = {
    Provenance.AI_ASSISTED: "https://schema.org/CompositeWithTrainedAlgorithmicMediaDigitalSource",
    Provenance.AI_GENERATED: "https://schema.org/TrainedAlgorithmicMediaDigitalSource",
}


def plain(html):
    return " ".join(strip_tags(html).split())


def site_root_url(page, request):
    """The configured address of the page's site (not the request's Host header)."""
    parts = page.get_url_parts(request)
    return parts[1].rstrip("/") if parts and parts[1] else request.build_absolute_uri("/").rstrip("/")


def absolute_url(root, url):
    return url if url.startswith(("http://", "https://")) else root + url


def social_image_url(page, request):
    image = page.social_image or getattr(page, "hero_image", None)
    if image is None:
        return None
    return absolute_url(site_root_url(page, request), image.get_rendition("fill-1200x630").url)


def article_json_ld(page, request, context):
    root = site_root_url(page, request)

    def absolute(path):
        return absolute_url(root, path)

    url = page.get_full_url(request)
    logo = absolute(static("images/logo-mark.svg"))
    modified = page.last_published_at or page.latest_revision_created_at
    authors = [
        {"@type": "Person", "name": author.name, **({"jobTitle": author.role} if author.role else {})}
        for author in context["article_authors"]
    ]
    posting = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "@id": f"{url}#article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": page.title[:110],
        "description": page.get_meta_description(),
        "datePublished": page.date.isoformat(),
        "dateModified": modified.isoformat() if modified and modified.date() >= page.date else page.date.isoformat(),
        "author": authors,
        "publisher": {
            "@type": "Organization",
            "name": "Agency Script",
            "url": absolute("/"),
            "logo": {"@type": "ImageObject", "url": logo},
        },
        "image": context.get("social_image_url") or logo,
        "keywords": [tag.name for tag in context["article_tags"]],
        "wordCount": page.word_count,
        "timeRequired": f"PT{page.read_time}M",
        "inLanguage": "en-GB",
    }
    if source_type := DIGITAL_SOURCE_TYPES.get(page.provenance):
        posting["digitalSourceType"] = source_type
    if page.reviewed_by:
        posting["editor"] = {"@type": "Person", "name": page.reviewed_by}
    if context.get("article_category"):
        posting["articleSection"] = context["article_category"].name
    graph = [posting]
    crumbs = context.get("breadcrumbs") or []
    graph.append(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": position, "name": crumb["title"], "item": absolute(crumb["url"])}
                for position, crumb in enumerate(crumbs, start=1)
            ],
        }
    )
    faqs = content.faq_items(page.body)
    if faqs:
        graph.append(
            {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": question,
                        "acceptedAnswer": {"@type": "Answer", "text": plain(answer)},
                    }
                    for question, answer in faqs
                ],
            }
        )
    return [script_json(item) for item in graph]
