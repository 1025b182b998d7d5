from django.apps import AppConfig


class PersonaktConfig(AppConfig):
    name = "bistand.personakt"
    label = "personakt"
    verbose_name = "Personakt"
    default_auto_field = "django.db.models.BigAutoField"
