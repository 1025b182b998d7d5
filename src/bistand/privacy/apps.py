from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "bistand.privacy"
    label = "privacy"
    verbose_name = "Dataskydd"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
