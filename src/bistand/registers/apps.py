from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "bistand.registers"
    label = "registers"
    verbose_name = "Registeruppgifter"
    default_auto_field = "django.db.models.BigAutoField"

    def warm_up(self) -> None:
        """Compile the SSBTEK v11 schemas (libxml2, ADR 0255) once, before `bistand worker`
        forks (ADR 0105): time that would otherwise land on the first application each worker
        handles."""
        from .ssbtek.contract import warm_up

        warm_up()
