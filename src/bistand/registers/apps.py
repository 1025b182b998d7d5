from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "bistand.registers"
    label = "registers"
    verbose_name = "Registeruppgifter"
    default_auto_field = "django.db.models.BigAutoField"
