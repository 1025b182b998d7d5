from __future__ import annotations

import pytest

from bistand.accounts.models import Role
from tests import factories


@pytest.fixture
def alice(db):
    return factories.citizen("alice")


@pytest.fixture
def bob(db):
    return factories.citizen("bob")


@pytest.fixture
def eko(db):
    return factories.staff(Role.EKONOMISEKRETERARE)


@pytest.fixture
def alice_decision(alice):
    return factories.decision(applicant=alice)
