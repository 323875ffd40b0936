from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "agencyscript.accounts"
    label = "accounts"
    verbose_name = "Accounts"
