"""Every triage reason routes to the shared queue; a routine recurring application does not."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from bistand.core.delegation import delegation_in_force
from bistand.decisions.triage import REASON_TEXTS, TriageFacts, income_mismatches, triage

DELEGATION = delegation_in_force(date(2026, 12, 1))
ROUTINE = TriageFacts(
    kind="recurring",
    consent_to_registers=True,
    declared_income={"child_allowance": Decimal("1250.00")},
    register_income={"child_allowance": Decimal("1250.00")},
    registered_at_af=True,
    active_plan=True,
    amount=Decimal("6120.00"),
)


def codes(facts, delegation=DELEGATION):
    return [r.code for r in triage(facts, delegation)]


def test_routine_recurring_application_may_be_decided_automatically():
    assert codes(ROUTINE) == []


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"kind": "new"}, "new_application"),
        ({"consent_to_registers": False}, "no_consent"),
        ({"household_changed": True}, "household_changed"),
        ({"rent_changed": True}, "rent_changed"),
        ({"income_types_changed": True}, "income_types_changed"),
        ({"register_income": {"child_allowance": Decimal("2500.00")}}, "income_mismatch"),
        ({"registered_at_af": False}, "not_registered_af"),
        ({"active_plan": False}, "no_active_plan"),
        ({"sickness": True}, "sickness"),
        ({"livsforing_needs": ("tandvård",)}, "livsforing_needs"),
        ({"norm_adjustment_requested": True}, "norm_adjustment_requested"),
        ({"rent_above_guideline": True}, "rent_above_guideline"),
        ({"missing_sources": ("FK",)}, "register_data_missing"),
        ({"registered_at_af": None}, "register_data_missing"),
        ({"late_sources": ("TS",)}, "register_late"),
        ({"eligible": False, "amount": Decimal("0.00")}, "would_reject"),
        ({"amount": Decimal("0.00")}, "would_reject"),
        ({"amount": Decimal("40000.01")}, "above_max_amount"),
        ({"skolungdom_missing": ("barn 1, 18 år",)}, "skolungdom_missing"),
        ({"skolungdom_changed": ("barn 1, 19 år",)}, "skolungdom_changed"),
        ({"assets_not_liquid": ("fordon",)}, "assets_not_liquid"),
        ({"assets_above_buffer": True}, "assets_above_buffer"),
        ({"assets_changed": True}, "assets_changed"),
        ({"costs_changed": ("Arbetsresor",)}, "costs_changed"),
        ({"costs_above_guideline": ("Hushållsel",)}, "costs_above_guideline"),
        ({"work_travel_without_employment": True}, "work_travel_without_employment"),
        ({"emergencies_open": ("2026-12-01",)}, "emergency_followup"),
        ({"young_adult_in_school": True}, "young_adult_in_school"),
        ({"young_adult_first_application": True}, "young_adult_first_application"),
    ],
)
def test_each_reason_routes_to_the_queue(change, code):
    reasons = triage(replace(ROUTINE, **change), DELEGATION)
    assert code in [r.code for r in reasons]
    assert all(r.text for r in reasons)


def test_every_reason_has_a_swedish_text_and_a_test():
    tested = {
        "new_application", "no_consent", "household_changed", "rent_changed",
        "income_types_changed", "income_mismatch", "not_registered_af", "no_active_plan",
        "sickness", "livsforing_needs", "norm_adjustment_requested", "rent_above_guideline",
        "register_data_missing", "would_reject", "above_max_amount", "not_delegated",
        "skolungdom_missing", "skolungdom_changed", "assets_not_liquid", "assets_above_buffer",
        "assets_changed", "costs_changed", "costs_above_guideline",
        "work_travel_without_employment",
        "calculation_failed",  # tests/decisions/test_pipeline.py
        "register_late",
        "rules_not_approved",  # tests/governance/test_rules_approval.py
        "emergency_followup",
        "citizen_supplement",  # komplettering: tests/casework/test_withdraw_and_supplement.py
        "young_adult_in_school", "young_adult_first_application",
    }  # fmt: skip
    assert set(REASON_TEXTS) == tested


def test_recurring_not_delegated_when_the_delegation_says_so():
    narrow = replace(DELEGATION, recurring_applications=False)
    assert codes(ROUTINE, narrow) == ["not_delegated"]


def test_a_would_be_refusal_always_goes_to_a_case_worker():
    # No delegation setting lets the robot refuse (the `may_reject` switch is gone).
    wide = replace(DELEGATION, max_amount=Decimal("Infinity"), new_applications=True)
    assert "would_reject" in codes(replace(ROUTINE, amount=Decimal("0.00")), wide)
    assert "would_reject" in codes(replace(ROUTINE, eligible=False), wide)


def test_income_mismatch_uses_the_threshold_and_only_register_types():
    declared = {"salary": Decimal("3000.00"), "other": Decimal("999.00")}
    assert income_mismatches(declared, {"salary": Decimal("3300.00")}, Decimal("300")) == []
    assert income_mismatches(declared, {"salary": Decimal("3300.01")}, Decimal("300")) == ["salary"]
    # Declared but not in any register is not a mismatch the registers can show.
    assert income_mismatches(declared, {}, Decimal("300")) == []


def test_delegation_is_dated_and_cites_its_legal_basis():
    assert "6 kap. 37 §" in DELEGATION.legal_basis
    assert "28 §" in DELEGATION.legal_basis
    with pytest.raises(LookupError):
        delegation_in_force(date(2020, 1, 1))


def test_nothing_changed_only_when_compared_with_last_month_and_true():
    """The robot may write "inget har ändrats sedan förra månaden" only when checked and true."""
    assert not ROUTINE.checked_unchanged  # not compared (no previous month)
    compared = replace(ROUTINE, compared_with_last_month=True)
    assert compared.checked_unchanged
    for change in (
        {"household_changed": True},
        {"rent_changed": True},
        {"income_types_changed": True},
        {"costs_changed": ("Hushållsel",)},
        {"assets_changed": True},
        {"skolungdom_changed": ("barn 1, 19 år",)},
    ):
        assert not replace(compared, **change).checked_unchanged, change


def _output(costs: dict[str, str], **extra: object) -> dict[str, object]:
    from bistand import rules

    household = [{"id": "a1", "role": "applicant", "age": 40}, *extra.get("others", [])]
    return rules.calculate({"month": "2026-03", "household": household, "costs": costs}).to_dict()


def test_approved_costs_are_the_decided_amounts_field_by_field():
    """A shared home (the applicant and one friend): electricity 600 kr for the whole home is
    600 × 1 / 2 = 300 kr for the applicant; home insurance 150 kr is the applicant's own. Rent
    is compared by its own rule and is not among these."""
    from bistand.decisions.facts import approved_costs

    output = _output(
        {"rent": "5000.00", "household_electricity": "600.00", "home_insurance": "150.00"},
        others=[{"id": "o1", "role": "other_adult", "age": 35}],
    )
    assert approved_costs(output) == {
        "household_electricity": Decimal("300.00"),
        "home_insurance": Decimal("150.00"),
    }


def test_changed_costs_compare_this_months_approved_with_last_months_decided():
    from bistand.decisions.facts import changed_costs

    output = _output({"household_electricity": "300.00", "work_travel": "450.00"})
    decided = {"household_electricity": Decimal("300.00")}
    assert changed_costs(output, decided) == ("Arbetsresor",)  # 450 kr new, 300 kr the same
    assert changed_costs(output, {**decided, "work_travel": Decimal("450.00")}) == ()
    # A cost decided last month and not asked for now has changed too (300 kr → 0 kr).
    assert changed_costs(_output({}), decided) == ("Hushållsel",)
    # Nothing decided to compare with: every cost this month is new.
    assert changed_costs(output, None) == ("Hushållsel", "Arbetsresor")
