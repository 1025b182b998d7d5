"""The appeal pages: Swedish messages at the field, nothing lost, hostile text refused or escaped,
staff handling through the page, the citizen sees the outcome, every staff read logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bistand.appeals import services
from bistand.appeals.models import Appeal, AppealStatus
from bistand.audit.models import AccessLogEntry
from tests import factories

pytestmark = pytest.mark.django_db


def test_citizen_sees_the_deadline_and_appeals_from_the_form(client, alice, alice_decision):
    client.force_login(alice)
    page = client.get(f"/overklaga/beslut/{alice_decision.pk}/").content.decode()
    deadline = services.appeal_deadline(received_on=timezone.localdate(alice_decision.decided_at))
    assert "Sista dag att överklaga" in page
    assert f"{deadline.day} " in page
    response = client.post(
        f"/overklaga/beslut/{alice_decision.pk}/",
        {"wanted_change": "Jag vill få hela hyran.", "reasons": "Hyran är 6 000 kr."},
    )
    appeal = Appeal.objects.get()
    assert response["Location"] == f"/overklaga/{appeal.pk}/"
    assert appeal.wanted_change == "Jag vill få hela hyran."
    page = client.get(response["Location"]).content.decode()
    assert "Inkommet, inte prövat" in page and "Hyran är 6 000 kr." in page


def test_empty_form_gets_swedish_messages_at_each_field(client, alice, alice_decision):
    client.force_login(alice)
    response = client.post(
        f"/overklaga/beslut/{alice_decision.pk}/", {"wanted_change": "Mer", "reasons": "  "}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Skriv varför du tycker att beslutet är fel." in page
    assert 'id="id_reasons_error"' in page
    assert ">\nMer</textarea>" in page  # nothing entered is lost
    assert not Appeal.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a" * 2001, "Texten är för lång"),
        ("hej\x00då", "tecken som inte går att spara"),
        ("hej\x1bdå", "tecken som inte går att spara"),
    ],
)
def test_hostile_input_is_refused_cleanly(client, alice, alice_decision, text, message):
    client.force_login(alice)
    response = client.post(
        f"/overklaga/beslut/{alice_decision.pk}/", {"wanted_change": text, "reasons": "ok"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Appeal.objects.exists()


def test_script_is_stored_as_text_and_escaped_for_staff(client, alice, alice_decision, eko):
    client.force_login(alice)
    client.post(
        f"/overklaga/beslut/{alice_decision.pk}/",
        {"wanted_change": "<script>alert(1)</script>", "reasons": "<b>fel</b>"},
    )
    appeal = Appeal.objects.get()
    client.force_login(eko)
    page = client.get(f"/handlaggning/overklaganden/{appeal.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;fel&lt;/b&gt;" in page


def test_late_appeal_form_says_so_and_staff_see_the_flag(client, alice, eko):
    old = factories.decision(applicant=alice, decided_at=timezone.now() - timedelta(days=30))
    client.force_login(alice)
    page = client.get(f"/overklaga/beslut/{old.pk}/").content.decode()
    assert "Sista dagen att överklaga var" in page
    client.post(f"/overklaga/beslut/{old.pk}/", {"wanted_change": "x", "reasons": "y"})
    client.force_login(eko)
    page = client.get("/handlaggning/overklaganden/").content.decode()
    assert "för sent" in page


def test_staff_read_is_written_to_the_access_log(client, alice, alice_decision, eko):
    appeal = services.appeal_submit(
        decision=alice_decision, by=alice, wanted_change="x", reasons="y"
    )
    client.force_login(eko)
    client.get(f"/handlaggning/overklaganden/{appeal.pk}/")
    entry = AccessLogEntry.objects.get(object_type="appeal", action="read")
    assert entry.user == eko
    assert entry.case_number == appeal.case.number
    assert entry.subject == alice.personnummer


def test_staff_avvisar_without_text_gets_an_error_and_keeps_the_choice(
    client, alice, alice_decision, eko
):
    appeal = services.appeal_submit(
        decision=alice_decision, by=alice, wanted_change="x", reasons="y"
    )
    client.force_login(eko)
    url = f"/handlaggning/overklaganden/{appeal.pk}/"
    response = client.post(url, {"action": "timeliness", "version": "1", "in_time": "no"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Skriv beslutet om avvisning" in page
    assert page.count("checked") == 1 and 'value="no"' in page.split("checked")[0][-200:]
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.RECEIVED


def test_staff_handles_by_omprovning_and_the_citizen_sees_the_new_decision(
    client, alice, alice_decision, eko
):
    appeal = services.appeal_submit(
        decision=alice_decision, by=alice, wanted_change="x", reasons="y"
    )
    client.force_login(eko)
    url = f"/handlaggning/overklaganden/{appeal.pk}/"
    assert (
        client.post(url, {"action": "timeliness", "version": "1", "in_time": "yes"}).status_code
        == 302
    )
    lower = client.post(
        url,
        {
            "action": "change",
            "version": "2",
            "granted_0": "5 000",
            "reason_0": "r",
            "motivering": "m",
        },
    )
    assert lower.status_code == 400
    assert "får beslutet inte ändras till nackdel" in lower.content.decode()
    response = client.post(
        url,
        {
            "action": "change",
            "version": "2",
            "granted_0": "6 000,00",
            "reason_0": "Hela hyran godtas.",
            "motivering": "Hyran är skälig.",
        },
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CHANGED
    client.force_login(alice)
    page = client.get(f"/overklaga/{appeal.pk}/").content.decode()
    assert "Nämnden har ändrat beslutet" in page
    assert "6\u00a0000\u00a0kr" in page
    assert "Hyran är skälig." in page


def test_a_stale_page_is_refused_with_a_clear_message(client, alice, alice_decision, eko):
    appeal = services.appeal_submit(
        decision=alice_decision, by=alice, wanted_change="x", reasons="y"
    )
    services.appeal_check_timeliness(appeal=appeal, version=1, by=eko, in_time=True)
    client.force_login(eko)
    response = client.post(
        f"/handlaggning/overklaganden/{appeal.pk}/",
        {"action": "forward", "version": "1", "forwarded_on": f"{timezone.localdate():%Y-%m-%d}"},
    )
    assert response.status_code == 400
    assert "Någon annan har hanterat överklagandet" in response.content.decode()


def test_staff_lists_are_logged_as_reads(client, eko):
    client.force_login(eko)
    client.get("/handlaggning/overklaganden/")
    client.get("/handlaggning/meddelanden/")
    logged = set(
        AccessLogEntry.objects.filter(user=eko, action="read").values_list("object_type", flat=True)
    )
    assert logged == {"appeal_list", "message_list"}
