from importlib import import_module

from django.apps import AppConfig, apps


class JobsConfig(AppConfig):
    name = "bistand.jobs"
    label = "jobs"
    verbose_name = "Bakgrundsjobb"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Import every Bistånd app's jobs module so that its @job functions are registered.
        for config in apps.get_app_configs():
            if config.name.startswith("bistand."):
                try:
                    import_module(f"{config.name}.jobs")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.jobs":
                        raise
