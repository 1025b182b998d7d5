"""Min sida shows, per case, the decisions that can be appealed with the deadline, the appeals,
the messages and the satisfaction question after the newest decision."""

from __future__ import annotations

import pytest

from bistand.appeals import services
from bistand.cases import services as case_services
from bistand.messaging import services as messaging_services
from tests import factories

pytestmark = pytest.mark.django_db


def test_min_sida_offers_appeal_message_and_question(client, alice, alice_decision):
    client.force_login(alice)
    page = client.get("/min-sida/").content.decode()
    assert f"/overklaga/beslut/{alice_decision.pk}/" in page
    assert "Sista dag att överklaga" in page
    assert "Hur fungerade det för dig?" in page
    assert f"/meddelanden/fraga/{alice_decision.pk}/" in page
    assert "Skriv ett meddelande till oss" in page


def test_min_sida_shows_the_appeal_and_a_new_answer(client, alice, alice_decision, eko):
    appeal = services.appeal_submit(
        decision=alice_decision, by=alice, wanted_change="x", reasons="y"
    )
    case = case_services.case_get_or_open(applicant=alice)
    thread = messaging_services.thread_start(case=case, by=alice, subject="Ämne", body="Fråga")
    messaging_services.message_send(thread=thread, by=eko, body="Svar", from_unit=True)
    client.force_login(alice)
    page = client.get("/min-sida/").content.decode()
    assert f"/overklaga/{appeal.pk}/" in page
    assert "Inkommet, inte prövat" in page
    assert "Du har 1 nytt svar." in page


def test_open_appeal_and_unanswered_message_are_in_the_shared_queue_page(
    client, alice, alice_decision, eko
):
    appeal = services.appeal_submit(
        decision=alice_decision, by=alice, wanted_change="x", reasons="y"
    )
    case = case_services.case_get_or_open(applicant=alice)
    thread = messaging_services.thread_start(case=case, by=alice, subject="Ämne", body="Fråga")
    client.force_login(eko)
    page = client.get("/handlaggning/").content.decode()
    assert f"/handlaggning/overklaganden/{appeal.pk}/" in page
    assert f"/handlaggning/meddelanden/{thread.pk}/" in page
    assert "Rättidsprövning behövs." in page


def test_min_sida_shows_a_review_request_and_its_link(client, alice):
    """The review panel's rows are read only when the case has a review (ADR 0280's probe):
    with one, Min sida names it and links to it, and the decision's row says it is under way."""
    robot = factories.decision(applicant=alice, applied="5220.00", granted="5220.00")
    client.force_login(alice)
    before = client.get("/min-sida/").content.decode()
    assert "Din begäran om prövning" not in before
    assert f"/provning/beslut/{robot.pk}/" in before
    review = services.review_request_submit(decision=robot, by=alice, reason="Fel hyra.")
    page = client.get("/min-sida/").content.decode()
    assert "Din begäran om prövning av beslutet från" in page
    assert f"/provning/{review.pk}/" in page
    assert "Du har bett att en handläggare prövar beslutet." in page
