from django.urls import path

from agencyscript.signups import views

app_name = "signups"

urlpatterns = [
    path("confirm/<str:token>/", views.confirm_newsletter, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe_newsletter, name="unsubscribe"),
]
