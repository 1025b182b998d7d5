"""`bistand rules_impact`: stored decisions made again with the installed rules, before the nämnd
approves a version or to find the decisions an earlier version's fault touched (rules 2.0.8:
umgängesbarn on the same days, docs/adr/0315). Nothing is written."""

from __future__ import annotations

import copy
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from bistand import rules
from bistand.decisions.models import Calculation, Decision
from bistand.rules.released import release_for
from tests import factories
from tests.rules.test_properties import ORDER_DEFECT

pytestmark = pytest.mark.django_db

RELEASE_2_0_7 = "2.0.7+292765677d8f"


def decided_under(version: str, data: dict, *, applicant) -> Decision:
    """A decision whose stored calculation was made by the frozen release ``version``."""
    frozen = release_for(version)
    assert frozen is not None
    output = frozen.calculate(data).to_dict()
    decision = factories.decision(applicant=applicant, granted=output["amount"])
    calculation = Calculation.objects.create(
        application_id=decision.application_id,
        rules_version=version,
        input=data,
        output=output,
    )
    Decision.objects.filter(pk=decision.pk).update(calculation=calculation)
    decision.refresh_from_db()
    return decision


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("rules_impact", *args, stdout=out)
    return out.getvalue()


def test_lists_the_decisions_the_umgange_order_fault_touched_and_writes_nothing() -> None:
    listed_first = decided_under(RELEASE_2_0_7, ORDER_DEFECT, applicant=factories.citizen())
    reversed_data = copy.deepcopy(ORDER_DEFECT)
    reversed_data["household"].reverse()
    listed_last = decided_under(RELEASE_2_0_7, reversed_data, applicant=factories.citizen())
    plain = copy.deepcopy(ORDER_DEFECT)
    plain["household"] = plain["household"][:2]
    unchanged = decided_under(RELEASE_2_0_7, plain, applicant=factories.citizen())
    amounts = {d.pk: d.amount for d in (listed_first, listed_last, unchanged)}
    assert {amounts[listed_first.pk], amounts[listed_last.pk]} == {
        Decimal("176.48"),
        Decimal("176.47"),
    }
    wrong = listed_first if amounts[listed_first.pk] == Decimal("176.48") else listed_last
    calculations = Calculation.objects.count()

    text = run()

    assert f"Installerad regelversion: {rules.RULES_VERSION}" in text
    changed = [line for line in text.splitlines() if line.startswith("ärende")]
    assert len(changed) == 1
    assert f"beslut {wrong.pk}," in changed[0]
    assert "176,48\u00a0kr → 176,47\u00a0kr" in changed[0]
    # Lower: the fault was in our rules, not in what the person told us (FL 37 § andra stycket).
    assert "till den enskildes nackdel: får inte ändras" in changed[0]
    assert (
        "3 gällande beslut räknade med en annan regelversion omräknade: 2 oförändrade, 1 " in text
    )
    # Nothing written: the decisions and calculations are as they were.
    assert Calculation.objects.count() == calculations
    assert {d.pk: d.amount for d in Decision.objects.all()} == amounts


def test_skips_decisions_of_the_installed_version_and_reports_what_it_cannot_calculate() -> None:
    current = rules.calculate(ORDER_DEFECT).to_dict()
    made_now = factories.decision(applicant=factories.citizen(), granted=current["amount"])
    calculation = Calculation.objects.create(
        application_id=made_now.application_id,
        rules_version=rules.RULES_VERSION,
        input=ORDER_DEFECT,
        output=current,
    )
    Decision.objects.filter(pk=made_now.pk).update(calculation=calculation)
    by_hand = factories.decision(applicant=factories.citizen())  # no engine calculation
    text = run()
    assert f"beslut {made_now.pk}," not in text
    assert f"beslut {by_hand.pk}, avser" in text and "kan inte räknas om" in text
    assert "1 gällande beslut räknade med en annan regelversion omräknade: 0 oförändrade" in text
    assert "1 kan inte räknas om" in text
    assert run("--rules-version", RELEASE_2_0_7).endswith(
        "omräknade: 0 oförändrade, 0 skulle ändras.\n"
    )


# January 2026, three umgängesbarn for 15 days; the one with 3 000 kr of own income is listed in
# the middle. Under 2.0.7 it took the largest step of the table (2 → 3 persons) as its share, so
# more of its income counted; under 2.0.8 the three share the increase (1 → 4 persons) equally.
MIDDLE_CHILD_WITH_INCOME = {
    "month": "2026-01",
    "household": [
        {"id": "a1", "role": "applicant", "age": 30},
        {"id": "c2", "role": "child", "age": 10, "umgange_days": 15},
        {"id": "c1", "role": "child", "age": 10, "umgange_days": 15},
        {"id": "c3", "role": "child", "age": 4, "umgange_days": 15},
    ],
    "costs": {},
    "incomes": [{"member": "c1", "type": "activity_support", "amount": "3000.00"}],
}


def test_a_higher_amount_is_marked_for_the_case_worker_to_consider() -> None:
    decision = decided_under(RELEASE_2_0_7, MIDDLE_CHILD_WITH_INCOME, applicant=factories.citizen())
    assert decision.amount == Decimal("8728.07")
    (line,) = [x for x in run().splitlines() if x.startswith("ärende")]
    assert f"beslut {decision.pk}," in line
    assert "8\u00a0728,07\u00a0kr → 8\u00a0790,98\u00a0kr" in line
    assert "till den enskildes fördel: pröva ändring, FL 37–38 §§" in line
