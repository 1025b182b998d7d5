"""The person and the case for staff (issue 14 item 1): name, personnummer, folkbokföring
address and household, and the case history, newest first, each a link. Need-to-know as the case
view, every read in the access log; a protected identity's address is never shown."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bistand.accounts.models import Role
from bistand.applications.models import Application
from bistand.audit.models import AccessLogEntry
from bistand.cases import services as case_services
from bistand.casework import services as casework_services
from bistand.core.format import kronor
from bistand.messaging import services as messaging_services
from bistand.payments import services as payment_services
from bistand.planning import services as planning_services
from bistand.registers import selectors as register_selectors
from bistand.registers.services import folkbokforing_fetch
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _registers(settings, simulator):
    factories.registers_at(settings, simulator, retries=0, **factories.PLAIN_HTTP)


@pytest.fixture
def eva(db):
    return factories.staff(Role.EKONOMISEKRETERARE, "eva-person", display_name="Eva Ekonom")


@pytest.fixture
def busy_case(eva):
    """A case with an application, a decision and its payment, a message, a meeting, a plan
    and a journal entry."""
    citizen = factories.citizen()
    decision = factories.decision(applicant=citizen, decided_by=eva)
    payment_services.payment_order_create_for_decision(decision_id=decision.pk)
    case = case_services.case_get_or_open(applicant=citizen)
    social = factories.staff(Role.SOCIALSEKRETERARE, "sara-person", display_name="Sara Social")
    messaging_services.thread_start(case=case, by=citizen, subject="Fråga om hyran", body="Hej")
    slot = planning_services.slot_publish(
        worker=social,
        starts_at=timezone.now() + timedelta(hours=3),
        minutes=45,
        mode="in_person",
        place="Stadshuset",
    )
    planning_services.meeting_book(slot_id=slot.pk, case=case, by=social)
    planning_services.action_plan_save(
        case=case, expected_version=0, content={"goals": ["Arbete inom ett år"]}, by=social
    )
    application = Application.objects.get(pk=decision.application_id)
    casework_services.journal_entry_add(
        author=eva, application=application, text="Samtal med sökanden om hyran."
    )
    return case, decision


def test_the_page_shows_the_person_and_every_kind_of_event_newest_first(eva, busy_case):
    case, decision = busy_case
    client = factories.client_for(eva)
    response = client.post(reverse("personakt:folkbokforing_refresh", args=[case.pk]))
    assert response.status_code == 302
    record = register_selectors.person_record(personnummer=case.applicant.personnummer)
    page = client.get(reverse("personakt:person", args=[case.pk])).content.decode()
    assert case.applicant.personnummer in page and case.number in page
    for line in record.data.address.lines():
        assert line in page
    for member in record.data.household:
        assert member.personnummer in page
    # The login's name is the heading; folkbokföring's, when it differs, is shown beside it.
    if record.data.name.display != case.applicant.display_name:
        assert "Namn i folkbokföringen" in page and record.data.name.display in page
    history = page[page.index('id="history-title"') :]
    for kind, url in [
        ("Ansökan", reverse("casework:case", args=[decision.application_id])),
        ("Beslut och beslutsbrev", reverse("decisions:letter", args=[decision.pk])),
        ("Utbetalning", "/utbetalningar/order/"),
        ("Möte", "/planering/moten/"),
        ("Handlingsplan", reverse("planning:case", args=[case.pk])),
        ("Meddelande", "/handlaggning/meddelanden/"),
        ("Journalanteckning", reverse("casework:case", args=[decision.application_id]) + "#"),
    ]:
        assert re.search(rf'<a href="{re.escape(url)}[^"]*">{kind}</a>', history), kind
    assert kronor(decision.amount) in history  # the amount, in the one Swedish format
    # Newest first: the meeting (in three hours) before the decision (now).
    assert history.index(">Möte<") < history.index(">Beslut och beslutsbrev<")
    entry = AccessLogEntry.objects.filter(user=eva, object_type="person").last()
    assert entry is not None and entry.case_number == case.number


def test_the_case_view_links_to_the_person_the_letter_and_the_plan(eva, busy_case):
    case, decision = busy_case
    page = (
        factories.client_for(eva)
        .get(reverse("casework:case", args=[decision.application_id]))
        .content.decode()
    )
    for url in (
        reverse("personakt:person", args=[case.pk]),
        reverse("decisions:letter", args=[decision.pk]),
        reverse("planning:case", args=[case.pk]),
    ):
        assert f'href="{url}"' in page, url


def test_a_protected_identity_shows_no_address(eva, simulator):
    citizen = factories.citizen()
    case = case_services.case_get_or_open(applicant=citizen)
    simulator.state.add(
        simulator.state.parse_scenario(
            {"personnummer": citizen.personnummer, "scenario": "protected_identity"}
        )
    )
    folkbokforing_fetch(personnummer=citizen.personnummer, case_reference="x", requested_by="t")
    page = factories.client_for(eva).get(reverse("personakt:person", args=[case.pk]))
    text = page.content.decode()
    assert "Skyddad folkbokföring" in text and "EXEMPELSTAD" not in text


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.SOCIALSEKRETERARE, 200),
        (Role.ENHETSCHEF, 200),
        (Role.GRANSKARE, 200),
        (Role.ARBETSMARKNADSSEKRETERARE, 403),
    ],
)
def test_need_to_know_as_the_case_view(busy_case, role, status):
    case, _ = busy_case
    user = factories.staff(role, f"nk-{role.value}")
    assert (
        factories.client_for(user).get(reverse("personakt:person", args=[case.pk])).status_code
        == status
    )
    citizen = factories.client_for(case.applicant)
    assert citizen.get(reverse("personakt:person", args=[case.pk])).status_code in (403, 404)
