from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "bistand.decisions"
    label = "decisions"
    verbose_name = "Beslut"
    default_auto_field = "django.db.models.BigAutoField"
