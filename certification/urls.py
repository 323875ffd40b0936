from django.urls import path

from certification import views

app_name = "certification"

urlpatterns = [
    path("", views.verify_form, name="verify"),
]
