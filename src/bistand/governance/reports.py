"""Anmälan av delegationsbeslut: each delegate's decisions of one month, for the socialnämnd.

KL 6 kap. 40 § and 7 kap. 8 §: decisions made under delegation are reported to the nämnd as it
has decided. Every delegate gets its own report: each named case worker, and the automated
decision function (KL 6 kap. 37 §) as a delegate of its own.

The report is the nämnd's public version: it lists case numbers, never a name or personnummer of
the person the decision is about, and no amounts. It is made as PDF/UA (WeasyPrint, with the
letter's static-files-only fetcher) and as CSV.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from bistand.cases import selectors as case_selectors
from bistand.core.format import month_label
from bistand.decisions import selectors as decision_selectors
from bistand.decisions.letters import LETTER_BASE_URL, StaticFilesOnlyFetcher
from bistand.decisions.services import AUTOMATED_LABEL, UTOVER
from bistand.payments import selectors as payment_selectors

from .models import DelegationReportPresentation

AUTOMATED_KEY = "automated"
OUTCOME_LABELS = {
    "granted": "Beviljas",
    "partly_granted": "Beviljas delvis",
    "rejected": "Avslås",
}
CSV_HEADER = [
    "Delegat",
    "Ärendenummer",
    "Beslutsdatum",
    "Slag av beslut",
    "Avser månad",
    "Utfall",
    "Delegation",
    "Laglighetsprövning",
]
# Bistånd utöver (SoL 2025:400 12 kap. 2 §; 4 kap. 2 § SoL 2001:453 before 2025-07-01) is not
# among the decisions 35 kap. 1 § lets a person appeal: it is tried on a kommunmedlem's
# laglighetsprövning (KL 13 kap.; the reading is provisional, ADR 0310). Such a decision that is
# not reported to the nämnd "ska protokollföras särskilt" (KL 6 kap. 40 §).
LAGLIGHETSPROVNING = "Ja, bistånd utöver"


@dataclass(frozen=True)
class ReportRow:
    case_number: str
    decided_on: date
    kind: str  # "Beslut" | "Ändrat beslut"
    period: str
    outcome: str
    delegation_reference: str
    # A post of bistånd utöver: that part can only be laglighetsprövad (LAGLIGHETSPROVNING).
    laglighetsprovning: bool = False


@dataclass
class DelegateReport:
    month: date
    key: str
    label: str
    role: str
    rows: list[ReportRow] = field(default_factory=list)
    presentation: DelegationReportPresentation | None = None

    @property
    def automated(self) -> bool:
        return self.key == AUTOMATED_KEY

    @property
    def counts(self) -> dict[str, int]:
        counts = {label: 0 for label in OUTCOME_LABELS.values()}
        for row in self.rows:
            counts[row.outcome] = counts.get(row.outcome, 0) + 1
        return counts

    @property
    def laglighetsprovning_count(self) -> int:
        return sum(1 for row in self.rows if row.laglighetsprovning)

    @property
    def changed_count(self) -> int:
        return sum(1 for row in self.rows if row.kind == "Ändrat beslut")

    @property
    def references(self) -> list[tuple[str, int]]:
        """Each delegation point the decisions were made under, with how many."""
        counted: dict[str, int] = {}
        for row in self.rows:
            counted[row.delegation_reference] = counted.get(row.delegation_reference, 0) + 1
        return list(counted.items())

    @property
    def month_label(self) -> str:
        return month_label(self.month)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(following, time.min, tzinfo=zone),
    )


def delegate_key_for(decided_by_id: int | None) -> str:
    return AUTOMATED_KEY if decided_by_id is None else f"user-{decided_by_id}"


def delegation_reports(*, month: date) -> list[DelegateReport]:
    """One report per delegate who decided something in `month`: the automated decision
    function first, then the case workers by name."""
    from . import selectors

    start, end = month_bounds(month)
    decisions = list(decision_selectors.decisions_made_between(start=start, end=end))
    cases = case_selectors.cases_by_ids(case_ids=sorted({d.case_id for d in decisions}))
    presentations = selectors.presentations_for_month(month=month.replace(day=1))
    reports: dict[str, DelegateReport] = {}
    for decision in decisions:
        key = delegate_key_for(decision.decided_by_id)
        if key not in reports:
            user = decision.decided_by
            reports[key] = DelegateReport(
                month=month.replace(day=1),
                key=key,
                label=AUTOMATED_LABEL if user is None else decision.decided_by_label,
                role="Automatiserad beslutsfunktion (KL 6 kap. 37 §)"
                if user is None
                else str(user.get_role_display()),
                presentation=presentations.get(key),
            )
        case = cases.get(decision.case_id)
        reports[key].rows.append(
            ReportRow(
                case_number=case.number if case is not None else "",
                decided_on=timezone.localtime(decision.decided_at).date(),
                kind="Beslut" if decision.supersedes_id is None else "Ändrat beslut",
                period=month_label(decision.period_start),
                outcome=OUTCOME_LABELS.get(decision.outcome, decision.outcome),
                delegation_reference=decision.delegation_reference,
                laglighetsprovning=any(
                    isinstance(post, dict) and post.get("basis") == UTOVER
                    for post in decision.posts or []
                ),
            )
        )
    # Decisions that are not on a month's application: återkrav and eftergift (SoL 33 kap.),
    # nödprövning. Only persons make them.
    others = delegated_decisions_other(start=start, end=end)
    cases.update(
        case_selectors.cases_by_ids(case_ids=sorted({o["case_id"] for o in others} - set(cases)))
    )
    for other in sorted(others, key=lambda o: o["decided_at"]):
        user = other["decided_by"]
        key = delegate_key_for(user.pk)
        if key not in reports:
            reports[key] = DelegateReport(
                month=month.replace(day=1),
                key=key,
                label=user.display_name or user.username,
                role=str(user.get_role_display()),
                presentation=presentations.get(key),
            )
        case = cases.get(other["case_id"])
        reports[key].rows.append(
            ReportRow(
                case_number=case.number if case is not None else "",
                decided_on=timezone.localtime(other["decided_at"]).date(),
                kind=other["kind"],
                period=other["period"],
                outcome=other["outcome"],
                delegation_reference=other["delegation_reference"],
            )
        )
    return sorted(reports.values(), key=lambda r: (not r.automated, r.label, r.key))


def delegated_decisions_other(*, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Återkrav, eftergift and nödprövning decided in [start, end), from their apps."""
    emergencies = [
        {
            "decided_by": e.decided_by,
            "decided_at": e.decided_at,
            "case_id": e.case_id,
            "kind": "Nödprövning",
            "period": "",
            "outcome": OUTCOME_LABELS.get(e.outcome, e.outcome),
            "delegation_reference": e.delegation_reference,
        }
        for e in decision_selectors.emergencies_made_between(start=start, end=end)
    ]
    return [*emergencies, *payment_selectors.recovery_decisions_between(start=start, end=end)]


