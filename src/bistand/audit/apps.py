from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "bistand.audit"
    label = "audit"
    verbose_name = "Loggning"
    default_auto_field = "django.db.models.BigAutoField"
