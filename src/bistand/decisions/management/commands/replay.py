"""`bistand replay`: recompute stored decisions and show that they are identical."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bistand.decisions.models import Decision
from bistand.decisions.replay import decisions_replay


class Command(BaseCommand):
    help = (
        "Räkna om sparade beslut med den sparade regelversionen och skapa beslutsbrevet igen; "
        "visar att allt är identiskt (avslutas med kod 1 annars)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("decision_ids", nargs="*", type=int, help="beslutens id")
        parser.add_argument("--all", action="store_true", help="alla beslut")
        parser.add_argument("--case", help="alla beslut i ett ärende (ärendenummer)")

    def handle(self, *args: Any, **options: Any) -> None:
        decisions = Decision.objects.select_related("calculation").order_by("pk")
        if options["decision_ids"]:
            decisions = decisions.filter(pk__in=options["decision_ids"])
        elif options["case"]:
            from bistand.cases.selectors import case_by_number

            case = case_by_number(number=options["case"])
            if case is None:
                raise CommandError(f"Inget ärende med nummer {options['case']}")
            decisions = decisions.filter(case_id=case.pk)
        elif not options["all"]:
            raise CommandError("Ange beslutens id, --case NUMMER eller --all.")
        total = differing = unreplayable = 0
        for result in decisions_replay(decisions.iterator()):
            total += 1
            if result.identical:
                self.stdout.write(f"beslut {result.decision_id}: identiskt")
            elif not result.replayable:
                unreplayable += 1
                self.stdout.write(
                    f"beslut {result.decision_id}: KAN INTE RÄKNAS OM ({result.detail})"
                )
            else:
                differing += 1
                self.stdout.write(f"beslut {result.decision_id}: SKILJER SIG ({result.detail})")
        identical = total - differing - unreplayable
        summary = f"{total} beslut omräknade, {identical} identiska, {differing} skiljer sig"
        if unreplayable:
            summary += f", {unreplayable} kan inte räknas om"
        self.stdout.write(summary + ".")
        problems = []
        if differing:
            problems.append(f"{differing} beslut skiljer sig från det sparade.")
        if unreplayable:
            problems.append(f"{unreplayable} beslut kan inte räknas om.")
        if problems:
            raise CommandError(" ".join(problems), returncode=1)
        if total == 0:
            raise CommandError("Inga beslut hittades.", returncode=1)
