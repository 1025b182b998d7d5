from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "bistand.governance"
    label = "governance"
    verbose_name = "Nämndens styrning"
    default_auto_field = "django.db.models.BigAutoField"
