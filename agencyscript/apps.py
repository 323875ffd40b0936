from django.apps import AppConfig


class AgencyScriptConfig(AppConfig):
    name = "agencyscript"
    verbose_name = "Agency Script site"

    def ready(self):
        from agencyscript import signals  # Django: signals import models, loadable only once apps are ready

        signals.connect()
