"""Secure messages and the satisfaction question, as a citizen, a case worker and an auditor
would check them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bistand.accounts.models import Role
from bistand.audit.models import AccessLogEntry
from bistand.cases import services as case_services
from bistand.cases.models import CaseEvent
from bistand.core import queue
from bistand.messaging import events as messaging_events
from bistand.messaging import selectors, services
from bistand.messaging.models import Message, SatisfactionAnswer, Thread
from tests import factories

pytestmark = pytest.mark.django_db


def _case(user):
    return case_services.case_get_or_open(applicant=user)


def test_citizen_message_waits_in_the_queue_until_the_unit_answers(alice, eko):
    thread = services.thread_start(case=_case(alice), by=alice, subject="Hyran", body="Hemligt")
    items = [i for i in queue.contributed_items() if i.kind == "message"]
    assert [i.case_number for i in items] == [thread.case.number]
    assert "Hemligt" not in str(items) and "Hyran" not in str(items)
    services.message_send(thread=thread, by=eko, body="Svar", from_unit=True)
    assert not [i for i in queue.contributed_items() if i.kind == "message"]
    services.message_send(thread=thread, by=alice, body="Tack, en fråga till", from_unit=False)
    assert len([i for i in queue.contributed_items() if i.kind == "message"]) == 1


def test_message_events_carry_no_text_and_staff_replies_are_logged(alice, eko):
    thread = services.thread_start(case=_case(alice), by=alice, subject="Ämne", body="Hemligt")
    reply = services.message_send(thread=thread, by=eko, body="Svar", from_unit=True)
    events = list(CaseEvent.objects.filter(kind=messaging_events.MESSAGE))
    assert len(events) == 2
    for event in events:
        assert "Hemligt" not in str(event.data) and "Svar" not in str(event.data)
    assert events[1].data == {"thread_id": thread.pk, "message_id": reply.pk, "from_unit": True}
    entry = AccessLogEntry.objects.get(object_type="message")
    assert entry.user == eko and entry.action == "change"


def test_read_and_unread_on_both_sides(client, alice, eko):
    thread = services.thread_start(case=_case(alice), by=alice, subject="Ämne", body="Fråga")
    services.message_send(thread=thread, by=eko, body="Svar", from_unit=True)
    assert selectors.threads_for_citizen(user=alice).get().unread == 1
    client.force_login(alice)
    assert "1 nytt svar" in client.get("/meddelanden/").content.decode()
    client.get(f"/meddelanden/{thread.pk}/")
    assert selectors.threads_for_citizen(user=alice).get().unread == 0
    # The citizen's own message stays unread for the unit until a case worker opens it.
    assert Message.objects.get(from_unit=False).read_at is None
    client.force_login(eko)
    client.get(f"/handlaggning/meddelanden/{thread.pk}/")
    assert Message.objects.get(from_unit=False).read_at is not None


def test_citizen_sees_the_unit_not_the_named_worker(client, alice, eko):
    thread = services.thread_start(case=_case(alice), by=alice, subject="Ämne", body="Fråga")
    services.message_send(thread=thread, by=eko, body="Svar", from_unit=True)
    client.force_login(alice)
    page = client.get(f"/meddelanden/{thread.pk}/").content.decode()
    assert "Enheten för ekonomiskt bistånd" in page
    assert eko.display_name not in page


def test_new_message_form_validates_in_swedish_and_keeps_the_text(client, alice):
    _case(alice)
    client.force_login(alice)
    response = client.post("/meddelanden/nytt/", {"subject": "", "body": "Min fråga"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Skriv vad meddelandet gäller." in page
    assert "Min fråga</textarea>" in page
    assert not Thread.objects.exists()


@pytest.mark.parametrize(
    ("subject", "body", "message"),
    [
        ("a" * 121, "ok", "Texten är för lång"),
        ("ok", "b" * 4001, "Texten är för lång"),
        ("ok", "hej\x07", "tecken som inte går att spara"),
        ("ok\x00", "hej", "tecken som inte går att spara"),
    ],
)
def test_hostile_message_is_refused_cleanly(client, alice, subject, body, message):
    _case(alice)
    client.force_login(alice)
    response = client.post("/meddelanden/nytt/", {"subject": subject, "body": body})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Thread.objects.exists()


def test_script_in_a_message_is_escaped_for_the_case_worker(client, alice, eko):
    thread = services.thread_start(
        case=_case(alice),
        by=alice,
        subject="<img src=x onerror=alert(1)>",
        body="<script>x</script>",
    )
    client.force_login(eko)
    for url in ("/handlaggning/meddelanden/", f"/handlaggning/meddelanden/{thread.pk}/"):
        page = client.get(url).content.decode()
        assert "<img src=x" not in page and "<script>x" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_staff_reply_through_the_page(client, alice, eko):
    thread = services.thread_start(case=_case(alice), by=alice, subject="Ämne", body="Fråga")
    client.force_login(eko)
    empty = client.post(f"/handlaggning/meddelanden/{thread.pk}/", {"body": " "})
    assert empty.status_code == 400 and "Skriv ditt meddelande." in empty.content.decode()
    response = client.post(f"/handlaggning/meddelanden/{thread.pk}/", {"body": "Vi har fått den."})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.awaiting_unit is False
    assert AccessLogEntry.objects.filter(object_type="message_thread", action="read").exists()


# --- Satisfaction -------------------------------------------------------------------------------


def test_satisfaction_question_once_per_decision(client, alice, alice_decision):
    client.force_login(alice)
    url = f"/meddelanden/fraga/{alice_decision.pk}/"
    prefix = f"nojd{alice_decision.pk}"
    missing = client.post(url, {f"{prefix}-comment": "Bra sida", "send": "1"})
    assert missing.status_code == 400
    assert "Välj ett svar från 1 till 5, eller hoppa över frågan." in missing.content.decode()
    assert "Bra sida</textarea>" in missing.content.decode()
    assert client.post(url, {f"{prefix}-score": "4", f"{prefix}-comment": "Bra"}).status_code == 302
    answer = SatisfactionAnswer.objects.get()
    assert (answer.score, answer.comment, answer.skipped) == (4, "Bra", False)
    again = client.post(url, {f"{prefix}-score": "1"})
    assert again.status_code == 302
    assert SatisfactionAnswer.objects.get().score == 4
    with pytest.raises(services.AlreadyAnsweredError):
        services.satisfaction_answer(decision=alice_decision, by=alice, score=2)


def test_satisfaction_can_be_skipped_and_is_not_asked_again(client, alice, alice_decision):
    client.force_login(alice)
    client.post(f"/meddelanden/fraga/{alice_decision.pk}/", {"skip": "1"})
    answer = SatisfactionAnswer.objects.get()
    assert answer.skipped and answer.score is None
    assert selectors.satisfaction_question_for(case_id=alice_decision.case_id) is None
    # A new decision asks again.
    newer = factories.decision(
        applicant=alice, month=alice_decision.period_start + timedelta(days=31)
    )
    assert selectors.satisfaction_question_for(case_id=alice_decision.case_id) == newer


def test_satisfaction_score_out_of_range_is_refused(client, alice, alice_decision):
    client.force_login(alice)
    prefix = f"nojd{alice_decision.pk}"
    response = client.post(f"/meddelanden/fraga/{alice_decision.pk}/", {f"{prefix}-score": "9"})
    assert response.status_code == 400
    assert "Välj ett svar från 1 till 5." in response.content.decode()
    assert not SatisfactionAnswer.objects.exists()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scores=st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=0, max_size=12))
def test_satisfaction_stats_count_mean_and_distribution(alice, scores):
    SatisfactionAnswer.objects.all().delete()
    start = timezone.now() - timedelta(minutes=1)
    for score in scores:
        made = factories.decision(applicant=factories.citizen())
        services.satisfaction_answer(decision=made, by=alice, score=score)
    stats = selectors.satisfaction_stats(start, timezone.now() + timedelta(minutes=1))
    answered = [s for s in scores if s is not None]
    assert stats["count"] == len(answered)
    assert stats["skipped"] == len(scores) - len(answered)
    assert stats["distribution"] == {n: answered.count(n) for n in range(1, 6)}
    if answered:
        assert isinstance(stats["mean"], Decimal)
        assert abs(stats["mean"] - Decimal(sum(answered)) / len(answered)) <= Decimal("0.005")
    else:
        assert stats["mean"] is None


def test_satisfaction_stats_respect_the_period(alice, alice_decision):
    services.satisfaction_answer(decision=alice_decision, by=alice, score=5)
    now = timezone.now()
    assert (
        selectors.satisfaction_stats(now - timedelta(days=2), now - timedelta(days=1))["count"] == 0
    )
    assert selectors.satisfaction_stats(now - timedelta(days=1), now + timedelta(days=1)) == {
        "count": 1,
        "mean": Decimal("5.00"),
        "distribution": {1: 0, 2: 0, 3: 0, 4: 0, 5: 1},
        "skipped": 0,
    }


def test_only_roles_may_reply_granskare_reads(client, alice):
    thread = services.thread_start(case=_case(alice), by=alice, subject="Ämne", body="Fråga")
    granskare = factories.staff(Role.GRANSKARE)
    client.force_login(granskare)
    page = client.get(f"/handlaggning/meddelanden/{thread.pk}/")
    assert page.status_code == 200 and "<textarea" not in page.content.decode()
    assert client.post(f"/handlaggning/meddelanden/{thread.pk}/", {"body": "x"}).status_code == 403
    # Reading does not mark it read for the unit: a granskare is not answering.
    assert Message.objects.get().read_at is None
