from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "bistand.jobs"
    label = "jobs"
    verbose_name = "Bakgrundsjobb"
    default_auto_field = "django.db.models.BigAutoField"
