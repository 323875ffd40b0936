from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "agencyscript.worker"
    label = "worker"
    verbose_name = "Background worker"
