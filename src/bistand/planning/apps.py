from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "bistand.planning"
    label = "planning"
    verbose_name = "Möten och planering"
    default_auto_field = "django.db.models.BigAutoField"
