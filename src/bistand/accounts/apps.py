from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bistand.accounts"
    label = "accounts"
    verbose_name = "Konton"
    default_auto_field = "django.db.models.BigAutoField"
