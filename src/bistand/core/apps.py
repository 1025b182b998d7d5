from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "bistand.core"
    label = "core"
    verbose_name = "Kärnan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment checks)
        from .minsida import load_panel_modules
        from .navigation import load_navigation_modules
        from .queue import load_queue_modules

        load_panel_modules()
        load_navigation_modules()
        load_queue_modules()
