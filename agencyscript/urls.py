from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from agencyscript import sitemaps, views
from certification import credential_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<section>.xml", sitemaps.section, name="sitemap-section"),
    path("healthz/", views.healthz, name="healthz"),
    path(".well-known/did.json", credential_views.did_document, name="did_document"),
    path("account/", include("agencyscript.accounts.urls")),
    path("newsletter/", include("agencyscript.signups.urls")),
    path("verify/", include("certification.urls")),
    path("share/", include("agencyscript.share_links.urls")),
    # Wagtail's page view, wrapped (see agencyscript.views.serve).
    re_path(r"^((?:[\w\-]+/)*)$", views.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    # Images and renditions only: documents are served by Wagtail's view, which checks view restrictions.
    urlpatterns.insert(
        0,
        re_path(
            r"^media/(?P<path>(?:original_images|images)/.+)$",
            views.serve_media,
            {"document_root": settings.MEDIA_ROOT},
            name="media",
        ),
    )

handler404 = "agencyscript.views.page_not_found"
handler500 = "agencyscript.views.server_error"
