from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "bistand.messaging"
    label = "messaging"
    verbose_name = "Meddelanden"
    default_auto_field = "django.db.models.BigAutoField"
