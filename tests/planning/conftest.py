"""Fixtures for planning: citizens with synthetic personnummer, one staff member per role, and
new applications sent in (through the applications app's services)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.applications import services as application_services
from bistand.applications.models import Application, ApplicationKind
from bistand.cases import services as case_services
from bistand.cases.models import Case
from bistand.jobs import registry
from bistand.planning import services
from bistand.planning.models import MeetingSlot
from bistand.synthetic import personnummer as pnr

PROCESS_APPLICATION_JOB = "decisions.process_application"


@pytest.fixture(autouse=True)
def _process_application_job_registered():
    added = PROCESS_APPLICATION_JOB not in registry._REGISTRY
    if added:
        registry._REGISTRY[PROCESS_APPLICATION_JOB] = registry.RegisteredJob(
            name=PROCESS_APPLICATION_JOB, apply=lambda **kwargs: None
        )
    yield
    if added:
        registry._REGISTRY.pop(PROCESS_APPLICATION_JOB, None)


def make_citizen(username: str, born: date, seed: int) -> User:
    return User.objects.create(
        username=username,
        role=Role.CITIZEN,
        display_name=username.title(),
        personnummer=pnr.generate(random.Random(seed), born),
    )


def make_staff(role: Role) -> User:
    return User.objects.create(
        username=f"staff-{role.value}", role=role, display_name=f"{role.label} Testsson"
    )


@pytest.fixture
def alice(db):
    return make_citizen("alice", date(1991, 4, 17), 1)


@pytest.fixture
def bob(db):
    return make_citizen("bob", date(1984, 9, 3), 2)


@pytest.fixture
def arbetsmarknad(db):
    return make_staff(Role.ARBETSMARKNADSSEKRETERARE)


@pytest.fixture
def social(db):
    return make_staff(Role.SOCIALSEKRETERARE)


@pytest.fixture
def chef(db):
    return make_staff(Role.ENHETSCHEF)


@pytest.fixture
def granskare(db):
    return make_staff(Role.GRANSKARE)


@pytest.fixture
def ekonom(db):
    return make_staff(Role.EKONOMISEKRETERARE)


def submit_new_application(citizen: User, *, submitted_at: datetime | None = None) -> Application:
    case = case_services.case_get_or_open(applicant=citizen)
    application = application_services.application_start(
        case=case,
        month=timezone.localdate().replace(day=1),
        created_by=citizen,
        kind=ApplicationKind.NEW,
    )
    application = application_services.application_submit(
        application=application, version=application.version, by=citizen
    )
    if submitted_at is not None:
        Application.objects.filter(pk=application.pk).update(submitted_at=submitted_at)
        application.refresh_from_db()
    return application


@pytest.fixture
def alice_case(alice) -> Case:
    return submit_new_application(alice).case


@pytest.fixture
def bob_case(bob) -> Case:
    return submit_new_application(bob).case


def publish(worker: User, *, hours: float = 3, minutes: int = 45) -> MeetingSlot:
    return services.slot_publish(
        worker=worker,
        starts_at=timezone.now() + timedelta(hours=hours),
        minutes=minutes,
        mode="in_person",
        place="Stadshuset, rum 3",
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
