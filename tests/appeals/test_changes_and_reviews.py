"""Rättelse and ändring outside an appeal (FL 36–38 §§) and a person's review of an automated
decision (GDPR art. 22(3)), as a jurist checks them: a new decision with its own letter and a
journal entry; in the citizen's favour always, to her disadvantage only on a 37 § ground; not
while the decision is under appeal; the review request in the queue with its reason, decided
by a named case worker, counted in follow-up."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from bistand.accounts.models import Role
from bistand.appeals import selectors, services
from bistand.appeals.models import (
    ChangeInitiative,
    ChangeKind,
    DecisionChange,
    ReviewOutcome,
    ReviewStatus,
)
from bistand.casework.models import JournalEntry
from bistand.core import queue
from bistand.decisions.models import Decision
from bistand.decisions.services import Post
from tests import factories

pytestmark = pytest.mark.django_db


def _posts(decision: Decision, granted: str) -> list[Post]:
    p = decision.posts[0]
    return [
        Post(
            post=p["post"],
            label=p["label"],
            applied=Decimal(p["applied"]),
            granted=Decimal(granted),
            reason="Hyran godtas.",
            legal_source=p["legal_source"],
        )
    ]


def test_a_change_in_favour_gives_a_new_letter_and_a_journal_entry(alice, alice_decision, eko):
    change = services.decision_change(
        decision=alice_decision,
        by=eko,
        kind=ChangeKind.RATTELSE,
        initiative=ChangeInitiative.REQUEST,
        posts=_posts(alice_decision, "5400.00"),
        motivering="Hyran hade räknats med fel belopp (räknefel).",
    )
    new = change.new_decision
    assert new.supersedes_id == alice_decision.pk and new.decided_by == eko
    assert new.amount == Decimal("5400.00")
    assert "Rättelse enligt 36 § förvaltningslagen" in new.delegation_reference
    assert "Hyran hade räknats med fel belopp (räknefel)." in new.letter_html
    assert "36 § förvaltningslagen (2017:900)" in new.letter_html
    entry = JournalEntry.objects.get(case_id=alice_decision.case_id)
    assert "Rättelse" in entry.text and "på begäran av den enskilde" in entry.text
    assert entry.author == eko


def test_a_change_to_the_citizens_disadvantage_needs_a_ground_in_37(alice, alice_decision, eko):
    with pytest.raises(services.AppealError, match="37 § andra stycket"):
        services.decision_change(
            decision=alice_decision,
            by=eko,
            kind=ChangeKind.ANDRING,
            initiative=ChangeInitiative.OWN,
            posts=_posts(alice_decision, "4000.00"),
            motivering="Inkomst som inte redovisades.",
        )
    change = services.decision_change(
        decision=alice_decision,
        by=eko,
        kind=ChangeKind.ANDRING,
        initiative=ChangeInitiative.OWN,
        posts=_posts(alice_decision, "4000.00"),
        motivering="Inkomst som inte redovisades.",
        disadvantage_ground="false_info",
    )
    assert change.disadvantage_ground == "false_info"
    assert "oriktiga eller vilseledande uppgifter" in change.new_decision.letter_html


def test_a_decision_under_appeal_is_changed_in_the_appeal_not_here(alice, alice_decision, eko):
    appeal = services.appeal_submit(
        decision=alice_decision, by=alice, wanted_change="x", reasons="y"
    )
    with pytest.raises(services.AppealError, match="omprövning"):
        services.decision_change(
            decision=alice_decision,
            by=eko,
            kind=ChangeKind.ANDRING,
            initiative=ChangeInitiative.OWN,
            posts=_posts(alice_decision, "6000.00"),
            motivering="m",
        )
    appeal = services.appeal_check_timeliness(appeal=appeal, version=1, by=eko, in_time=True)
    services.appeal_forward(
        appeal=appeal, version=appeal.version, by=eko, forwarded_on=timezone.localdate()
    )
    with pytest.raises(services.AppealError, match="förvaltningsrätten"):
        services.decision_change(
            decision=alice_decision,
            by=eko,
            kind=ChangeKind.ANDRING,
            initiative=ChangeInitiative.OWN,
            posts=_posts(alice_decision, "6000.00"),
            motivering="m",
        )
    assert not DecisionChange.objects.exists()


def test_only_deciding_roles_change_decisions(alice, alice_decision):
    granskare = factories.staff(Role.GRANSKARE)
    with pytest.raises(services.AppealError):
        services.decision_change(
            decision=alice_decision,
            by=granskare,
            kind=ChangeKind.ANDRING,
            initiative=ChangeInitiative.OWN,
            posts=_posts(alice_decision, "6000.00"),
            motivering="m",
        )


def test_review_request_goes_to_the_queue_and_a_person_decides(alice, eko):
    robot = factories.decision(applicant=alice, applied="5220.00", granted="5220.00")
    assert robot.automated
    review = services.review_request_submit(
        decision=robot, by=alice, reason="Min hyra höjdes i oktober."
    )
    items = [item for item in queue.contributed_items() if item.kind == "review"]
    assert len(items) == 1 and "Skäl: Min hyra höjdes i oktober." in items[0].reasons
    with pytest.raises(services.AlreadyRequestedError):
        services.review_request_submit(decision=robot, by=alice, reason="")
    review = services.review_decide(
        review=review,
        version=1,
        by=eko,
        outcome=ReviewOutcome.CHANGED,
        note="Den nya hyran godtas.",
        posts=_posts(robot, "5600.00"),
    )
    assert review.status == ReviewStatus.DECIDED and review.decided_by == eko
    change = selectors.change_of(review=review)
    assert change is not None and change.initiative == ChangeInitiative.REVIEW
    assert change.new_decision.amount == Decimal("5600.00")
    assert not [item for item in queue.contributed_items() if item.kind == "review"]
    now = timezone.now()
    stats = selectors.review_stats(now - timedelta(days=1), now + timedelta(days=1))
    assert stats["requested"] == 1 and stats["decided"] == 1 and stats["changed"] == 1
    assert stats["median_hours"] is not None


def test_a_manual_decision_cannot_be_sent_for_review(alice, eko):
    manual = factories.decision(applicant=alice, decided_by=eko)
    with pytest.raises(services.AppealError):
        services.review_request_submit(decision=manual, by=alice, reason="")


def test_review_pages_citizen_one_click_and_staff_decision(client, alice, eko):
    robot = factories.decision(applicant=alice, applied="5220.00", granted="5220.00")
    client.force_login(alice)
    letter = client.get(f"/beslut/{robot.pk}/").content.decode()
    assert "Jag vill att en handläggare prövar mitt ärende" in letter
    response = client.post(f"/provning/beslut/{robot.pk}/", {"reason": ""})
    assert response.status_code == 302
    review = robot.review_requests.get()
    assert review.reason == ""
    client.force_login(eko)
    url = f"/handlaggning/provningar/{review.pk}/"
    missing = client.post(url, {"version": "1", "outcome": "unchanged", "note": ""})
    assert missing.status_code == 400
    done = client.post(
        url, {"version": "1", "outcome": "unchanged", "note": "Beräkningen stämmer."}
    )
    assert done.status_code == 302
    client.force_login(alice)
    page = client.get(f"/provning/{review.pk}/").content.decode()
    assert "Beslutet står fast" in page and "Beräkningen stämmer." in page


def test_change_page_for_staff(client, alice, alice_decision, eko):
    client.force_login(eko)
    letter = client.get(f"/beslut/{alice_decision.pk}/").content.decode()
    assert f"/handlaggning/beslut/{alice_decision.pk}/andra/" in letter
    url = f"/handlaggning/beslut/{alice_decision.pk}/andra/"
    refused = client.post(
        url,
        {
            "kind": "andring",
            "initiative": "own",
            "granted_0": "4 000",
            "reason_0": "r",
            "motivering": "m",
            "disadvantage_ground": "",
        },
    )
    assert refused.status_code == 400 and "37 § andra stycket" in refused.content.decode()
    done = client.post(
        url,
        {
            "kind": "andring",
            "initiative": "request",
            "granted_0": "5 800",
            "reason_0": "Hyran godtas.",
            "motivering": "Ny uppgift om hyran.",
            "disadvantage_ground": "",
        },
    )
    assert done.status_code == 302
    new = Decision.objects.get(supersedes=alice_decision)
    assert done["Location"] == f"/beslut/{new.pk}/"


def test_a_review_where_the_decision_stands_is_journaled(alice, eko):
    robot = factories.decision(applicant=alice, applied="5220.00", granted="5220.00")
    review = services.review_request_submit(decision=robot, by=alice, reason="Fel hyra.")
    services.review_decide(
        review=review,
        version=1,
        by=eko,
        outcome=ReviewOutcome.UNCHANGED,
        note="Hyran i beslutet är den i hyresavtalet.",
    )
    [entry] = JournalEntry.objects.filter(case_id=robot.case_id)
    assert entry.author == eko
    assert entry.text == (
        "Prövning av automatiskt beslut: beslutet står fast. "
        "Hyran i beslutet är den i hyresavtalet."
    )
