from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "bistand.core"
    label = "core"
    verbose_name = "Kärnan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401  (registers the system and deployment checks)
        from .pgarrays import install as install_pgarrays

        install_pgarrays()  # text arrays of bulk_create quoted without a regex per element
        from .session import session_start

        user_logged_in.connect(session_start, dispatch_uid="bistand-session-start")
        from .minsida import load_panel_modules
        from .navigation import load_navigation_modules
        from .queue import load_queue_modules

        load_panel_modules()
        load_navigation_modules()
        load_queue_modules()
