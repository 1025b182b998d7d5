"""Case work fixtures: one staff member per role, synthetic citizens, and applications routed to
the shared queue by the real decision pipeline (casework.demo helpers)."""

from __future__ import annotations

import pytest

from bistand.accounts.models import Role, User
from bistand.applications.models import Application
from bistand.demo import casework as demo
from tests import factories


def _staff(role: Role, name: str) -> User:
    return factories.staff(role, f"staff-{role.value}-{name}", display_name=name)


@pytest.fixture
def eva(db) -> User:
    return _staff(Role.EKONOMISEKRETERARE, "Eva Ekonom")


@pytest.fixture
def erik(db) -> User:
    return _staff(Role.EKONOMISEKRETERARE, "Erik Ekonom")


@pytest.fixture
def elin(db) -> User:
    return _staff(Role.ENHETSCHEF, "Elin Enhetschef")


@pytest.fixture
def gustav(db) -> User:
    return _staff(Role.GRANSKARE, "Gustav Granskare")


@pytest.fixture
def citizen(db) -> User:
    return factories.citizen("citizen-1", seed=1)


@pytest.fixture
def routed(citizen) -> Application:
    """A new application with declared salary below the register's, and glasses to assess."""
    return demo.routed_application(
        applicant=citizen,
        month=factories.this_month(),
        declared_salary="1 500",
        registered_salary="2750.00",
        needs={"glasses": ("1 200", "Glasögonen gick sönder.")},
    )


@pytest.fixture(autouse=True)
def _registers_at_the_simulator(settings, simulator):
    """Paper intake asks folkbokföring for the applicant's name and address: the simulator."""
    factories.registers_at(settings, simulator, retries=0, **factories.PLAIN_HTTP)
    return simulator
