from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "bistand.casework"
    label = "casework"
    verbose_name = "Handläggning"
    default_auto_field = "django.db.models.BigAutoField"
