"""Collect the facts triage needs from the application, last month, the registers and the
calculation. Reads only: no decisions are made here."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from bistand.applications.models import Application
from bistand.registers.types import GROUND_CONSENT, AfData, RegisterSnapshot, Source, Status
from bistand.rules.law.skaliga_kostnader import LABELS

from .rules_adapter import rent_above_guideline
from .triage import TriageFacts

SICKNESS_SITUATIONS = {"sick", "sjuk"}
WORKING_SITUATIONS = {"working"}
EMPLOYMENT_INCOME_TYPES = {"salary"}
# Costs other than rent, compared field by field with last month's decided costs (issue 11
# item 7), labelled as the engine labels them.
OTHER_COSTS = {
    key: LABELS[key]
    for key in ("household_electricity", "home_insurance", "union_and_a_kassa", "work_travel")
}
LIQUID_ASSET_KINDS = {"bank_account", "cash"}
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
    """Who lives in the household, by role and member id (ages grow and are not a change). A
    person of the home in another household there was passed as ``other_adult`` before rules
    2.0.3 and as ``home_member`` since: for the family's amounts the two count the same, so the
    new role alone is no change of household."""
    return sorted(
        ("other_adult" if m["role"] == "home_member" else m["role"], m["id"])
        for m in rules_input.get("household", [])
    )


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
    """The work situations of the applicant's household (the applicant and the partner): an
    adult sharing the home is an own household, whose sickness or work is not this case's."""
    work = answers.get("work") or {}
    situations: set[str] = set()
    if isinstance(work, dict):
        for member, value in work.items():
            if str(member).startswith("o"):
                continue
            if isinstance(value, dict) and value.get("situation"):
                situations.add(str(value["situation"]))
            elif isinstance(value, str):
                situations.add(value)
    return situations


def _members(rules_input: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(m.get("id")): m for m in rules_input.get("household", [])}


def _applicant_in_school(answers: dict[str, Any] | None) -> bool | None:
    household = (answers or {}).get("household") or {}
    value = household.get("applicant_in_school") if isinstance(household, dict) else None
    return value if isinstance(value, bool) else None


