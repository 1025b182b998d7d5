"""Folkbokföring (SPAR/Navet shape): name, address, household and protected identity, asked
from the register simulator over HTTP as in production (docs/adr/0150)."""

from __future__ import annotations

from typing import Any

import pytest

from bistand.registers import selectors
from bistand.registers.folkbokforing import NAVET, parse_answer
from bistand.registers.models import PersonRecord, RegisterFetch
from bistand.registers.services import folkbokforing_fetch
from bistand.registers.types import Status

pytestmark = pytest.mark.django_db


def _fetch(pnr: str) -> Any:
    return folkbokforing_fetch(personnummer=pnr, case_reference="EB-2026-000001", requested_by="t")


def test_name_address_and_household_are_kept(registers_settings, pnr, simulator):
    answer = _fetch(pnr)
    assert answer.ok, answer.detail
    data = answer.data
    assert data.name is not None and data.name.first_names and data.name.last_name
    assert data.address is not None
    lines = data.address.lines()
    assert lines[-1].endswith("EXEMPELSTAD") and lines[-1][:3].isdigit() and lines[-1][3] == " "
    record = selectors.person_record(personnummer=pnr)
    assert record is not None and not record.protected
    assert record.data == data  # stored and read back unchanged
    # Every question is accounted for, with its purpose and legal basis; never the address.
    fetch = RegisterFetch.objects.get(source=NAVET)
    assert fetch.subject == pnr and fetch.status == "ok" and "folkbokföring" in fetch.legal_basis
    assert data.address.street not in str(fetch.result)


def test_same_person_same_answer(registers_settings, pnr):
    assert _fetch(pnr).data == _fetch(pnr).data


def test_given_name_and_care_of(registers_settings, pnr, simulator):
    simulator.state.add(
        simulator.state.parse_scenario(
            {
                "personnummer": pnr,
                "scenario": "folkbokforing",
                "params": {
                    "fornamn": "Testa",
                    "efternamn": "Testsson",
                    "care_of": "Anna Värd",
                    "utdelningsadress": "Provgatan 3",
                    "postnr": "99999",
                    "postort": "Provby",
                },
            }
        )
    )
    data = _fetch(pnr).data
    assert data.name.display == "Testa Testsson"
    assert data.address.lines() == ["c/o Anna Värd", "Provgatan 3", "999 99 PROVBY"]


@pytest.mark.parametrize("skyddad", [False, True])
def test_protected_identity_keeps_no_name_or_address(registers_settings, pnr, simulator, skyddad):
    simulator.state.add(
        simulator.state.parse_scenario(
            {
                "personnummer": pnr,
                "scenario": "protected_identity",
                "params": {"skyddad_folkbokforing": skyddad},
            }
        )
    )
    answer = _fetch(pnr)
    assert answer.ok
    assert answer.data.protected and answer.data.name is None and answer.data.address is None
    row = PersonRecord.objects.get(personnummer=pnr)
    assert row.protected and row.data["address"] is None and row.data["household"] == []


def test_protected_answer_with_an_address_is_not_kept():
    """Even if a source sent the address of a protected person, it is dropped on reading."""
    data = parse_answer(
        {
            "PersonId": {"IdNummer": "198627240011"},
            "Sekretessmarkering": "J",
            "Namn": {"Fornamn": "X", "Efternamn": "Y"},
            "Folkbokforingsadress": {
                "SvenskAdress": {"Utdelningsadress2": "Gatan 1", "PostNr": "12345", "Postort": "Z"}
            },
        },
        "19862724-0011",
    )
    assert data.protected and data.name is None and data.address is None


def test_unavailable_source_is_recorded_and_keeps_the_last_answer(
    registers_settings, pnr, simulator
):
    assert _fetch(pnr).ok
    simulator.state.add(
        simulator.state.parse_scenario(
            {"personnummer": pnr, "source": "NAVET", "scenario": "error", "params": {"status": 503}}
        )
    )
    answer = _fetch(pnr)
    assert answer.status == Status.FAILED and answer.reason == "http_503"
    assert selectors.person_record(personnummer=pnr) is not None
    assert RegisterFetch.objects.filter(source=NAVET, status="failed").count() == 1


@pytest.mark.parametrize("variant", ["invalid_json", "wrong_shape", "wrong_types"])
def test_garbage_is_a_failure_not_an_exception(registers_settings, pnr, simulator, variant):
    simulator.state.add(
        simulator.state.parse_scenario(
            {
                "personnummer": pnr,
                "source": "NAVET",
                "scenario": "garbage",
                "params": {"variant": variant},
            }
        )
    )
    answer = _fetch(pnr)
    assert answer.status == Status.FAILED
    assert selectors.person_record(personnummer=pnr) is None


def test_the_demo_simulator_answers_with_the_demo_citizens_own_names(registers_settings, simulator):
    """The demo's folkbokföring says what the demo login says (the person page and letters)."""
    from bistand.demo.management.commands.register_simulator import demo_folkbokforing_names
    from tests import factories

    person = factories.citizen("Greta Exempelsson")
    for item in demo_folkbokforing_names():
        simulator.state.add(simulator.state.parse_scenario(item))
    data = _fetch(person.personnummer).data
    assert data.name.display == person.display_name


def test_the_citizens_own_register_extract_shows_what_folkbokforing_gave(
    registers_settings, simulator
):
    """GDPR art. 15: the name, address and household Bistånd keeps are in the extract."""
    from django.urls import reverse

    from tests import factories

    person = factories.citizen()
    data = _fetch(person.personnummer).data
    client = factories.client_for(person)
    extract = client.get(reverse("privacy:my_data_json")).json()
    kept = extract["du"]["folkbokforing"]
    assert kept["adress"] == data.address.lines() and kept["skyddad_folkbokforing"] is False
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert data.address.lines()[-1] in page


def test_the_extract_names_those_registered_there_but_never_their_personnummer(
    registers_settings, simulator
):
    """A young adult and the parents registered on the same lägenhet each have their own case
    (ADR 0200): the young adult's extract says who is registered there (name, relation) but not
    another person's personnummer."""
    from django.urls import reverse

    from tests import factories

    for _ in range(40):  # a person the simulator registers with someone else
        person = factories.citizen()
        data = _fetch(person.personnummer).data
        if data.household:
            break
    else:
        pytest.fail("the simulator registered nobody else with 40 people")
    extract = factories.client_for(person).get(reverse("privacy:my_data_json")).content.decode()
    for member in data.household:
        assert member.personnummer not in extract
        assert member.name.display in extract
