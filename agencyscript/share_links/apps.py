from django.apps import AppConfig


class ShareLinksConfig(AppConfig):
    name = "agencyscript.share_links"
    label = "share_links"
    verbose_name = "Preview share links"
