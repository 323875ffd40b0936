from django.urls import path

from agencyscript.share_links import admin_views

app_name = "share_links_admin"

urlpatterns = [
    path("pages/<int:page_id>/", admin_views.page_share_links, name="page"),
    path("<int:pk>/revoke/", admin_views.revoke, name="revoke"),
]