def delegation_report(*, month: date, key: str) -> DelegateReport | None:
    return next((r for r in delegation_reports(month=month) if r.key == key), None)


def report_context(report: DelegateReport) -> dict[str, Any]:
    return {
        "municipality_name": settings.MUNICIPALITY_NAME,
        "report": report,
        "generated_on": f"{timezone.localdate():%Y-%m-%d}",
    }


def report_html(report: DelegateReport) -> str:
    return render_to_string("governance/report_document.html", report_context(report))


def presented_documents(
    report: DelegateReport, presentation: DelegationReportPresentation
) -> tuple[str, str]:
    """The report's HTML (for the PDF/UA document) and CSV, marked with `presentation`: kept
    with the presentation as what the nämnd was given."""
    marked = dataclasses.replace(report, presentation=presentation)
    return report_html(marked), report_csv(marked)


def presented_html(report: DelegateReport) -> str:
    """The document as presented to the nämnd when it was marked presented, else as it is now."""
    presentation = report.presentation
    if presentation is not None and presentation.document_html:
        return presentation.document_html
    return report_html(report)


def presented_csv(report: DelegateReport) -> str:
    presentation = report.presentation
    if presentation is not None and presentation.document_csv:
        return presentation.document_csv
    return report_csv(report)


def report_pdf(report: DelegateReport) -> bytes:
    """The report as tagged PDF (PDF/UA-1): the version presented to the nämnd once it was."""
    from weasyprint import HTML

    pdf = HTML(
        string=presented_html(report),
        base_url=LETTER_BASE_URL,
        url_fetcher=StaticFilesOnlyFetcher(),
    ).write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None
    return bytes(pdf)


def _cell(value: str) -> str:
    """A spreadsheet never runs a cell as a formula."""
    return "'" + value if value[:1] in {"=", "+", "-", "@"} else value


def report_csv(report: DelegateReport) -> str:
    """Semicolon-separated (as Swedish spreadsheets expect), one decision per line."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in report.rows:
        writer.writerow(
            [
                _cell(value)
                for value in (
                    report.label,
                    row.case_number,
                    f"{row.decided_on:%Y-%m-%d}",
                    row.kind,
                    row.period,
                    row.outcome,
                    row.delegation_reference,
                    LAGLIGHETSPROVNING if row.laglighetsprovning else "",
                )
            ]
        )
    return out.getvalue()
