"""`bistand replay` reproduces stored decisions byte-identically, and notices any difference."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bistand.decisions.models import Calculation, Decision
from bistand.decisions.services import decision_replay_letter

from .conftest import process, recurring_application

pytestmark = pytest.mark.usefixtures("registers_settings")


def replay(*args: str) -> str:
    out = StringIO()
    call_command("replay", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def decided(citizen, worker) -> Decision:
    application = recurring_application(citizen, worker)
    process(application)
    return Decision.objects.get(application_id=application.pk)


def test_replay_of_every_decision_is_identical(decided):
    # Two decisions: last month's (a case worker's) and this month's (the robot's).
    assert Decision.objects.count() == 2
    output = replay("--all")
    assert output.count(": identiskt") == 2
    assert "2 beslut omräknade, 2 identiska, 0 skiljer sig." in output
    assert decision_replay_letter(decided).encode() == decided.letter_html.encode()


def test_replay_by_case_number(decided):
    application_case = decided.case_id
    from bistand.cases.selectors import case_by_id

    number = case_by_id(case_id=application_case).number
    assert "2 identiska" in replay("--case", number)


def test_replay_notices_a_changed_calculation(decided):
    output = dict(decided.calculation.output)
    output["amount"] = "1.00"
    Calculation.objects.filter(pk=decided.calculation_id).update(output=output)
    with pytest.raises(CommandError) as failure:
        replay(str(decided.pk))
    assert "1 beslut skiljer sig" in str(failure.value)


def test_replay_notices_a_changed_letter(decided):
    Decision.objects.filter(pk=decided.pk).update(
        letter_html=decided.letter_html.replace("beviljas", "avslås", 1)
    )
    with pytest.raises(CommandError):
        replay(str(decided.pk))


def test_replay_needs_a_selection(db):
    with pytest.raises(CommandError, match="Ange beslutens id"):
        replay()
