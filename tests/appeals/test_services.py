"""Appeals as the nämnd and an auditor see them: deadline, late flag, rättidsprövning, omprövning
with a named case worker, forwarding, court outcome, the changed-on-appeal figures and the queue."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from bistand.accounts.models import Role
from bistand.appeals import events as appeal_events
from bistand.appeals import selectors, services
from bistand.appeals.models import AppealStatus, CourtOutcome
from bistand.audit.models import AccessLogEntry
from bistand.cases.models import CaseEvent
from bistand.core import queue
from bistand.core.workdays import is_working_day
from bistand.decisions import events as decision_events
from bistand.decisions.models import Decision
from bistand.decisions.services import Post
from tests import factories

pytestmark = pytest.mark.django_db


def _post(decision: Decision, granted: str) -> list[Post]:
    p = decision.posts[0]
    return [
        Post(
            post=p["post"],
            label=p["label"],
            applied=Decimal(p["applied"]),
            granted=Decimal(granted),
            reason="Hyran godtas i sin helhet.",
            legal_source=p["legal_source"],
        )
    ]


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)))
def test_deadline_is_three_weeks_moved_to_a_working_day(received_on):
    deadline = services.appeal_deadline(received_on=received_on)
    assert deadline >= received_on + timedelta(days=21)
    assert is_working_day(deadline)
    # Only moved past days off: every day between three weeks and the deadline is a day off.
    day = received_on + timedelta(days=21)
    while day < deadline:
        assert not is_working_day(day)
        day += timedelta(days=1)


def test_deadline_on_a_sunday_moves_to_monday():
    # Decision received Sunday 2026-11-01: three weeks is Sunday 2026-11-22 → Monday 23rd.
    assert services.appeal_deadline(received_on=date(2026, 11, 1)) == date(2026, 11, 23)


def test_appeal_in_time_is_received_with_a_case_event_without_its_text(alice, alice_decision):
    appeal = services.appeal_submit(
        decision=alice_decision, by=alice, wanted_change="Mer pengar", reasons="Hyran är fel"
    )
    assert appeal.status == AppealStatus.RECEIVED
    assert appeal.late is False
    assert appeal.decision_automated is True
    assert appeal.deadline >= timezone.localdate() + timedelta(days=21)
    event = CaseEvent.objects.get(kind=appeal_events.APPEAL_RECEIVED)
    assert event.case_id == alice_decision.case_id
    assert event.data == {"appeal_id": appeal.pk, "decision_id": alice_decision.pk, "late": False}
    assert "Hyran" not in str(event.data)


def test_late_appeal_is_still_received_and_flagged(alice):
    old = factories.decision(applicant=alice, decided_at=timezone.now() - timedelta(days=40))
    appeal = services.appeal_submit(decision=old, by=alice, wanted_change="x", reasons="y")
    assert appeal.late is True
    assert appeal.status == AppealStatus.RECEIVED
    assert [item.reasons for item in queue.contributed_items() if item.kind == "appeal"] == [
        ("Rättidsprövning behövs.", "För sent: kom in efter sista dagen att överklaga.")
    ]


def test_appeal_on_the_last_day_is_in_time(alice):
    decided = timezone.now() - timedelta(days=21)
    made = factories.decision(applicant=alice, decided_at=decided)
    deadline = services.appeal_deadline(received_on=timezone.localdate(decided))
    on_deadline = timezone.make_aware(datetime.combine(deadline, datetime.min.time())) + timedelta(
        hours=23
    )
    appeal = services.appeal_submit(
        decision=made, by=alice, wanted_change="x", reasons="y", now=on_deadline
    )
    assert appeal.late is False


def test_a_decision_has_one_open_appeal_at_a_time(alice, alice_decision):
    services.appeal_submit(decision=alice_decision, by=alice, wanted_change="x", reasons="y")
    with pytest.raises(services.AlreadyAppealedError):
        services.appeal_submit(decision=alice_decision, by=alice, wanted_change="x", reasons="y")


def test_too_late_is_avvisat_with_a_decision_text_and_leaves_the_queue(alice, eko):
    old = factories.decision(applicant=alice, decided_at=timezone.now() - timedelta(days=40))
    appeal = services.appeal_submit(decision=old, by=alice, wanted_change="x", reasons="y")
    with pytest.raises(services.AppealError):
        services.appeal_check_timeliness(appeal=appeal, version=1, by=eko, in_time=False)
    done = services.appeal_check_timeliness(
        appeal=appeal, version=1, by=eko, in_time=False, rejection_text="Kom in 19 dagar för sent."
    )
    assert done.status == AppealStatus.REJECTED_LATE
    assert done.closed_at is not None
    assert done.timeliness_checked_by == eko
    assert not [i for i in queue.contributed_items() if i.kind == "appeal"]
    assert AccessLogEntry.objects.filter(object_type="appeal", user=eko, action="decide").exists()


def test_omprovning_makes_a_new_decision_by_the_named_case_worker(alice, alice_decision, eko):
    appeal = services.appeal_submit(
        decision=alice_decision, by=alice, wanted_change="x", reasons="y"
    )
    appeal = services.appeal_check_timeliness(appeal=appeal, version=1, by=eko, in_time=True)
    appeal = services.appeal_change_decision(
        appeal=appeal,
        version=appeal.version,
        by=eko,
        posts=_post(alice_decision, "6000.00"),
        motivering="Hyran godtas.",
    )
    new = appeal.new_decision
    assert appeal.status == AppealStatus.CHANGED
    assert new.supersedes_id == alice_decision.pk
    assert new.decided_by == eko and new.decided_by_label == eko.display_name
    assert new.amount == Decimal("6000.00") and not new.automated
    assert new.motivering["text"] == "Hyran godtas."
    # Every manual decision writes its journal entry, in the case worker's name.
    from bistand.casework.models import JournalEntry

    [entry] = JournalEntry.objects.filter(case_id=alice_decision.case_id)
    assert entry.author == eko
    assert entry.text.startswith("Omprövning efter överklagande")
    assert entry.text.endswith("Hyran godtas.")
    assert CaseEvent.objects.filter(kind=decision_events.DECIDED, data__decision_id=new.pk).exists()
    # The changed decision is the one in force and can be appealed in turn.
    in_force = selectors.appealable_decisions(case_id=alice_decision.case_id)
    assert [item.decision.pk for item in in_force] == [new.pk]


def test_omprovning_of_an_automated_decision_can_raise_the_amount_above_applied(alice, eko):
    # The automated function records the calculated amount as applied (applied = granted).
    robot = factories.decision(applicant=alice, applied="5220.00", granted="5220.00")
    appeal = services.appeal_submit(decision=robot, by=alice, wanted_change="x", reasons="y")
    appeal = services.appeal_check_timeliness(appeal=appeal, version=1, by=eko, in_time=True)
    appeal = services.appeal_change_decision(
        appeal=appeal,
        version=appeal.version,
        by=eko,
        posts=_post(robot, "5900.00"),
        motivering="Hela hyran godtas.",
    )
    new = appeal.new_decision
    assert new.amount == Decimal("5900.00")
    assert new.posts[0]["granted"] == "5900.00" and new.posts[0]["outcome"] == "granted"
    assert "beviljas med 5\u00a0900\u00a0kr" in new.letter_html


def test_omprovning_after_an_appeal_never_lowers_the_amount(alice, alice_decision, eko):
    appeal = services.appeal_submit(
        decision=alice_decision, by=alice, wanted_change="x", reasons="y"
    )
    appeal = services.appeal_check_timeliness(appeal=appeal, version=1, by=eko, in_time=True)
    with pytest.raises(services.AppealError, match="nackdel"):
        services.appeal_change_decision(
            appeal=appeal,
            version=appeal.version,
            by=eko,
            posts=_post(alice_decision, "5000.00"),
            motivering="m",
        )
    assert not Decision.objects.filter(supersedes=alice_decision).exists()


def test_omprovning_needs_the_rattidsprovning_first(alice, alice_decision, eko):
    appeal = services.appeal_submit(
        decision=alice_decision, by=alice, wanted_change="x", reasons="y"
    )
    with pytest.raises(services.AppealError):
        services.appeal_change_decision(
            appeal=appeal, version=1, by=eko, posts=_post(alice_decision, "6000"), motivering="m"
        )
    assert not Decision.objects.filter(supersedes=alice_decision).exists()


def test_two_case_workers_cannot_both_handle_the_same_appeal(alice, alice_decision, eko):
    chef = factories.staff(Role.ENHETSCHEF)
    appeal = services.appeal_submit(
        decision=alice_decision, by=alice, wanted_change="x", reasons="y"
    )
    read_by_both = appeal.version
    services.appeal_check_timeliness(appeal=appeal, version=read_by_both, by=eko, in_time=True)
    with pytest.raises(services.StaleAppealError):
        services.appeal_check_timeliness(
            appeal=appeal, version=read_by_both, by=chef, in_time=False, rejection_text="x"
        )


def test_forward_and_court_outcome(alice, alice_decision, eko):
    appeal = services.appeal_submit(
        decision=alice_decision, by=alice, wanted_change="x", reasons="y"
    )
    appeal = services.appeal_check_timeliness(appeal=appeal, version=1, by=eko, in_time=True)
    today = timezone.localdate()
    with pytest.raises(services.AppealError):
        services.appeal_forward(
            appeal=appeal, version=appeal.version, by=eko, forwarded_on=today + timedelta(days=1)
        )
    appeal = services.appeal_forward(
        appeal=appeal, version=appeal.version, by=eko, forwarded_on=today
    )
    assert appeal.status == AppealStatus.FORWARDED and appeal.forwarded_on == today
    assert not [i for i in queue.contributed_items() if i.kind == "appeal"]
    with pytest.raises(services.AppealError):
        services.appeal_record_court_outcome(
            appeal=appeal,
            version=appeal.version,
            by=eko,
            outcome=CourtOutcome.GRANTED,
            decided_on=today - timedelta(days=1),
        )
    appeal = services.appeal_record_court_outcome(
        appeal=appeal,
        version=appeal.version,
        by=eko,
        outcome=CourtOutcome.GRANTED,
        decided_on=today,
    )
    assert appeal.status == AppealStatus.COURT_DECIDED and appeal.changed
    assert [s.kind for s in appeal.steps.all()] == [
        "received",
        "in_time",
        "forwarded",
        "court_decided",
    ]


def test_appeal_stats_split_by_automated_and_manual_original_decision(alice, bob, eko):
    start = timezone.now() - timedelta(hours=1)
    auto = factories.decision(applicant=alice)
    manual = factories.decision(applicant=bob, decided_by=eko)
    carol = factories.citizen("carol")
    manual_kept = factories.decision(applicant=carol, decided_by=eko)

    changed = services.appeal_submit(decision=auto, by=alice, wanted_change="x", reasons="y")
    changed = services.appeal_check_timeliness(appeal=changed, version=1, by=eko, in_time=True)
    services.appeal_change_decision(
        appeal=changed, version=changed.version, by=eko, posts=_post(auto, "6000"), motivering="m"
    )
    court = services.appeal_submit(decision=manual, by=bob, wanted_change="x", reasons="y")
    court = services.appeal_check_timeliness(appeal=court, version=1, by=eko, in_time=True)
    court = services.appeal_forward(
        appeal=court, version=court.version, by=eko, forwarded_on=timezone.localdate()
    )
    services.appeal_record_court_outcome(
        appeal=court,
        version=court.version,
        by=eko,
        outcome=CourtOutcome.PARTLY_GRANTED,
        decided_on=timezone.localdate(),
    )
    services.appeal_submit(decision=manual_kept, by=carol, wanted_change="x", reasons="y")

    stats = selectors.appeal_stats(start, timezone.now() + timedelta(minutes=1))
    assert stats["appeals"] == {"automated": 1, "manual": 2, "total": 3}
    assert stats["changed"] == {"automated": 1, "manual": 1, "total": 2}
    assert stats["changed_by_namnd"] == {"automated": 1, "manual": 0, "total": 1}
    assert stats["changed_by_court"] == {"automated": 0, "manual": 1, "total": 1}
    # Outside the period: nothing.
    assert selectors.appeal_stats(start - timedelta(days=2), start)["appeals"]["total"] == 0
