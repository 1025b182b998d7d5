from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "bistand.applications"
    label = "applications"
    verbose_name = "Ansökningar"
    default_auto_field = "django.db.models.BigAutoField"
