"""The shared queue "Inkomna ansökningar": what it lists, the SLA clock with Swedish holidays,
filters, claim/release, "Nästa ärende", contributed items and the overdue sweep."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from bistand.applications.models import Channel
from bistand.casework import selectors, services
from bistand.casework.jobs import OVERDUE_SWEEP_JOB, schedule_overdue_sweep
from bistand.casework.models import Escalation
from bistand.core import queue as core_queue
from bistand.core.workdays import is_working_day
from bistand.demo import casework as demo
from bistand.jobs import registry
from bistand.jobs.models import Job
from tests import factories
from tests.factories import client_for, this_month


def local(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 12, 1), date(2026, 12, 2)),  # Tuesday → Wednesday
        (date(2026, 12, 4), date(2026, 12, 7)),  # Friday → Monday
        (date(2026, 6, 18), date(2026, 6, 22)),  # before midsommarafton and midsommardagen
        (date(2026, 12, 23), date(2026, 12, 28)),  # julafton, juldagen, annandag, weekend
        (date(2026, 4, 2), date(2026, 4, 7)),  # långfredagen and annandag påsk
    ],
)
def test_sla_due_is_the_end_of_the_next_working_day(received, due):
    end_of_day = timezone.make_aware(datetime.combine(due, time(23, 59, 59)))
    assert selectors.sla_due(local(received)) == end_of_day


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)))
def test_sla_due_is_always_the_first_working_day_after_receipt(day):
    due = timezone.localtime(selectors.sla_due(local(day))).date()
    assert due > day
    assert is_working_day(due)
    between = [day + timedelta(days=n) for n in range(1, (due - day).days)]
    assert not any(is_working_day(d) for d in between)


def test_queue_lists_routed_applications_with_reasons_channel_kind_and_due(eva, routed):
    response = client_for(eva).get(reverse("casework:queue"))
    page = response.content.decode()
    assert response.status_code == 200
    assert routed.case.number in page
    assert "Nyansökan: en handläggare prövar alltid en första ansökan." in page
    assert "Inkomsterna i ansökan skiljer sig från uppgifterna hos myndigheterna." in page
    assert "E-tjänst" in page
    assert "Senast klart" in page
    assert "Försenad" not in page


def test_the_queue_names_the_month_as_elsewhere_not_as_a_code(eva, routed, settings):
    """Found walking the demo: a queue row said "Ansökan för 2026-12" where the case page says
    "Ansökan för december 2026"; in English "Application for December 2026"."""
    from bistand.core.format import month_label

    client = client_for(eva)
    page = client.get(reverse("casework:queue")).content.decode()
    assert f"Ansökan för {month_label(routed.month)}" in page
    assert f"{routed.month:%Y-%m}<" not in page and f"{routed.month:%Y-%m} " not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("casework:queue")).content.decode()
    assert f"{routed.month:%B %Y}" in page


def test_overdue_flag_and_filters_work_as_a_plain_get_form(eva, db):
    old = demo.routed_application(
        applicant=factories.citizen(f"citizen-{21}", seed=21),
        month=this_month(),
        submitted_at=timezone.now() - timedelta(days=8),
    )
    fresh = demo.routed_application(
        applicant=factories.citizen(f"citizen-{22}", seed=22),
        month=this_month(),
        channel=Channel.PAPER,
    )
    client = client_for(eva)
    overdue_page = client.get(reverse("casework:queue"), {"forsenade": "ja"}).content.decode()
    assert old.case.number in overdue_page and fresh.case.number not in overdue_page
    assert "Försenad:" in overdue_page
    paper_page = client.get(reverse("casework:queue"), {"kanal": "paper"}).content.decode()
    assert fresh.case.number in paper_page and old.case.number not in paper_page
    recurring = client.get(reverse("casework:queue"), {"typ": "recurring"}).content.decode()
    assert old.case.number not in recurring and fresh.case.number not in recurring
    by_reason = client.get(reverse("casework:queue"), {"orsak": "new_application"})
    assert old.case.number in by_reason.content.decode()
    none = client.get(reverse("casework:queue"), {"orsak": "sickness"}).content.decode()
    assert old.case.number not in none
    services.claim_take(user=eva, application=fresh)
    mine = client.get(reverse("casework:queue"), {"mina": "ja"}).content.decode()
    assert fresh.case.number in mine and old.case.number not in mine


def test_next_case_hands_out_the_oldest_due_unclaimed_and_never_the_same_twice(eva, erik, db):
    newer = demo.routed_application(
        applicant=factories.citizen(f"citizen-{31}", seed=31), month=this_month()
    )
    older = demo.routed_application(
        applicant=factories.citizen(f"citizen-{32}", seed=32),
        month=this_month(),
        submitted_at=timezone.now() - timedelta(days=3),
    )
    first = client_for(eva).post(reverse("casework:take_next"))
    assert first.headers["Location"] == reverse("casework:case", args=[older.pk])
    second = client_for(erik).post(reverse("casework:take_next"))
    assert second.headers["Location"] == reverse("casework:case", args=[newer.pk])
    third = client_for(erik).post(reverse("casework:take_next"), follow=True)
    assert "Det finns inga ärenden kvar att ta i kön." in third.content.decode()


def test_a_claimed_case_cannot_be_taken_by_another_until_released(eva, erik, routed):
    client_for(eva).post(reverse("casework:claim", args=[routed.pk]))
    refused = client_for(erik).post(reverse("casework:claim", args=[routed.pk]), follow=True)
    assert "En annan handläggare har redan tagit ärendet." in refused.content.decode()
    assert selectors.claim_for(application_id=routed.pk).claimed_by == eva
    # Erik may not release Eva's claim either; Eva may.
    client_for(erik).post(reverse("casework:release", args=[routed.pk]))
    assert selectors.claim_for(application_id=routed.pk) is not None
    client_for(eva).post(reverse("casework:release", args=[routed.pk]))
    assert selectors.claim_for(application_id=routed.pk) is None
    client_for(erik).post(reverse("casework:claim", args=[routed.pk]))
    assert selectors.claim_for(application_id=routed.pk).claimed_by == erik


def test_items_contributed_by_other_apps_join_the_queue(eva, db):
    def appeals() -> list[core_queue.QueueItem]:
        return [
            core_queue.QueueItem(
                kind="appeal",
                kind_label="Överklagande",
                title="Överklagande av beslut 2026-11-03",
                url="/overklagande/1/",
                case_number="EB-2026-999999",
                received_at=timezone.now() - timedelta(days=5),
                reasons=("Överklagandet ska prövas inom en vecka.",),
            )
        ]

    core_queue.queue_source(appeals)
    try:
        page = client_for(eva).get(reverse("casework:queue"), {"forsenade": "ja"}).content
        text = page.decode()
        assert "Överklagande" in text and "EB-2026-999999" in text
        assert "Överklagandet ska prövas inom en vecka." in text
    finally:
        core_queue._SOURCES.remove(appeals)


def test_overdue_sweep_escalates_once_and_only_the_enhetschef_sees_it(eva, elin, db):
    late = demo.routed_application(
        applicant=factories.citizen(f"citizen-{41}", seed=41),
        month=this_month(),
        submitted_at=timezone.now() - timedelta(days=6),
    )
    on_time = demo.routed_application(
        applicant=factories.citizen(f"citizen-{42}", seed=42), month=this_month()
    )
    result = registry.get(OVERDUE_SWEEP_JOB).apply()
    assert result == {"escalated": 1}
    assert registry.get(OVERDUE_SWEEP_JOB).apply() == {"escalated": 0}
    escalation = Escalation.objects.get()
    assert escalation.application_id == late.pk
    assert escalation.due_at == selectors.sla_due(late.submitted_at)
    assert not Escalation.objects.filter(application_id=on_time.pk).exists()
    chief_page = client_for(elin).get(reverse("casework:queue")).content.decode()
    assert "Försenade ärenden som eskalerats till dig" in chief_page
    assert "eskalerad till enhetschef" in chief_page
    worker_page = client_for(eva).get(reverse("casework:queue")).content.decode()
    assert "Försenade ärenden som eskalerats till dig" not in worker_page


def test_the_schedule_enqueues_one_durable_sweep_job_per_window(db):
    schedule_overdue_sweep()
    schedule_overdue_sweep()
    assert Job.objects.filter(name=OVERDUE_SWEEP_JOB).count() == 1


def test_escalation_is_append_only(eva, db):
    demo.routed_application(
        applicant=factories.citizen(f"citizen-{51}", seed=51),
        month=this_month(),
        submitted_at=timezone.now() - timedelta(days=6),
    )
    services.queue_escalate_overdue()
    escalation = Escalation.objects.get()
    with pytest.raises(ValueError):
        escalation.save()
    with pytest.raises(ValueError):
        escalation.delete()


def test_every_queue_item_says_why_in_swedish_without_codes(eva, routed, db):
    paper = demo.routed_application(
        applicant=factories.citizen(f"citizen-{41}", seed=41),
        month=this_month(),
        channel=Channel.PAPER,
    )
    from bistand.decisions.models import Triage

    Triage.objects.filter(application_id=paper.pk).delete()  # e.g. registered on paper
    page = client_for(eva).get(reverse("casework:queue")).content.decode()
    assert "(lön)" in page and "(salary)" not in page
    assert "Pappersansökan: en handläggare registrerar och prövar den." in page
    case_page = client_for(eva).get(reverse("casework:case", args=[paper.pk])).content.decode()
    assert "Inga orsaker är registrerade" not in case_page
    assert "Pappersansökan: en handläggare registrerar och prövar den." in case_page
