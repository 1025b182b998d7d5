"""The automated decision function end to end: submitted application → registers → calculation →
triage → decision or queue, through the real job and the register simulator."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bistand import rules
from bistand.applications.models import ApplicationStatus
from bistand.cases.models import CaseEvent
from bistand.decisions import events as decision_events
from bistand.decisions.models import Calculation, Decision, Triage
from bistand.decisions.pipeline import process as pipeline_process
from bistand.demo import scenarios
from bistand.payments.models import PaymentOrder
from bistand.registers.models import RegisterFetch

from .conftest import process, recurring_application, routine_citizen

pytestmark = pytest.mark.usefixtures("registers_settings")


def reasons_of(application) -> list[str]:
    return [r["code"] for r in Triage.objects.get(application_id=application.pk).reasons]


def test_routine_recurring_application_is_decided_automatically(citizen, worker):
    application = recurring_application(citizen, worker)
    assert process(application) == "done"

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECIDED
    decision = Decision.objects.get(application_id=application.pk)
    assert decision.automated and decision.decided_by_id is None
    assert decision.decided_by_label == "Automatiserad beslutsfunktion"
    assert "KL" in decision.delegation_reference or "6 kap. 37 §" in decision.delegation_reference

    # The amount is exactly what the rules engine gives for the stored input.
    calculation = Calculation.objects.get(application_id=application.pk)
    assert calculation.rules_version == rules.RULES_VERSION
    expected = rules.calculate(calculation.input).amount
    assert decision.amount == expected > Decimal("0")
    assert decision.outcome == "granted"
    assert decision.payment_date is not None

    # The letter: outcome per post, the amount, the calculation, the payment date, how to appeal.
    letter = decision.letter_html
    assert "Försörjningsstöd beviljas" in letter
    assert scenarios_kronor(decision.amount) in letter
    assert "förvaltningsrätten" in letter.lower() and "tre veckor" in letter
    assert f"{decision.payment_date:%Y-%m-%d}" in letter

    kinds = list(CaseEvent.objects.filter(application=application).values_list("kind", flat=True))
    pipeline_kinds = [
        k
        for k in kinds
        if k
        in {decision_events.REGISTERS_FETCHED, decision_events.CALCULATED, decision_events.DECIDED}
    ]
    assert pipeline_kinds == [
        decision_events.REGISTERS_FETCHED,
        decision_events.CALCULATED,
        decision_events.DECIDED,
    ]
    # The payment order is made in the decision's own transaction.
    assert PaymentOrder.objects.filter(decision_id=decision.pk).count() == 1


def scenarios_kronor(amount: Decimal) -> str:
    from bistand.core.format import kronor

    return kronor(amount)


def test_every_fetch_is_logged_with_purpose_and_legal_basis(citizen, worker):
    application = recurring_application(citizen, worker)
    process(application)
    fetches = RegisterFetch.objects.all()
    assert fetches.count() >= 6
    for fetch in fetches:
        assert fetch.purpose and fetch.legal_basis
        assert application.case.number in fetch.case_reference


def test_the_job_run_twice_gives_one_decision(citizen, worker):
    application = recurring_application(citizen, worker)
    assert process(application) == "done"
    assert process(application) == "not claimed"
    # Even the job's body run again (a redelivery after a lost acknowledgement) changes nothing.
    assert pipeline_process(application_id=application.pk, prepared={})["outcome"] == (
        "already processed"
    )
    assert Decision.objects.filter(application_id=application.pk).count() == 1
    assert Triage.objects.filter(application_id=application.pk).count() == 1


def test_new_application_goes_to_the_queue(db, registers_settings):
    from bistand.applications import services
    from bistand.cases import services as case_services

    citizen = routine_citizen(2)

    case = case_services.case_get_or_open(applicant=citizen)
    application = services.application_start(
        case=case,
        month=this_month(),
        created_by=citizen,
        kind="new",
        answers=scenarios.routine_answers(),
    )
    application = scenarios.submit(application, citizen)
    process(application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_QUEUE
    assert "new_application" in reasons_of(application)
    assert not Decision.objects.filter(application_id=application.pk).exists()
    assert CaseEvent.objects.filter(
        application=application, kind=decision_events.ROUTED_TO_QUEUE
    ).exists()


def this_month():
    from .conftest import this_month as month

    return month()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda a: a["housing"].update(rent="4100.00"), "rent_changed"),
        (lambda a: a["housing"].update(rent="5900.00"), "rent_above_guideline"),
        (lambda a: a["household"].update(other_adults_count=1), "household_changed"),
        (lambda a: a["incomes"].update(a1={"salary": "3000.00"}), "income_types_changed"),
        (lambda a: a["work"].update(a1={"situation": "sick", "details": ""}), "sickness"),
        (
            lambda a: a["needs"].update(
                items=[{"type": "dental_care", "amount": "1800.00", "reason": "Tandvärk"}]
            ),
            "livsforing_needs",
        ),
        (lambda a: a["consent"].update(registers=False), "no_consent"),
    ],
)
def test_changes_in_the_application_route_to_the_queue(citizen, worker, change, reason):
    answers = scenarios.routine_answers()
    change(answers)
    if reason == "household_changed":
        answers["other_adults"] = {"items": [{"birth_date": "2001-05-05"}]}
    application = recurring_application(citizen, worker, answers)
    process(application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_QUEUE
    assert reason in reasons_of(application)
    assert not Decision.objects.filter(application_id=application.pk).exists()


@pytest.mark.parametrize(
    ("name", "source", "params", "reason"),
    [
        ("income_mismatch", "SKV", {"amount": "4000"}, "income_mismatch"),
        ("not_registered_af", "AF", {}, "not_registered_af"),
        ("no_active_plan", "AF", {}, "no_active_plan"),
        ("sickness", "FK", {}, "sickness"),
    ],
)
def test_what_the_registers_say_routes_to_the_queue(
    citizen, worker, simulator, name, source, params, reason
):
    from .conftest import scenario

    scenario(simulator, citizen.personnummer, name, source, **params)
    application = recurring_application(citizen, worker)
    process(application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_QUEUE
    assert reason in reasons_of(application)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("timeout", {"seconds": 10}),
        ("error", {"status": 503}),
        ("garbage", {"variant": "invalid_json"}),
        ("garbage", {"variant": "wrong_shape"}),
        ("garbage", {"variant": "wrong_types"}),
    ],
)
@pytest.mark.parametrize("source", ["AF", "FK", "SKV"])
def test_register_faults_never_reject_and_never_lose_the_application(
    citizen, worker, simulator, registers_settings, name, params, source
):
    from .conftest import scenario

    registers_settings.REGISTERS_READ_TIMEOUT = 0.5
    registers_settings.REGISTERS_RETRIES = 0
    scenario(simulator, citizen.personnummer, name, source, **params)
    application = recurring_application(citizen, worker)
    assert process(application) == "done"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_QUEUE
    reasons = Triage.objects.get(application_id=application.pk).reasons
    missing = [r for r in reasons if r["code"] == "register_data_missing"]
    assert missing and source in missing[0]["text"]
    assert not Decision.objects.filter(application_id=application.pk).exists()
    # The calculation was still made, for the case worker.
    assert Calculation.objects.filter(application_id=application.pk).exists()


def test_a_calculation_fault_goes_to_a_case_worker_not_a_rejection(citizen, worker, monkeypatch):
    from bistand.decisions import rules_adapter

    def broken(rules_input):
        raise rules.InputError([rules.FieldError("costs.rent", "ogiltigt", "invalid")])

    application = recurring_application(citizen, worker)
    monkeypatch.setattr(rules_adapter, "calculate", broken)
    process(application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_QUEUE
    assert reasons_of(application) == ["calculation_failed"]
    assert not Decision.objects.filter(application_id=application.pk).exists()


def _young_adult_birth_date(age: int) -> str:
    month = this_month()
    return f"{month.year - age - 1}-{month.month:02d}-15"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda a: a["housing"].update(work_travel="600.00"), "costs_changed"),
        (lambda a: a["housing"].update(work_travel="600.00"), "work_travel_without_employment"),
        (lambda a: a["housing"].update(household_electricity="999.00"), "costs_changed"),
        (
            lambda a: a["assets"].update(has_vehicle=True, vehicle_value="40000.00"),
            "assets_not_liquid",
        ),
        (lambda a: a["assets"].update(other_assets="Sommarstuga"), "assets_not_liquid"),
    ],
)
def test_costs_and_assets_route_to_the_queue(citizen, worker, change, reason):
    """Issue 11 items 6–7: other costs compared with last month field by field, work travel
    needs employment, and a non-liquid asset is never deducted by the robot."""
    answers = scenarios.routine_answers()
    change(answers)
    application = recurring_application(citizen, worker, answers)
    process(application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_QUEUE
    assert reason in reasons_of(application)


def test_a_child_of_19_without_an_answer_about_school_goes_to_the_queue_with_its_reason(
    citizen, worker
):
    answers = scenarios.routine_answers()
    answers["household"]["children_count"] = 1
    answers["children"] = {
        "items": [{"birth_date": _young_adult_birth_date(19), "lunch_at_school": True}]
    }
    application = recurring_application(citizen, worker, answers)
    process(application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_QUEUE
    assert "skolungdom_missing" in reasons_of(application)
    assert "calculation_failed" not in reasons_of(application)


def test_bistand_calculate_and_the_robot_give_the_same_amount(citizen, worker, tmp_path, capsys):
    """The same household through the e-service and the robot, and through `bistand calculate`:
    a friend sharing the home, a 19-year-old at gymnasiet, a child with barnpension."""
    import json

    from bistand.applications.answers import rules_input_from_answers
    from bistand.decisions.rules_adapter import with_municipality
    from bistand.rules.cli import main as calculate_cli

    answers = scenarios.routine_answers()
    answers["household"].update(children_count=2, other_adults_count=1)
    answers["children"] = {
        "items": [
            {"birth_date": _young_adult_birth_date(19), "lunch_at_school": True, "in_school": True},
            {
                "birth_date": _young_adult_birth_date(9),
                "lunch_at_school": True,
                "own_incomes": {"pension": "9000.00"},
            },
        ]
    }
    answers["other_adults"] = {"items": [{"birth_date": "1990-03-03", "relation": "friend"}]}
    answers["housing"].update(rent="9000.00")
    application = recurring_application(citizen, worker, answers)
    process(application)
    calculation = Calculation.objects.get(application_id=application.pk)

    typed_in = with_municipality(
        rules_input_from_answers(
            answers,
            month=application.month,
            applicant_personnummer=citizen.personnummer,
            first_time_applicant=False,
        )
    )
    path = tmp_path / "hushall.json"
    path.write_text(json.dumps(typed_in), encoding="utf-8")
    assert calculate_cli([str(path), "--compact"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["amount"] == calculation.output["amount"]
    assert printed["riksnorm"] == calculation.output["riksnorm"]
    # the friend is his or her own household, the child's pension covers only the child's share
    rules_used = {line["rule"] for line in printed["lines"]}
    assert {"riksnorm.shared.own_share", "riksnorm.other_adult"} <= rules_used
    assert "inkomster.child_own_share" in rules_used


def test_registers_answering_after_the_fetch_timeout_send_the_case_to_the_queue(
    citizen, worker, simulator, registers_settings
):
    """A late answer (here: every source slower than BISTAND_REGISTERS_FETCH_TIMEOUT) is a
    recorded result: the case goes to a case worker with its reason, never a rejection."""
    from .conftest import scenario

    registers_settings.REGISTERS_FETCH_TIMEOUT = 0.3
    scenario(simulator, citizen.personnummer, "slow", "*", seconds=2)
    application = recurring_application(citizen, worker)
    assert process(application) == "done"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_QUEUE
    assert "register_late" in reasons_of(application)
    assert not Decision.objects.filter(application_id=application.pk).exists()
    statuses = set(
        RegisterFetch.objects.filter(subject=citizen.personnummer).values_list("status", flat=True)
    )
    assert statuses == {"timeout"}


def test_other_costs_are_compared_with_last_months_decided_costs_not_its_answers(citizen, worker):
    """Issue 11 item 7: the robot compares each cost other than rent with what last month's
    decision approved. Last month the citizen shared the home with a friend and asked for the
    whole home's electricity 600 kr; the decision approved the family's share 600 × 1 / 2 =
    300 kr. This month the same household asks 600 kr again: the approved share is 300 kr, the
    same as decided, so no cost has changed and the motivering may say so."""
    answers = scenarios.routine_answers(electricity="600.00")
    answers["household"].update(other_adults_count=1)
    answers["other_adults"] = {"items": [{"birth_date": "1990-03-03", "relation": "friend"}]}
    application = recurring_application(citizen, worker, answers, previous_answers=answers)
    process(application)
    application.refresh_from_db()
    assert "costs_changed" not in reasons_of(application)
    decision = Decision.objects.get(application_id=application.pk)
    assert any("inget har ändrats" in p for p in decision.motivering["paragraphs"])


def test_a_cost_last_month_did_not_decide_is_new_and_goes_to_the_queue(citizen, worker):
    """Last month decided no work travel; this month 450 kr (with a salary, so employment is
    in the answers): a new cost, 450 kr ≠ 0 kr decided → costs_changed, and no decision."""
    answers = scenarios.routine_answers()
    answers["housing"].update(work_travel="450.00")
    answers["work"] = {"a1": {"situation": "working", "details": ""}}
    application = recurring_application(citizen, worker, answers)
    process(application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_QUEUE
    triage_reasons = Triage.objects.get(application_id=application.pk).reasons
    changed = [r for r in triage_reasons if r["code"] == "costs_changed"]
    assert changed and "Arbetsresor" in changed[0]["text"]
    assert "Hushållsel" not in changed[0]["text"]  # 300 kr asked and 300 kr decided
