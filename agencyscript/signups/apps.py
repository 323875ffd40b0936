from django.apps import AppConfig


class SignupsConfig(AppConfig):
    name = "agencyscript.signups"
    label = "signups"
    verbose_name = "Signups and messages"
