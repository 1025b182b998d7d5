"""Meetings within 24 hours: slots, booking on Min sida and by staff, race safety, outcome,
reminders and the 24-hour figure."""

from __future__ import annotations

import itertools
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from bistand.applications import services as application_services
from bistand.applications.models import ApplicationKind
from bistand.audit.models import AccessLogEntry
from bistand.cases.models import CaseEvent
from bistand.messaging import events as messaging_events
from bistand.planning import events as planning_events
from bistand.planning import forms, selectors, services
from bistand.planning.models import Meeting, MeetingReminder, MeetingSlot, MeetingStatus
from tests import factories
from tests.factories import client_for

from .conftest import publish

pytestmark = pytest.mark.django_db


def test_worker_publishes_a_slot_and_bad_input_is_explained_at_the_field(arbetsmarknad):
    client = client_for(arbetsmarknad)
    url = reverse("planning:slot_new")
    response = client.post(
        url, {"day": "igår", "start": "25:99", "minutes": "45", "mode": "in_person", "place": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Skriv datumet som år-månad-dag" in page
    assert "Skriv tiden som timmar och minuter" in page
    assert 'value="igår"' in page  # nothing entered is lost
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        url,
        {"day": tomorrow.isoformat(), "start": "09:30", "minutes": "45", "mode": "in_person"},
    )
    assert response.status_code == 400
    assert "Skriv var besöket är" in response.content.decode()
    response = client.post(
        url, {"day": tomorrow.isoformat(), "start": "09:30", "minutes": "60", "mode": "video"}
    )
    assert response.status_code == 302
    slot = selectors.free_slots(after=timezone.now()).get()
    assert (slot.worker, slot.minutes, slot.mode) == (arbetsmarknad, 60, "video")
    assert timezone.localtime(slot.starts_at).strftime("%H:%M") == "09:30"


def test_a_slot_in_the_past_is_refused(arbetsmarknad):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client_for(arbetsmarknad).post(
        reverse("planning:slot_new"),
        {"day": yesterday.isoformat(), "start": "10:00", "minutes": "45", "mode": "phone"},
    )
    assert response.status_code == 400
    assert "Tiden har redan varit" in response.content.decode()


def test_new_applicant_sees_free_times_on_min_sida_and_books_one(alice, alice_case, arbetsmarknad):
    slot = publish(arbetsmarknad, hours=5)
    client = client_for(alice)
    page = client.get(reverse("applications:min_sida")).content.decode()
    assert "Möte med arbetsmarknadssekreterare" in page
    assert f'value="{slot.pk}"' in page
    response = client.post(
        reverse("planning:citizen_book", args=[alice_case.pk]), {"slot": slot.pk}
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.case_id, meeting.booked_via, meeting.status) == (
        alice_case.pk,
        "citizen",
        "booked",
    )
    event = CaseEvent.objects.get(case=alice_case, kind=planning_events.MEETING_BOOKED)
    assert event.visible_to_citizen and event.data["meeting_id"] == meeting.pk
    page = client.get(reverse("applications:min_sida")).content.decode()
    assert "Ditt bokade möte:" in page
    # "Ring oss" gives the number to ring (issue 15 item 1).
    # The number isolated left to right, so it reads the same in an Arabic sentence (ADR 0245).
    assert f'Ring oss på <bdi dir="ltr">{settings.MUNICIPALITY.contact.phone}</bdi>' in page
    assert "Stadshuset, rum 3" in page


def test_booking_without_choosing_a_time_says_so_at_the_field(alice, alice_case, arbetsmarknad):
    publish(arbetsmarknad)
    response = client_for(alice).post(reverse("planning:citizen_book", args=[alice_case.pk]), {})
    assert response.status_code == 400
    assert "Välj en av tiderna." in response.content.decode()
    assert not Meeting.objects.exists()


def test_second_citizen_on_a_taken_slot_is_told_to_choose_another(
    alice, alice_case, bob, bob_case, arbetsmarknad
):
    slot = publish(arbetsmarknad)
    other = publish(arbetsmarknad, hours=6)
    assert (
        client_for(alice)
        .post(reverse("planning:citizen_book", args=[alice_case.pk]), {"slot": slot.pk})
        .status_code
        == 302
    )
    response = client_for(bob).post(
        reverse("planning:citizen_book", args=[bob_case.pk]), {"slot": slot.pk}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "går inte längre att boka" in page or "hann boka" in page
    assert f'value="{other.pk}"' in page  # the free times are offered again
    assert Meeting.objects.filter(slot=slot).count() == 1


def test_a_case_has_one_upcoming_meeting_at_a_time(alice, alice_case, arbetsmarknad):
    first, second = publish(arbetsmarknad), publish(arbetsmarknad, hours=8)
    services.meeting_book(slot_id=first.pk, case=alice_case, by=alice)
    with pytest.raises(services.PlanningError):
        services.meeting_book(slot_id=second.pk, case=alice_case, by=alice)


@pytest.mark.django_db(transaction=True)
def test_two_citizens_booking_one_slot_at_once_give_exactly_one_meeting(arbetsmarknad):
    from datetime import date

    citizens = [
        factories.citizen(f"c{i}", seed=100 + i, born=date(1990, 1, 1 + i)) for i in range(2)
    ]
    cases = [factories.new_application_submitted(c).case for c in citizens]
    slot = publish(arbetsmarknad)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def book(index: int) -> None:
        try:
            barrier.wait()
            services.meeting_book(slot_id=slot.pk, case=cases[index], by=citizens[index])
            outcomes.append("booked")
        except services.SlotTakenError:
            outcomes.append("taken")
        except Exception as error:  # e.g. SQLite "database is locked": the booking did not happen
            outcomes.append(f"error: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("booked") == 1, outcomes
    assert Meeting.objects.filter(slot=slot).exclude(status="cancelled").count() == 1


def test_staff_books_for_the_applicant_and_it_is_access_logged(alice_case, arbetsmarknad):
    slot = publish(arbetsmarknad)
    response = client_for(arbetsmarknad).post(
        reverse("planning:staff_book", args=[alice_case.pk]), {"slot": slot.pk}
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.booked_via == "staff" and meeting.booked_by == arbetsmarknad
    entry = AccessLogEntry.objects.get(object_type="meeting", action="change")
    assert entry.case_number == alice_case.number and entry.user == arbetsmarknad


def test_the_ekonomisekreterare_taking_a_new_case_books_within_the_promise(
    alice_case, ekonom, arbetsmarknad
):
    """Issue 14 item 6: the booking form, with the times that keep the 24-hour promise, is on
    the ekonomisekreterare's page of the case too; the plan stays the planners'."""
    slot = publish(arbetsmarknad)
    url = reverse("planning:case", args=[alice_case.pk])
    page = client_for(ekonom).get(url).content.decode()
    assert "Boka ett möte åt den sökande" in page
    response = client_for(ekonom).post(
        reverse("planning:staff_book", args=[alice_case.pk]), {"slot": slot.pk}
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.booked_via == "staff" and meeting.booked_by == ekonom
    plan = reverse("planning:plan_edit", args=[alice_case.pk])
    assert client_for(ekonom).get(plan).status_code == 403


def test_worker_records_the_outcome_and_a_stale_form_is_refused(
    alice, alice_case, arbetsmarknad, social
):
    slot = publish(arbetsmarknad)
    meeting = services.meeting_book(slot_id=slot.pk, case=alice_case, by=alice)
    url = reverse("planning:meeting", args=[meeting.pk])
    page = client_for(arbetsmarknad).get(url).content.decode()
    assert "Vad hände på mötet?" in page
    assert AccessLogEntry.objects.filter(object_type="meeting", action="read").count() == 1
    # Before the meeting has started, "held" is refused (issue 14 item 6).
    early = client_for(arbetsmarknad).post(
        url, {"status": "held", "notes": "Planen påbörjad.", "version": meeting.version}
    )
    assert early.status_code == 400
    assert "Mötet har inte börjat än" in early.content.decode()
    MeetingSlot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    response = client_for(arbetsmarknad).post(
        url, {"status": "held", "notes": "Planen påbörjad.", "version": meeting.version}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.outcome_notes, meeting.outcome_by) == (
        MeetingStatus.HELD,
        "Planen påbörjad.",
        arbetsmarknad,
    )
    # A colleague's form opened before the save is refused; what they wrote is kept.
    response = client_for(social).post(
        url, {"status": "not_attended", "notes": "Kom inte.", "version": 1}
    )
    assert response.status_code == 400
    assert "Någon annan har ändrat mötet" in response.content.decode()
    assert "Kom inte." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_outcome_without_a_choice_is_explained(alice, alice_case, arbetsmarknad):
    meeting = services.meeting_book(slot_id=publish(arbetsmarknad).pk, case=alice_case, by=alice)
    response = client_for(arbetsmarknad).post(
        reverse("planning:meeting", args=[meeting.pk]), {"notes": "x", "version": meeting.version}
    )
    assert response.status_code == 400
    assert "Välj vad som hände med mötet." in response.content.decode()


def test_reminder_is_recorded_once_the_day_before(alice, alice_case, arbetsmarknad):
    tomorrow_noon = timezone.make_aware(
        timezone.datetime.combine(
            timezone.localdate() + timedelta(days=1), timezone.datetime.min.time()
        )
    ) + timedelta(hours=12)
    slot = services.slot_publish(
        worker=arbetsmarknad, starts_at=tomorrow_noon, minutes=45, mode="phone"
    )
    later = publish(arbetsmarknad, hours=24 * 5)
    services.meeting_book(slot_id=slot.pk, case=alice_case, by=alice)
    bob_case = factories.new_application_submitted(
        factories.citizen("bob2", seed=9, born=timezone.datetime(1980, 2, 2).date())
    ).case
    services.meeting_book(slot_id=later.pk, case=bob_case, by=arbetsmarknad)
    assert services.meeting_reminders_send() == 1
    assert services.meeting_reminders_send() == 0  # idempotent
    reminder = MeetingReminder.objects.get()
    assert reminder.meeting.slot == slot
    assert "12:00" in reminder.text and alice.display_name not in reminder.text
    event = CaseEvent.objects.get(case=alice_case, kind=messaging_events.MESSAGE)
    assert event.data["topic"] == "meeting_reminder"


def test_reminder_timing_comes_from_the_municipality_directory(
    alice, alice_case, arbetsmarknad, settings
):
    """meetings.reminder_days_before in municipality.yaml: with 3, a meeting in three days is
    reminded of now, and tomorrow's is not (yet)."""
    import dataclasses

    settings.MUNICIPALITY = dataclasses.replace(
        settings.MUNICIPALITY, meeting_reminder_days_before=3
    )
    in_three_days = timezone.make_aware(
        timezone.datetime.combine(
            timezone.localdate() + timedelta(days=3), timezone.datetime.min.time()
        )
    ) + timedelta(hours=10)
    slot = services.slot_publish(
        worker=arbetsmarknad, starts_at=in_three_days, minutes=45, mode="phone"
    )
    services.meeting_book(slot_id=slot.pk, case=alice_case, by=alice)
    assert services.meeting_reminders_send() == 1
    assert "om 3 dagar" in MeetingReminder.objects.get().text


def test_scheduled_jobs_are_registered_and_scheduled():
    from bistand.jobs import registry
    from bistand.jobs.schedules import SCHEDULES

    assert {"planning.meeting_offers", "planning.meeting_reminders"} <= set(registry.names())
    funcs = {s.func for s in SCHEDULES}
    assert {
        "bistand.planning.jobs.enqueue_offers",
        "bistand.planning.jobs.enqueue_reminders",
    } <= funcs


# --- The 24-hour figure -------------------------------------------------------------------------


def test_offer_stats_count_bookings_and_offers_within_24_hours(arbetsmarknad):
    from datetime import date

    now = timezone.now()
    start = now - timedelta(days=2)
    people = [factories.citizen(f"p{i}", seed=300 + i, born=date(1980, 3, 1 + i)) for i in range(4)]
    # 1: booked by the citizen, meeting 5 hours after submitting: counts.
    booked = factories.new_application_submitted(people[0], submitted_at=now - timedelta(hours=1))
    services.meeting_book(
        slot_id=publish(arbetsmarknad, hours=4).pk, case=booked.case, by=people[0]
    )
    # 2: offered free slots within 24 h (recorded by the offer job), did not book: counts.
    factories.new_application_submitted(people[1], submitted_at=now - timedelta(hours=2))
    publish(arbetsmarknad, hours=10)
    assert services.meeting_offers_record(now=now) == 2  # applications 1 and 2
    # 3: booked, but the meeting is more than 24 hours after the application: does not count.
    late = factories.new_application_submitted(people[2], submitted_at=now - timedelta(minutes=30))
    services.meeting_book(slot_id=publish(arbetsmarknad, hours=30).pk, case=late.case, by=people[2])
    # 4: sent in outside the period: not counted at all.
    factories.new_application_submitted(people[3], submitted_at=start - timedelta(hours=1))

    stats = selectors.meeting_offer_stats(start, now + timedelta(seconds=1))
    assert stats.new_applications == 3
    assert stats.offered_within_24h == 2
    assert stats.share == Decimal("0.6667")


def test_offer_with_no_free_slot_in_24_hours_does_not_count(alice):
    application = factories.new_application_submitted(alice)
    services.meeting_offers_record()
    offer = selectors.offer_for_application(application_id=application.pk)
    assert offer is not None and offer.slots_within_24h == 0
    stats = selectors.meeting_offer_stats(
        timezone.now() - timedelta(hours=1), timezone.now() + timedelta(hours=1)
    )
    assert (stats.new_applications, stats.offered_within_24h, stats.share) == (1, 0, Decimal("0"))


def test_offer_stats_of_an_empty_period_have_no_share(db):
    now = timezone.now()
    stats = selectors.meeting_offer_stats(now - timedelta(days=1), now)
    assert (stats.new_applications, stats.offered_within_24h, stats.share) == (0, 0, None)


def test_worker_takes_back_a_free_slot_but_not_a_booked_one(
    alice, alice_case, arbetsmarknad, social
):
    free, booked = publish(arbetsmarknad), publish(arbetsmarknad, hours=7)
    services.meeting_book(slot_id=booked.pk, case=alice_case, by=alice)
    # A colleague cannot take back someone else's time; the owner can.
    assert (
        client_for(social).post(reverse("planning:slot_withdraw", args=[free.pk])).status_code
        == 403
    )
    client = client_for(arbetsmarknad)
    assert client.post(reverse("planning:slot_withdraw", args=[free.pk])).status_code == 302
    free.refresh_from_db()
    assert free.withdrawn_at is not None
    assert not selectors.free_slots(after=timezone.now()).filter(pk=free.pk).exists()
    response = client.post(reverse("planning:slot_withdraw", args=[booked.pk]), follow=True)
    assert "Tiden är bokad. Ställ in mötet först." in response.content.decode()
    booked.refresh_from_db()
    assert booked.withdrawn_at is None


def test_the_schedule_enqueues_one_durable_job_per_time_bucket(alice):
    from bistand.jobs.models import Job
    from bistand.planning import jobs

    factories.new_application_submitted(alice)
    jobs.enqueue_offers()
    jobs.enqueue_offers()
    jobs.enqueue_reminders()
    names = list(Job.objects.filter(name__startswith="planning.").values_list("name", flat=True))
    assert sorted(names) in (
        ["planning.meeting_offers", "planning.meeting_reminders"],
        # the minute may turn between the two calls
        ["planning.meeting_offers", "planning.meeting_offers", "planning.meeting_reminders"],
    )
    assert jobs.meeting_offers() == {"offers": 1}
    assert jobs.meeting_offers() == {"offers": 0}


def test_a_meeting_can_be_cancelled_before_it_starts(alice, alice_case, arbetsmarknad):
    slot = publish(arbetsmarknad)
    meeting = services.meeting_book(slot_id=slot.pk, case=alice_case, by=alice)
    with pytest.raises(services.PlanningError, match="inte börjat"):
        services.meeting_record_outcome(
            meeting=meeting,
            version=meeting.version,
            status="not_attended",
            notes="",
            by=arbetsmarknad,
        )
    meeting = services.meeting_record_outcome(
        meeting=meeting, version=meeting.version, status="cancelled", notes="Sjuk", by=arbetsmarknad
    )
    assert meeting.status == MeetingStatus.CANCELLED


def _new_application(case):
    application = application_services.application_start(
        case=case,
        month=(timezone.localdate().replace(day=1) + timedelta(days=62)).replace(day=1),
        created_by=case.applicant,
        kind=ApplicationKind.NEW,
    )
    return application_services.application_submit(
        application=application, version=application.version, by=case.applicant
    )


def test_the_case_page_marks_times_within_the_24_hour_promise_and_warns_when_none(
    alice_case, arbetsmarknad
):
    _new_application(alice_case)
    late = publish(arbetsmarknad, hours=30)
    url = reverse("planning:case", args=[alice_case.pk])
    page = client_for(arbetsmarknad).get(url).content.decode()
    assert "Ingen ledig tid håller 24-timmarslöftet." in page
    soon = publish(arbetsmarknad, hours=3)
    page = client_for(arbetsmarknad).get(url).content.decode()
    assert "Ingen ledig tid håller 24-timmarslöftet." not in page
    labels = dict(
        forms.BookForm(
            slots=[soon, late],
            promise_deadline=selectors.promise_deadline_for_case(
                case_id=alice_case.pk, now=timezone.now()
            ),
        )
        .fields["slot"]
        .choices
    )
    assert labels[soon.pk].endswith("inom 24-timmarslöftet")
    assert "inom 24-timmarslöftet" not in labels[late.pk]


def test_offer_stats_by_period_equal_the_stats_of_each_period(arbetsmarknad):
    """The follow-up dashboard's monthly table asks every period in one query (issue 16 item
    5): the figures are those of one query per period."""
    from datetime import date

    now = timezone.now()
    people = [factories.citizen(f"q{i}", seed=320 + i, born=date(1981, 4, 1 + i)) for i in range(3)]
    booked = factories.new_application_submitted(people[0], submitted_at=now - timedelta(hours=1))
    services.meeting_book(
        slot_id=publish(arbetsmarknad, hours=4).pk, case=booked.case, by=people[0]
    )
    factories.new_application_submitted(people[1], submitted_at=now - timedelta(days=3))
    factories.new_application_submitted(people[2], submitted_at=now - timedelta(days=9))
    edges = [now - timedelta(days=d) for d in (14, 7, 2, 0)] + [now + timedelta(seconds=1)]
    periods = list(itertools.pairwise(edges))
    assert selectors.meeting_offer_stats_by_period(periods) == [
        selectors.meeting_offer_stats(start, end) for start, end in periods
    ]
    assert selectors.meeting_offer_stats_by_period([]) == []


def _offer_figure_cases(arbetsmarknad):
    """Five new applicants sent in an hour ago: a meeting booked within the window, an offer of
    times within it, an offer without any time, a meeting starting too late, and nothing."""
    from datetime import date

    from bistand.planning.models import MeetingOffer

    now = timezone.now()
    sent = now - timedelta(hours=1)
    people = [factories.citizen(f"w{i}", seed=340 + i, born=date(1982, 5, 1 + i)) for i in range(5)]
    apps = [factories.new_application_submitted(p, submitted_at=sent) for p in people]
    services.meeting_book(
        slot_id=publish(arbetsmarknad, hours=4).pk, case=apps[0].case, by=people[0]
    )
    for app, slots in ((apps[1], 2), (apps[2], 0)):
        MeetingOffer.objects.create(
            application_id=app.pk,
            case_id=app.case_id,
            submitted_at=sent,
            offered_at=sent + timedelta(minutes=5),
            slots_within_24h=slots,
        )
    services.meeting_book(
        slot_id=publish(arbetsmarknad, hours=40).pk, case=apps[3].case, by=people[3]
    )
    return now


def test_offer_figures_count_a_booking_or_an_offer_within_the_window(arbetsmarknad):
    now = _offer_figure_cases(arbetsmarknad)
    stats = selectors.meeting_offer_stats(now - timedelta(days=1), now + timedelta(seconds=1))
    assert (stats.new_applications, stats.offered_within_24h) == (5, 2)
    assert selectors.meeting_offer_stats_by_period(
        [(now - timedelta(days=1), now + timedelta(seconds=1))]
    ) == [stats]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's plan")
def test_offer_figures_look_up_meetings_only_for_applications_that_can_have_one(arbetsmarknad):
    """The dashboard's meetings table (issue 16 item 5): an application with no offer of times
    and no meeting in its case is not looked up in the meeting and offer tables one by one (at a
    month's start that is the whole queue); only the two that could pass are."""
    from django.test.utils import CaptureQueriesContext

    now = _offer_figure_cases(arbetsmarknad)
    with CaptureQueriesContext(connection) as queries:
        selectors.meeting_offer_stats_by_period(
            [(now - timedelta(days=1), now + timedelta(seconds=1))]
        )
    (query,) = [q["sql"] for q in queries.captured_queries if "planning_meeting" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {query}")
        plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            import json

            plan = json.loads(plan)

    def subplan_loops(node):
        if "Subplan Name" in node:
            yield node["Subplan Name"], node.get("Actual Loops", 0)
        for child in node.get("Plans", []):
            yield from subplan_loops(child)

    loops = dict(subplan_loops(plan[0]["Plan"]))
    assert loops  # the plan has the subqueries
    # Before: each correlated look-up ran once per application (5 times each).
    assert max(loops.values()) <= 3, loops
