"""Issue 14 item 9: aktivitetskrav. Each adult's planned and attended hours in the plan, who is
due and who falls short, a prepared decision for the case worker, and never a refusal or a
reduction by the automated decision function. The law is provisional (prop. 2025/26:207)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bistand.accounts.models import Role
from bistand.audit.models import AccessLogEntry
from bistand.cases import services as case_services
from bistand.decisions.models import Decision, Triage
from bistand.planning.models import ActivityDecisionDraft, ActivityHours
from bistand.rules.law.aktivitetskrav import (
    ActivityFacts,
    assess,
    consecutive_months,
    expected_weekly_hours,
)
from bistand.rules.parameters import law_parameters
from tests import factories
from tests.decisions.conftest import process, recurring_application, routine_citizen
from tests.factories import client_for
from tests.registers.conftest import (  # noqa: F401  (fixtures)
    _clean_simulator,
    registers_settings,
)

OCT = date(2026, 10, 1)
SUMMER = (date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1))


def facts(**overrides) -> ActivityFacts:
    values = {"month": OCT, "age": 35, "granted_months_before": SUMMER}
    values.update(overrides)
    return ActivityFacts(**values)


def test_the_dates_in_the_proposition():
    """In force 2026-07-01; first applied to försörjningsstöd for October 2026."""
    assert assess(facts(month=date(2026, 6, 1))).status == "not_in_force"
    assert assess(facts(month=date(2026, 9, 1))).status == "not_yet"
    assert assess(facts(planned_hours=Decimal(120))).status == "not_reported"


def test_three_consecutive_months_before_the_month():
    assert assess(facts(granted_months_before=SUMMER[1:])).status == "not_due"
    gap = (date(2026, 6, 1), date(2026, 7, 1), date(2026, 9, 1))
    assert assess(facts(granted_months_before=gap)).status == "not_due"
    assert assess(facts()).status == "no_plan"


def test_exemptions_and_hours():
    assert assess(facts(age=67)).status == "exempt"
    assert assess(facts(exemption="school_18_20")).label.startswith("18–20 år")
    assert expected_weekly_hours(OCT, has_child_under_8=False) == Decimal(40)
    assert expected_weekly_hours(OCT, has_child_under_8=True) == Decimal(30)
    short = assess(facts(planned_hours=Decimal(120), attended_hours=Decimal("80.5")))
    assert (short.status, short.shortfall) == ("short", Decimal("39.5"))
    assert assess(facts(planned_hours=Decimal(80), attended_hours=Decimal(80))).status == "met"


def test_every_parameter_is_dated_provisional_and_referenced():
    p = law_parameters()
    ids = [i for i in p.ids() if i.startswith("aktivitetskrav.")]
    assert len(ids) == 6
    for param_id in ids:
        for _valid_from, reference, provisional, _note in p.raw_values(param_id):
            assert provisional and reference


@given(
    months=st.sets(st.integers(min_value=0, max_value=23), max_size=24),
    target=st.integers(min_value=4, max_value=23),
)
def test_consecutive_counts_the_unbroken_run_before_the_month(months, target):
    def nth(n: int) -> date:
        return date(2025 + n // 12, n % 12 + 1, 1)

    run = 0
    while target - 1 - run in months:
        run += 1
    assert consecutive_months(nth(target), tuple(nth(m) for m in months)) == run


@pytest.fixture
def household(db):
    worker = factories.staff(Role.EKONOMISEKRETERARE, "eva", display_name="Eva Ekonom")
    citizen = routine_citizen(11)
    application = recurring_application(citizen, worker)
    return worker, citizen, application


def _month(application) -> str:
    return f"{application.month:%Y-%m}"


def test_the_planner_records_hours_and_the_case_worker_sees_who_falls_short(household):
    worker, citizen, application = household
    case = application.case
    # Three months in a row granted before this month (the fixture decided last month).
    from bistand.demo import scenarios

    for back in (2, 3):
        month = application.month
        for _ in range(back):
            month = scenarios.previous_month(month)
        scenarios.decided_month(
            applicant=citizen, month=month, answers=scenarios.routine_answers(), decided_by=worker
        )
    planner = factories.staff(Role.ARBETSMARKNADSSEKRETERARE, "ali", display_name="Ali Arbete")
    url = f"/planering/arenden/{case.pk}/aktivitet/?manad={_month(application)}"
    bad = client_for(planner).post(
        url, {"action": "record", "person": str(citizen.pk), "planned_hours": "tolv"}
    )
    assert bad.status_code == 400
    assert "Skriv timmarna som en siffra, till exempel 12,5." in bad.content.decode()
    assert 'value="tolv"' in bad.content.decode()  # nothing typed is lost
    saved = client_for(planner).post(
        url,
        {
            "action": "record",
            "person": str(citizen.pk),
            "planned_hours": "120",
            "attended_hours": "80,5",
        },
    )
    assert saved.status_code == 302
    row = ActivityHours.objects.get()
    assert (row.planned_hours, row.attended_hours, row.recorded_by) == (
        Decimal("120.0"),
        Decimal("80.5"),
        planner,
    )
    # The ekonomisekreterare reads but does not record hours.
    refused = client_for(worker).post(
        url, {"action": "record", "person": str(citizen.pk), "planned_hours": "1"}
    )
    assert refused.status_code == 403
    overview = (
        client_for(worker)
        .get(f"/planering/aktivitetskrav/?manad={_month(application)}")
        .content.decode()
    )
    assert case.number in overview
    assert "Omfattas och deltog mindre än planerat." in overview
    assert "1 har deltagit mindre än planerat" in overview
    assert AccessLogEntry.objects.filter(user=worker, object_type="activity_overview").exists()
    # The case worker prepares the decision; it decides nothing.
    prepared = client_for(worker).post(url, {"action": "prepare", "person": str(citizen.pk)})
    assert prepared.status_code == 302
    draft = ActivityDecisionDraft.objects.get()
    assert "hade 120 timmar aktivitet planerade" in draft.text
    assert "deltog 80,5 timmar (39,5 timmar mindre än planerat)" in draft.text
    assert "godtagbart skäl" in draft.text and "25 § förvaltningslagen" in draft.text
    assert "den automatiserade beslutsfunktionen gör det aldrig" in draft.text
    assert "preliminärt" in draft.text
    page = client_for(worker).get(url).content.decode()
    assert "Förberett beslutsunderlag" in page
    # A planner cannot prepare the decision (it is the case worker's).
    assert (
        client_for(planner).post(url, {"action": "prepare", "person": str(citizen.pk)}).status_code
        == 400
    )


@pytest.mark.usefixtures("registers_settings")
def test_the_automated_function_never_refuses_or_reduces_for_it(household):
    """However short the attendance, the robot's decision is the calculation's amount."""
    _worker, citizen, application = household
    planner = factories.staff(Role.SOCIALSEKRETERARE, "sara")
    from bistand.planning import services

    services.activity_hours_record(
        case=application.case,
        person=citizen,
        month=application.month,
        planned=Decimal("160"),
        attended=Decimal("0"),
        exemption="",
        has_child_under_8=False,
        note="Kom inte till någon aktivitet.",
        by=planner,
    )
    process(application)
    decision = Decision.objects.get(application_id=application.pk)
    triage = Triage.objects.get(application_id=application.pk)
    assert decision.automated and triage.automated and triage.reasons == []
    assert decision.outcome == "granted"
    assert decision.amount == Decimal(str(triage.calculation.output["amount"]))
    assert "aktivitet" not in decision.letter_html.lower()


def test_a_bad_month_is_explained(db):
    client = client_for(factories.staff(Role.EKONOMISEKRETERARE))
    response = client.get("/planering/aktivitetskrav/?manad=oktober")
    assert response.status_code == 400
    assert "Skriv månaden som ÅÅÅÅ-MM." in response.content.decode()


def test_the_person_must_belong_to_the_case(db):
    from bistand.planning import services

    citizen = factories.citizen()
    case = case_services.case_get_or_open(applicant=citizen)
    with pytest.raises(services.PlanningError):
        services.activity_hours_record(
            case=case,
            person=factories.citizen(),
            month=OCT,
            planned=Decimal(1),
            attended=None,
            exemption="",
            has_child_under_8=False,
            note="",
            by=factories.staff(Role.SOCIALSEKRETERARE),
        )
