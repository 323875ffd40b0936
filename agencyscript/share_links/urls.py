from django.urls import path

from agencyscript.share_links import views

app_name = "share_links"

urlpatterns = [
    path("<str:token>/", views.shared_preview, name="preview"),
]
