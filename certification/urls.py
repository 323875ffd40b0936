from django.urls import path

from certification import credential_views, views

app_name = "certification"

urlpatterns = [
    path("", views.verify_form, name="verify"),
    path("problems/", views.problems, name="problems"),
    path("keys.json", views.signing_keys, name="keys"),
    path("holder/visibility/", views.holder_visibility, name="holder_visibility"),
    path("file/", credential_views.verify_credential_file, name="verify_file"),
    path("status/<int:pk>/", credential_views.status_list, name="status_list"),
    path("holder/<str:credential_id>/credential.json", credential_views.holder_credential_json, name="holder_json"),
    path("holder/<str:credential_id>/credential.png", credential_views.holder_badge_png, name="holder_png"),
    path("<str:credential_id>/", views.verify_result, name="result"),
]
