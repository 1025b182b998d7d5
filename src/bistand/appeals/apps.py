from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "bistand.appeals"
    label = "appeals"
    verbose_name = "Överklaganden"
    default_auto_field = "django.db.models.BigAutoField"
