from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed for its commands (`bistand demo_data`, `bistand register_simulator`); it has
    no models and no pages."""

    name = "bistand.demo"
    label = "demo"
    verbose_name = "Demo"
