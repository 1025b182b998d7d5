"""Fixtures for planning (builders in tests/factories.py): citizens with synthetic personnummer,
one staff member per role, new applications sent in, and published meeting slots."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.applications.services import PROCESS_APPLICATION_JOB
from bistand.cases.models import Case
from bistand.planning import services
from bistand.planning.models import MeetingSlot
from tests import factories


@pytest.fixture(autouse=True)
def _process_application_job_registered():
    with factories.job_stand_in(PROCESS_APPLICATION_JOB):
        yield


def _staff(role: Role) -> User:
    return factories.staff(role, display_name=f"{role.label} Testsson")


@pytest.fixture
def alice(db):
    return factories.citizen("alice", seed=1, born=date(1991, 4, 17))


@pytest.fixture
def bob(db):
    return factories.citizen("bob", seed=2, born=date(1984, 9, 3))


@pytest.fixture
def arbetsmarknad(db):
    return _staff(Role.ARBETSMARKNADSSEKRETERARE)


@pytest.fixture
def social(db):
    return _staff(Role.SOCIALSEKRETERARE)


@pytest.fixture
def chef(db):
    return _staff(Role.ENHETSCHEF)


@pytest.fixture
def granskare(db):
    return _staff(Role.GRANSKARE)


@pytest.fixture
def ekonom(db):
    return _staff(Role.EKONOMISEKRETERARE)


@pytest.fixture
def alice_case(alice) -> Case:
    return factories.new_application_submitted(alice).case


@pytest.fixture
def bob_case(bob) -> Case:
    return factories.new_application_submitted(bob).case


def publish(worker: User, *, hours: float = 3, minutes: int = 45) -> MeetingSlot:
    return services.slot_publish(
        worker=worker,
        starts_at=timezone.now() + timedelta(hours=hours),
        minutes=minutes,
        mode="in_person",
        place="Stadshuset, rum 3",
    )
