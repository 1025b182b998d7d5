"""The robot asks folkbokföring in the same round as the other registers (docs/adr/0205): every
automated letter carries the addressee's name and folkbokföring address as on the decision day,
a protected identity gives no address, and a late or failed answer never stops the decision."""

from __future__ import annotations

import pytest

from bistand.cases.models import CaseEvent
from bistand.decisions.models import Decision
from bistand.decisions.services import decision_replay_letter
from bistand.registers.folkbokforing import NAVET
from bistand.registers.models import PersonRecord, RegisterFetch
from bistand.registers.types import GROUND_CONSENT

from .conftest import process, recurring_application

pytestmark = pytest.mark.usefixtures("registers_settings")


def robot_decision(citizen, worker) -> Decision:
    application = recurring_application(citizen, worker)
    # Nobody asked folkbokföring before: the address comes from the pipeline's own question.
    PersonRecord.objects.all().delete()
    RegisterFetch.objects.all().delete()
    assert process(application) == "done"
    return Decision.objects.get(application_id=application.pk, decided_by__isnull=True)


def address_of(simulator, pnr: str, **params) -> None:
    simulator.state.add(
        simulator.state.parse_scenario(
            {"personnummer": pnr, "scenario": "folkbokforing", "params": params}
        )
    )


def test_the_robots_letter_has_name_and_folkbokforing_address(simulator, citizen, worker):
    address_of(
        simulator,
        citizen.personnummer,
        fornamn="Testa",
        efternamn="Testsson",
        utdelningsadress="Provgatan 3",
        postnr="99999",
        postort="Provby",
    )
    decision = robot_decision(citizen, worker)
    details = decision.letter_details
    assert details["addressee"] == [citizen.display_name]
    assert details["addressee_address"] == ["Provgatan 3", "999 99 PROVBY"]
    assert details["addressee_protected"] is False
    assert "Provgatan 3<br>999 99 PROVBY<br>" in decision.letter_html
    # The question is logged like every register question, on the applicant's own ground.
    row = RegisterFetch.objects.get(source=NAVET)
    assert (row.status, row.ground, row.requested_by) == (
        "ok",
        GROUND_CONSENT,
        "automatiserad beslutsfunktion",
    )
    assert "Provgatan" not in str(row.result)  # the log keeps the outcome, not the address
    event = CaseEvent.objects.get(kind="registers_fetched", application_id=decision.application_id)
    assert event.data["folkbokforing"] == {"a1": "ok"}
    # Replay renders the stored snapshot, whatever folkbokföring says later.
    address_of(
        simulator, citizen.personnummer, utdelningsadress="Annan väg 9", postnr="11111", postort="X"
    )
    assert decision_replay_letter(decision) == decision.letter_html


def test_a_protected_identity_gives_no_address(simulator, citizen, worker):
    simulator.state.add(
        simulator.state.parse_scenario(
            {"personnummer": citizen.personnummer, "scenario": "protected_identity", "params": {}}
        )
    )
    decision = robot_decision(citizen, worker)
    assert decision.letter_details["addressee_address"] == []
    assert decision.letter_details["addressee_protected"] is True
    assert PersonRecord.objects.get().protected


def test_folkbokforing_down_does_not_stop_the_decision(simulator, citizen, worker):
    simulator.state.add(
        simulator.state.parse_scenario(
            {
                "personnummer": citizen.personnummer,
                "source": "NAVET",
                "scenario": "error",
                "params": {"status": 503},
            }
        )
    )
    decision = robot_decision(citizen, worker)
    assert decision.letter_details["addressee_address"] == []
    assert RegisterFetch.objects.get(source=NAVET).status == "failed"
    event = CaseEvent.objects.get(kind="registers_fetched", application_id=decision.application_id)
    assert event.data["folkbokforing"] == {"a1": "failed"}
