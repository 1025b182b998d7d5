"""`bistand rules_impact`: what the installed rules version would change in stored decisions."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bistand import rules
from bistand.cases.selectors import cases_by_ids
from bistand.core.format import kronor
from bistand.decisions.impact import ImpactRow, decisions_impact
from bistand.decisions.models import Decision


def _kr(value: Any) -> str:
    return "–" if value is None else kronor(value)


def _what_may_be_done(row: ImpactRow) -> str:
    """Förvaltningslagen 37–38 §§ (law-2026.md): a change in the person's favour may be made
    (and must, if the decision is obviously wrong in an essential respect and it is quick and
    simple); one to the person's disadvantage only on 37 § andra stycket's grounds, none of
    which is a fault in the municipality's own rules."""
    before, after = row.amount_before or 0, row.amount_after or 0
    if after > before or (row.eligible_after and not row.eligible_before):
        return "till den enskildes fördel: pröva ändring, FL 37–38 §§"
    if after < before or (row.eligible_before and not row.eligible_after):
        return (
            "till den enskildes nackdel: får inte ändras av det här skälet, FL 37 § andra stycket"
        )
    return "samma belopp"


class Command(BaseCommand):
    help = (
        "Räkna om gällande beslut med den installerade regelversionen och visa vilka som skulle "
        "få ett annat belopp (inför nämndens godkännande av en ny regelversion, eller för att "
        "hitta beslut som ett fel i en tidigare version påverkade). Ändrar ingenting."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from-month",
            type=date.fromisoformat,
            help="första månaden besluten avser (ÅÅÅÅ-MM-DD); utan: alla",
        )
        parser.add_argument(
            "--rules-version",
            dest="rules_versions",
            action="append",
            default=[],
            help="bara beslut räknade med denna regelversion (kan anges flera gånger)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        decisions = (
            Decision.objects.select_related("calculation")
            .filter(superseded_by__isnull=True)
            .order_by("period_start", "pk")
        )
        if options["from_month"]:
            decisions = decisions.filter(period_start__gte=options["from_month"])
        if options["rules_versions"]:
            decisions = decisions.filter(calculation__rules_version__in=options["rules_versions"])
        rows = list(decisions_impact(decisions.iterator()))
        counts = Counter(row.status for row in rows)
        cases = cases_by_ids(case_ids=sorted({r.case_id for r in rows if r.status == "changed"}))
        self.stdout.write(f"Installerad regelversion: {rules.RULES_VERSION}")
        for row in rows:
            if row.status == "same":
                continue
            number = cases[row.case_id].number if row.case_id in cases else str(row.case_id)
            if row.status == "changed":
                line = (
                    f"ärende {number}, beslut {row.decision_id}, avser {row.period_start[:7]} "
                    f"({row.rules_version}): {_kr(row.amount_before)} → {_kr(row.amount_after)}"
                )
                if row.eligible_before != row.eligible_after:
                    line += ", rätt till bistånd " + (
                        "ja → nej" if row.eligible_before else "nej → ja"
                    )
                if row.detail:
                    line += f"; {row.detail}"
                line += f" [{_what_may_be_done(row)}]"
                self.stdout.write(line)
            else:
                self.stdout.write(
                    f"beslut {row.decision_id}, avser {row.period_start[:7]}: kan inte räknas om "
                    f"({row.detail})"
                )
        summary = (
            f"{len(rows)} gällande beslut räknade med en annan regelversion omräknade: "
            f"{counts['same']} oförändrade, {counts['changed']} skulle ändras"
        )
        if counts["not_calculable"]:
            summary += f", {counts['not_calculable']} kan inte räknas om"
        self.stdout.write(summary + ".")
