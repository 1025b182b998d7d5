"""The demo shows a realistic unit (issue 14): hundreds of open items, each with the triage's
reason in Swedish, several case workers with their load, and a queue the unit manager can
read and distribute at 320 px (each cell says what it is)."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from bistand.accounts.models import Role, User
from bistand.applications.models import Application
from bistand.casework.models import Claim
from bistand.decisions.reasons import REASON_LABELS
from bistand.decisions.triage import REASON_TEXTS
from tests.factories import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def demo(db):
    call_command("demo_data")


def test_the_demo_unit_has_hundreds_of_open_items_with_reasons_and_a_load(demo):
    open_items = Application.objects.filter(status="in_queue")
    assert open_items.count() >= 250
    workers = User.objects.filter(role=Role.EKONOMISEKRETERARE, username__startswith="demo-")
    assert workers.count() >= 6
    loads = sorted(
        Claim.objects.filter(claimed_by__in=workers).values_list("claimed_by", flat=True)
    )
    assert len(set(loads)) >= 5 and len(loads) >= 50
    chief = User.objects.get(username=f"demo-{Role.ENHETSCHEF.value}")
    page = client_for(chief).get("/handlaggning/").content.decode()
    waiting = int(re.search(r"(\d+) ärenden väntar på en handläggare", page).group(1))
    assert waiting >= 200
    assert "Handläggarnas ärenden" in page and "Birgitta Lund" in page
    # Every item says why it is there, in Swedish; none falls back to "not examined".
    body = page.split("Alla ärenden i kön", 1)[1]
    assert "har inte prövats av den automatiserade beslutsfunktionen" not in body
    assert "Inga orsaker" not in body
    assert not re.search(r"\((?:salary|[a-z]+_[a-z_]+)\)", body)
    assert not any(code in body for code in REASON_LABELS if "_" in code)
    assert any(text in body for text in REASON_TEXTS.values())
    # At 320 px each cell of the queue and of the load table says what it is.
    assert 'data-label="Varför en handläggare behövs"' in body
    assert 'data-label="Tagna ärenden"' in page
