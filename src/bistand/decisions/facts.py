"""Collect the facts triage needs from the application, last month, the registers and the
calculation. Reads only: no decisions are made here."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from bistand.applications.models import Application
from bistand.registers.types import GROUND_CONSENT, AfData, RegisterSnapshot, Source

from .rules_adapter import rent_above_guideline
from .triage import TriageFacts

SICKNESS_SITUATIONS = {"sick", "sjuk"}
SICKNESS_INCOME_TYPES = {"sickness_benefit"}


def consent_to_registers(answers: dict[str, Any]) -> bool:
    """The applicant's own consent to register data (it covers the applicant only)."""
    consent = answers.get("consent") or {}
    return bool(consent.get("registers")) if isinstance(consent, dict) else False


def partner_consent_to_registers(answers: dict[str, Any]) -> bool:
    """The partner's own consent, given when confirming the application (covers the partner)."""
    consent = answers.get("partner_consent") or {}
    return bool(consent.get("registers")) if isinstance(consent, dict) else False


def register_grounds(answers: dict[str, Any], *, has_partner: bool) -> dict[str, str | None]:
    """The ground on which the automated decision function may fetch register data about each
    adult (member id → ground), None where no ground covers that person (docs/adr/0107).

    The automated function fetches on each adult's own consent only: the applicant's consent
    never covers the partner. The duty to provide information (SoL 15 kap. 10–12 §§) is for a
    case worker to invoke in the queue, not for the automated function."""
    grounds: dict[str, str | None] = {
        "a1": GROUND_CONSENT if consent_to_registers(answers) else None
    }
    if has_partner:
        grounds["p1"] = GROUND_CONSENT if partner_consent_to_registers(answers) else None
    return grounds


def household_signature(rules_input: dict[str, Any]) -> list[tuple[str, str]]:
    """Who lives in the household, by role and member id (ages grow and are not a change)."""
    return sorted((m["role"], m["id"]) for m in rules_input.get("household", []))


def declared_income_by_type(
    rules_input: dict[str, Any], members: set[str] | None = None
) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for income in rules_input.get("incomes", []):
        if members is None or income.get("member") in members:
            totals[income["type"]] += Decimal(str(income["amount"]))
    return dict(totals)


def livsforing_needs(answers: dict[str, Any]) -> tuple[str, ...]:
    needs = answers.get("needs") or []
    if isinstance(needs, dict):
        needs = needs.get("items") or []
    labels = []
    for need in needs:
        if isinstance(need, dict):
            labels.append(str(need.get("label") or need.get("type") or "behov"))
    return tuple(labels)


def work_situations(answers: dict[str, Any]) -> set[str]:
    work = answers.get("work") or {}
    situations: set[str] = set()
    if isinstance(work, dict):
        for value in work.values():
            if isinstance(value, dict) and value.get("situation"):
                situations.add(str(value["situation"]))
            elif isinstance(value, str):
                situations.add(value)
    return situations


def triage_facts(
    *,
    application: Application,
    rules_input: dict[str, Any],
    previous_rules_input: dict[str, Any] | None,
    snapshots: dict[str, RegisterSnapshot],
    output: dict[str, Any],
    consent: bool,
) -> TriageFacts:
    answers = application.answers
    adults = set(snapshots)
    register_income: dict[str, Decimal] = defaultdict(Decimal)
    missing: set[str] = set()
    registered_at_af: bool | None = None
    active_plan: bool | None = None
    for member, snapshot in snapshots.items():
        for income_type, amount in snapshot.income_totals().items():
            register_income[income_type] += amount
        missing.update(Source(s).value for s in snapshot.unavailable)
        if member == "a1":
            af = snapshot.results.get(Source.AF)
            if af is not None and af.ok and isinstance(af.data, AfData):
                registered_at_af = af.data.registered
                active_plan = af.data.active_plan
    declared_adults = declared_income_by_type(rules_input, adults or None)

    changed_household = changed_rent = changed_income_types = False
    if previous_rules_input is not None:
        changed_household = household_signature(rules_input) != household_signature(
            previous_rules_input
        )
        rent_now = Decimal(str(rules_input.get("costs", {}).get("rent", "0") or "0"))
        rent_before = Decimal(str(previous_rules_input.get("costs", {}).get("rent", "0") or "0"))
        changed_rent = rent_now != rent_before
        changed_income_types = set(declared_income_by_type(rules_input)) != set(
            declared_income_by_type(previous_rules_input)
        )

    sickness = bool(work_situations(answers) & SICKNESS_SITUATIONS) or bool(
        set(register_income) & SICKNESS_INCOME_TYPES
    )
    return TriageFacts(
        kind=application.kind,
        consent_to_registers=consent,
        household_changed=changed_household,
        rent_changed=changed_rent,
        income_types_changed=changed_income_types,
        declared_income=declared_adults,
        register_income=dict(register_income),
        registered_at_af=registered_at_af,
        active_plan=active_plan,
        sickness=sickness,
        livsforing_needs=livsforing_needs(answers),
        norm_adjustment_requested=bool(answers.get("norm_adjustment_requested")),
        rent_above_guideline=rent_above_guideline(output),
        missing_sources=tuple(sorted(missing)),
        eligible=output.get("status", "eligible") == "eligible",
        amount=Decimal(str(output.get("amount", "0"))),
    )
