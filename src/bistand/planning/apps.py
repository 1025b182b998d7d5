from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "bistand.planning"
    label = "planning"
    verbose_name = "Möten och planering"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The decision form (casework) shows the aktivitetskrav decision prepared here, through
        # the hook cases declares: planning and casework stay independent (docs/adr/0211).
        from bistand.cases.hooks import register_prepared_material

        from .selectors import activity_decision_material

        register_prepared_material("planning.aktivitetskrav", activity_decision_material)
