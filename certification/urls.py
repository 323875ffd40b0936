from django.urls import path

from certification import views

app_name = "certification"

urlpatterns = [
    path("", views.verify_form, name="verify"),
    path("problems/", views.problems, name="problems"),
    path("keys.json", views.signing_keys, name="keys"),
    path("holder/visibility/", views.holder_visibility, name="holder_visibility"),
    path("<str:credential_id>/", views.verify_result, name="result"),
]
