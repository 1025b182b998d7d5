"""Whose register data is fetched, on what ground (docs/adr/0107): each adult on his or her own
consent; the applicant's consent never covers the partner; the ground is kept per fetch and per
person, and a person no ground covers is never asked about."""

from __future__ import annotations

from datetime import date

import pytest

from bistand.applications.models import ApplicationStatus
from bistand.decisions import events as decision_events
from bistand.decisions.models import Triage
from bistand.registers.models import RegisterFetch
from bistand.registers.services import register_fetch
from bistand.registers.types import DEFAULT_LEGAL_BASIS, GROUND_CONSENT
from bistand.synthetic import personnummer as pnr_mod

from .conftest import process, recurring_application, routine_citizen

pytestmark = pytest.mark.django_db


def with_partner(application, *, partner_consents: bool | None):
    partner = routine_citizen(2)
    application.partner = partner
    if partner_consents is not None:
        application.answers = {
            **application.answers,
            "partner_consent": {"registers": partner_consents, "truthful": True},
        }
    application.save()
    return partner


def subjects_fetched(application) -> dict[str, set[str]]:
    rows = RegisterFetch.objects.filter(case_reference=application.case.number)
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row.subject, set()).add(row.ground)
    return found


def test_the_applicants_consent_does_not_cover_the_partner(registers_settings, citizen, worker):
    application = recurring_application(citizen, worker)
    partner = with_partner(application, partner_consents=False)
    process(application)
    fetched = subjects_fetched(application)
    assert fetched == {pnr_mod.parse(citizen.personnummer): {GROUND_CONSENT}}
    assert pnr_mod.parse(partner.personnummer) not in fetched
    triage = Triage.objects.get(application_id=application.pk)
    assert "no_consent" in [r["code"] for r in triage.reasons]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_QUEUE
    event = application.events.get(kind=decision_events.REGISTERS_FETCHED)
    assert event.data["grounds"] == {"a1": GROUND_CONSENT, "p1": None}


def test_a_partner_who_never_answered_is_not_fetched(registers_settings, citizen, worker):
    application = recurring_application(citizen, worker)
    partner = with_partner(application, partner_consents=None)
    process(application)
    assert pnr_mod.parse(partner.personnummer) not in subjects_fetched(application)


def test_each_adult_who_consents_is_fetched_on_their_own_consent(
    registers_settings, citizen, worker
):
    application = recurring_application(citizen, worker)
    partner = with_partner(application, partner_consents=True)
    process(application)
    fetched = subjects_fetched(application)
    assert fetched == {
        pnr_mod.parse(citizen.personnummer): {GROUND_CONSENT},
        pnr_mod.parse(partner.personnummer): {GROUND_CONSENT},
    }
    event = application.events.get(kind=decision_events.REGISTERS_FETCHED)
    assert event.data["grounds"] == {"a1": GROUND_CONSENT, "p1": GROUND_CONSENT}


def test_no_fetch_without_a_ground(registers_settings, citizen):
    with pytest.raises(ValueError, match="Grunden"):
        register_fetch(
            personnummer=citizen.personnummer,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 1, 31),
            case_reference="EB-2026-000107",
            requested_by="handlaggare",
            purpose="Prövning",
            legal_basis=DEFAULT_LEGAL_BASIS,
            ground="",
        )
    assert not RegisterFetch.objects.exists()
