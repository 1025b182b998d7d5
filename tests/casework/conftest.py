"""Case work fixtures: one staff member per role, synthetic citizens, and applications routed to
the shared queue by the real decision pipeline (casework.demo helpers)."""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.applications.models import Application
from bistand.demo import casework as demo
from bistand.synthetic import personnummer as pnr

STAFF_ROLES = [
    Role.EKONOMISEKRETERARE,
    Role.ARBETSMARKNADSSEKRETERARE,
    Role.SOCIALSEKRETERARE,
    Role.ENHETSCHEF,
    Role.GRANSKARE,
]


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def make_staff(role: Role, name: str = "") -> User:
    return User.objects.create(
        username=f"staff-{role.value}-{name or 'x'}",
        role=role,
        display_name=name or role.label,
    )


def make_citizen(seed: int, born: date = date(1990, 5, 17)) -> User:
    return User.objects.create(
        username=f"citizen-{seed}",
        role=Role.CITIZEN,
        display_name=f"Invånare {seed}",
        personnummer=pnr.generate(random.Random(seed), born),
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def eva(db) -> User:
    return make_staff(Role.EKONOMISEKRETERARE, "Eva Ekonom")


@pytest.fixture
def erik(db) -> User:
    return make_staff(Role.EKONOMISEKRETERARE, "Erik Ekonom")


@pytest.fixture
def elin(db) -> User:
    return make_staff(Role.ENHETSCHEF, "Elin Enhetschef")


@pytest.fixture
def gustav(db) -> User:
    return make_staff(Role.GRANSKARE, "Gustav Granskare")


@pytest.fixture
def citizen(db) -> User:
    return make_citizen(1)


@pytest.fixture
def routed(citizen) -> Application:
    """A new application with declared salary below the register's, and glasses to assess."""
    return demo.routed_application(
        applicant=citizen,
        month=this_month(),
        declared_salary="1 500",
        registered_salary="2750.00",
        needs={"glasses": ("1 200", "Glasögonen gick sönder.")},
    )
