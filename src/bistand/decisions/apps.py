from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "bistand.decisions"
    label = "decisions"
    verbose_name = "Beslut"
    default_auto_field = "django.db.models.BigAutoField"

    def warm_up(self) -> None:
        """Prepared once before `bistand worker` forks its processes (they inherit it): the
        letter template compiled and the rules engine's modules and tables loaded, instead of
        on the first application each worker thread handles (docs/adr/0180)."""
        from django.template.loader import get_template

        from bistand import rules  # noqa: F401  (imports the engine and its parameter tables)

        from . import pipeline  # noqa: F401  (the pipeline and everything it imports)

        get_template("decisions/letter.html")
        # The law's parameter tables and the municipality's guidelines (YAML, read once per
        # process): before the fork, not in each worker process's first batch.
        from bistand.rules.parameters import guidelines, law_parameters

        law_parameters()
        guidelines()
