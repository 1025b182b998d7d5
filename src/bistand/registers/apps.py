from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "bistand.registers"
    label = "registers"
    verbose_name = "Registeruppgifter"
    default_auto_field = "django.db.models.BigAutoField"

    def warm_up(self) -> None:
        """Compile the SSBTEK v11 schemas once, before `bistand worker` forks (ADR 0105): about
        1–2 s that would otherwise land on the first application each worker handles."""
        from .ssbtek.contract import csn_schema, ssbt_schema

        ssbt_schema()
        csn_schema()
