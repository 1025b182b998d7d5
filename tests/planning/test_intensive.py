"""Intensive motivational work (Landskrona): up to N clients per worker (default 15), 1–5
planned meetings a week, adherence = held meetings against planned over the last 4 weeks."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from bistand.cases.models import Case
from bistand.planning import selectors, services
from bistand.planning.models import IntensiveClient, Meeting, MeetingSlot, MeetingStatus
from tests import factories
from tests.factories import client_for

pytestmark = pytest.mark.django_db


def make_cases(n: int) -> list[Case]:
    cases = []
    for i in range(n):
        citizen = factories.citizen(
            f"k{i}", seed=1000 + i, born=date(1970 + i % 30, 1 + i % 12, 1 + i % 28)
        )
        cases.append(Case.objects.create(number=f"EB-2026-{900000 + i}", applicant=citizen))
    return cases


def test_the_sixteenth_client_is_refused_with_a_clear_message(arbetsmarknad):
    cases = make_cases(16)
    client = client_for(arbetsmarknad)
    for case in cases[:15]:
        response = client.post(
            reverse("planning:intensive"), {"case_number": case.number, "meetings_per_week": "2"}
        )
        assert response.status_code == 302
    response = client.post(
        reverse("planning:intensive"), {"case_number": cases[15].number, "meetings_per_week": "3"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Listan är full: du kan ha högst 15 personer" in page
    assert f'value="{cases[15].number}"' in page
    assert IntensiveClient.objects.filter(worker=arbetsmarknad, ended_at=None).count() == 15
    # Ending one frees a place.
    entry = IntensiveClient.objects.filter(worker=arbetsmarknad).first()
    assert entry is not None
    # The first press asks for confirmation and changes nothing (issue 14 item 6).
    ask = client.post(reverse("planning:intensive_end", args=[entry.pk]))
    assert ask.status_code == 200 and "Ta bort från listan?" in ask.content.decode()
    entry.refresh_from_db()
    assert entry.ended_at is None
    client.post(reverse("planning:intensive_end", args=[entry.pk]), {"confirm": "yes"})
    entry.refresh_from_db()
    assert entry.ended_at is not None
    services.intensive_add(
        worker=arbetsmarknad, case=cases[15], meetings_per_week=3, by=arbetsmarknad
    )


@override_settings(PLANNING_INTENSIVE_MAX_CLIENTS=2)
def test_the_limit_is_a_setting(social):
    cases = make_cases(3)
    for case in cases[:2]:
        services.intensive_add(worker=social, case=case, meetings_per_week=1, by=social)
    with pytest.raises(services.IntensiveListFullError, match="högst 2 personer"):
        services.intensive_add(worker=social, case=cases[2], meetings_per_week=1, by=social)


def test_frequency_must_be_one_to_five_and_a_case_sits_on_one_list(arbetsmarknad, social):
    (case,) = make_cases(1)
    for bad in (0, 6):
        with pytest.raises(services.PlanningError, match="mellan 1 och 5"):
            services.intensive_add(worker=social, case=case, meetings_per_week=bad, by=social)
    services.intensive_add(worker=social, case=case, meetings_per_week=5, by=social)
    with pytest.raises(services.PlanningError, match="redan på en lista"):
        services.intensive_add(
            worker=arbetsmarknad, case=case, meetings_per_week=1, by=arbetsmarknad
        )


def test_unknown_case_number_is_explained_at_the_field(social):
    response = client_for(social).post(
        reverse("planning:intensive"), {"case_number": "EB-1999-000001", "meetings_per_week": "9"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Välj mellan 1 och 5 möten i veckan." in page


def held_meeting(worker, case: Case, when, status=MeetingStatus.HELD) -> Meeting:
    slot = MeetingSlot.objects.create(worker=worker, starts_at=when, minutes=45, mode="phone")
    return Meeting.objects.create(
        slot=slot, case_id=case.pk, status=status, booked_by=worker, booked_via="staff"
    )


def test_adherence_counts_held_meetings_against_planned_over_four_weeks(social):
    now = timezone.now()
    case_a, case_b = make_cases(2)
    entry_a = services.intensive_add(
        worker=social, case=case_a, meetings_per_week=2, by=social, now=now - timedelta(weeks=10)
    )
    services.intensive_add(
        worker=social, case=case_b, meetings_per_week=3, by=social, now=now - timedelta(days=14)
    )
    for days in (1, 5, 9, 12, 20, 26):
        held_meeting(social, case_a, now - timedelta(days=days))
    held_meeting(social, case_a, now - timedelta(days=40))  # before the window
    held_meeting(social, case_a, now - timedelta(days=3), status=MeetingStatus.NOT_ATTENDED)
    held_meeting(social, case_b, now - timedelta(days=2))

    rows = {r.case_id: r for r in selectors.intensive_adherence(worker=social, as_of=now)}
    assert (rows[case_a.pk].planned, rows[case_a.pk].held) == (8, 6)
    assert rows[case_a.pk].share == Decimal("0.7500")
    # Joined two weeks ago: 3 a week for two weeks.
    assert (rows[case_b.pk].planned, rows[case_b.pk].held) == (6, 1)
    assert rows[case_b.pk].share == Decimal("0.1667")
    assert rows[case_a.pk].entry_id == entry_a.pk

    page = client_for(social).get(reverse("planning:intensive")).content.decode()
    assert case_a.number in page and "75 %" in page


@given(
    per_week=st.integers(min_value=1, max_value=5),
    days=st.integers(min_value=0, max_value=28),
)
def test_planned_meetings_never_exceed_the_frequency_times_the_weeks(per_week, days):
    start = timezone.now()
    planned = selectors.planned_meetings(
        meetings_per_week=per_week, period_start=start, end=start + timedelta(days=days)
    )
    assert 0 <= planned <= per_week * 4
    assert planned == per_week * days // 7
    if days % 7 == 0:
        assert planned == per_week * (days // 7)