def skolungdom_facts(
    rules_input: dict[str, Any],
    previous_rules_input: dict[str, Any] | None,
    *,
    answers: dict[str, Any] | None = None,
    previous_answers: dict[str, Any] | None = None,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(children 18–20 without an answer about school, those whose answer changed or who are
    newly out of school): both go to a case worker (12 kap. 9 § SoL 2025:400). With the
    answers, the same for an applicant 18–20 and his or her own school."""
    before = _members(previous_rules_input) if previous_rules_input is not None else {}
    missing: list[str] = []
    changed: list[str] = []
    applicant = _members(rules_input).get("a1", {})
    if answers is not None and 18 <= (applicant.get("age") or 0) <= 20:
        label = f"sökanden, {applicant.get('age')} år"
        now = _applicant_in_school(answers)
        earlier = _applicant_in_school(previous_answers) if previous_rules_input else None
        if now is None:
            missing.append(label)
        elif earlier is not None and earlier != now:
            changed.append(label)
    for member_id, m in _members(rules_input).items():
        if m.get("role") != "child" or (m.get("age") or 0) < 18:
            continue
        label = f"barn {member_id.removeprefix('c')}, {m.get('age')} år"
        if m.get("in_school") is None:
            missing.append(label)
            continue
        earlier = before.get(member_id, {}).get("in_school")
        if (earlier is None and m["in_school"] is False) or (
            earlier is not None and earlier != m["in_school"]
        ):
            changed.append(label)
    return tuple(missing), tuple(changed)


def _assets(rules_input: dict[str, Any]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for asset in rules_input.get("assets", []):
        totals[str(asset.get("kind"))] += Decimal(str(asset.get("amount", "0")))
    return dict(totals)


def not_liquid_assets(answers: dict[str, Any], rules_input: dict[str, Any]) -> tuple[str, ...]:
    labels = [
        {"securities": "värdepapper", "other": "fordon eller annan tillgång"}.get(kind, kind)
        for kind, amount in sorted(_assets(rules_input).items())
        if kind not in LIQUID_ASSET_KINDS and amount > 0
    ]
    assets = answers.get("assets") or {}
    if isinstance(assets, dict) and str(assets.get("other_assets") or "").strip():
        labels.append("andra tillgångar enligt ansökan")
    return tuple(labels)


def approved_costs(output: dict[str, Any]) -> dict[str, Decimal]:
    """The costs other than rent that a calculation approved, field by field (the engine's
    ``kostnader`` lines that add to the need, by the engine's label for each cost; a shared
    home's info lines and the part above a guideline are not approved amounts)."""
    by_label = {LABELS[key]: key for key in OTHER_COSTS}
    approved: dict[str, Decimal] = defaultdict(Decimal)
    for line in output.get("lines", []):
        key = by_label.get(str(line.get("what", "")))
        if key is not None and line.get("category") == "kostnader" and line.get("effect") == "add":
            approved[key] += Decimal(str(line.get("amount", "0")))
    return dict(approved)


def changed_costs(
    output: dict[str, Any], decided_costs: dict[str, Decimal] | None
) -> tuple[str, ...]:
    """Costs other than rent whose approved amount this month differs from last month's decided
    amount, field by field (issue 11 item 7): a new cost, a changed one, or one that is gone.
    Without last month's decided costs (None) every cost this month counts as new. Above the
    guideline is its own reason (:func:`costs_above_guideline`)."""
    now = approved_costs(output)
    before = decided_costs or {}
    return tuple(
        label
        for key, label in OTHER_COSTS.items()
        if now.get(key, Decimal(0)) != before.get(key, Decimal(0))
    )


def costs_above_guideline(output: dict[str, Any]) -> tuple[str, ...]:
    """Costs other than rent capped by the guideline (rent has its own reason)."""
    return tuple(
        sorted(
            {
                str(line.get("what", ""))
                for line in output.get("lines", [])
                if line.get("rule") == "kostnader.guideline_cap"
                and line.get("effect") == "add"
                and not str(line.get("what", "")).startswith("Boendekostnad")
            }
        )
    )


def work_travel_without_employment(
    answers: dict[str, Any], rules_input: dict[str, Any], register_income: dict[str, Decimal]
) -> bool:
    travel = Decimal(str(rules_input.get("costs", {}).get("work_travel") or "0"))
    if travel <= 0:
        return False
    employed = (
        bool(work_situations(answers) & WORKING_SITUATIONS)
        or bool(set(declared_income_by_type(rules_input, {"a1", "p1"})) & EMPLOYMENT_INCOME_TYPES)
        or any(register_income.get(t, Decimal(0)) > 0 for t in EMPLOYMENT_INCOME_TYPES)
    )
    return not employed


def triage_facts(
    *,
    application: Application,
    rules_input: dict[str, Any],
    previous_rules_input: dict[str, Any] | None,
    snapshots: dict[str, RegisterSnapshot],
    decided_costs: dict[str, Decimal] | None,
    output: dict[str, Any],
    consent: bool,
    previous_answers: dict[str, Any] | None = None,
) -> TriageFacts:
    answers = application.answers
    adults = set(snapshots)
    register_income: dict[str, Decimal] = defaultdict(Decimal)
    missing: set[str] = set()
    late: set[str] = set()
    registered_at_af: bool | None = None
    active_plan: bool | None = None
    for member, snapshot in snapshots.items():
        for income_type, amount in snapshot.income_totals().items():
            register_income[income_type] += amount
        missing.update(Source(s).value for s in snapshot.unavailable)
        late.update(s.value for s, r in snapshot.results.items() if r.status == Status.TIMEOUT)
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

    skolungdom_missing, skolungdom_changed = skolungdom_facts(
        rules_input, previous_rules_input, answers=answers, previous_answers=previous_answers
    )
    applicant_age = _members(rules_input).get("a1", {}).get("age") or 0
    young_adult = 18 <= applicant_age <= 20
    costs_changed: tuple[str, ...] = ()
    assets_changed = False
    if previous_rules_input is not None:
        costs_changed = changed_costs(output, decided_costs)
        assets_changed = _assets(rules_input) != _assets(previous_rules_input)
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
        late_sources=tuple(sorted(late)),
        eligible=output.get("status", "eligible") == "eligible",
        amount=Decimal(str(output.get("amount", "0"))),
        skolungdom_missing=skolungdom_missing,
        skolungdom_changed=skolungdom_changed,
        young_adult_in_school=young_adult and _applicant_in_school(answers) is True,
        # A young adult's first own application goes to a person, whatever the delegation
        # says about new applications: is he or she out of school, and how is the home shared?
        young_adult_first_application=young_adult
        and application.kind == "new"
        and _applicant_in_school(answers) is False,
        assets_not_liquid=not_liquid_assets(answers, rules_input),
        assets_above_buffer=Decimal(str(output.get("assets_counted", "0"))) > 0,
        assets_changed=assets_changed,
        costs_changed=costs_changed,
        costs_above_guideline=costs_above_guideline(output),
        work_travel_without_employment=work_travel_without_employment(
            answers, rules_input, dict(register_income)
        ),
        compared_with_last_month=previous_rules_input is not None and decided_costs is not None,
    )
