from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "bistand.cases"
    label = "cases"
    verbose_name = "Ärenden"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Every app declares the kinds of case event it records in its own `events.py`
        # (docs/adr/0090-cases-app.md); import them so that each kind is registered.
        from .events import load_event_modules

        load_event_modules()
