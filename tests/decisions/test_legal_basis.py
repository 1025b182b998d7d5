"""Citations and terms follow the month's law; the robot never decides bistånd utöver
(issue 11 items 9, 7 and 11)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bistand.decisions.legal import legal_basis
from bistand.decisions.pipeline import automated_motivering


def test_a_month_before_july_2025_cites_the_old_law_and_its_term() -> None:
    june = legal_basis(date(2025, 6, 1))
    assert june.forsorjningsstod == "Socialtjänstlagen (2001:453) 4 kap. 1 § och 3 §"
    assert june.ovrigt_term == "livsföring i övrigt"
    assert "2025:400" not in june.ovrigt


def test_from_july_2025_the_new_law_and_levnadskostnader_i_ovrigt() -> None:
    july = legal_basis(date(2025, 7, 1))
    assert july.forsorjningsstod == "Socialtjänstlagen (2025:400) 12 kap. 1 § och 7 §"
    assert july.ovrigt == "Socialtjänstlagen (2025:400) 12 kap. 1 § (levnadskostnader i övrigt)"
    assert july.utover == "Socialtjänstlagen (2025:400) 12 kap. 2 §"


def test_the_robots_motivering_says_nothing_changed_only_when_checked() -> None:
    output = {"lines": [{"source": "12 kap. 2 § socialtjänstförordningen (2025:468)"}]}
    checked = automated_motivering(
        output, "D1", "KL 6 kap. 37 §", month=date(2026, 3, 1), unchanged_since_last_month=True
    )
    unchecked = automated_motivering(output, "D1", "KL 6 kap. 37 §", month=date(2026, 3, 1))
    assert any("inget har ändrats" in p for p in checked["paragraphs"])
    assert not any("inget har ändrats" in p for p in unchecked["paragraphs"])
    assert checked["legal_sources"][:2] == [
        "Socialtjänstlagen (2025:400) 12 kap. 1 §",
        "Socialtjänstlagen (2025:400) 12 kap. 7 §",
    ]
    old = automated_motivering(output, "D1", "KL", month=date(2025, 5, 1))
    assert old["legal_sources"][0] == "Socialtjänstlagen (2001:453) 4 kap. 1 §"


@pytest.mark.django_db
@pytest.mark.usefixtures("registers_settings")
def test_the_automated_function_never_decides_bistand_utover(citizen, worker) -> None:
    from bistand.decisions.models import Calculation
    from bistand.decisions.services import AutomationNotAllowedError, Post, decision_make

    from .conftest import process, recurring_application

    application = recurring_application(citizen, worker)
    process(application)  # decided automatically; its calculation is reused below
    calculation = Calculation.objects.filter(application_id=application.pk).first()
    assert calculation is not None
    basis = legal_basis(application.month)
    with pytest.raises(AutomationNotAllowedError):
        decision_make(
            application=application,
            calculation=calculation,
            posts=[
                Post(
                    post="utover",
                    label="Bistånd utöver",
                    applied=Decimal("500.00"),
                    granted=Decimal("500.00"),
                    reason="Skäl finns",
                    legal_source=basis.utover,
                )
            ],
            motivering={"paragraphs": [], "legal_sources": [basis.utover]},
            decided_by=None,
            delegation_reference="D1",
        )


def test_the_jobbstimulans_ledger_summary_names_the_period_and_the_breaks() -> None:
    from bistand.decisions.pipeline import ledger_summary
    from bistand.rules.law.inkomster import jobbstimulans_ledger

    months = [(2025, m) for m in (1, 2, 3, 5, 6, 7, 8, 9, 10)]
    summary = ledger_summary(jobbstimulans_ledger(months, (2026, 1)))
    assert summary["start"] == "2025-11" and summary["end"] == "2027-10"
    assert [b["month"] for b in summary["breaks"]] == ["2025-04"]
    assert "12 kap. 8 §" in summary["breaks"][0]["why"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("month", "cited", "not_cited"),
    [
        (
            date(2025, 3, 1),
            (
                "Socialtjänstlagen (2001:453)",
                "socialtjänstförordningen (2001:937)",
                "livsföring i övrigt",
            ),
            ("2025:400", "2025:468", "levnadskostnader i övrigt"),
        ),
        (
            date(2026, 3, 1),
            (
                "Socialtjänstlagen (2025:400)",
                "socialtjänstförordningen (2025:468)",
                "levnadskostnader i övrigt",
            ),
            ("2001:453", "2001:937", "livsföring i övrigt"),
        ),
    ],
)
def test_a_decision_letter_cites_the_law_in_force_in_its_month(
    citizen, worker, month, cited, not_cited
) -> None:
    """Issue 11 item 9, read in the letter itself: a month before 2025-07-01 is decided under
    SoL (2001:453) and SoF (2001:937), whose term is "livsföring i övrigt"; from 2025-07-01 under
    SoL (2025:400) and SoF (2025:468), "levnadskostnader i övrigt". The household asks for
    tandvård, so the letter names the övrigt part."""
    from bistand.decisions.models import Decision
    from bistand.demo import scenarios

    answers = scenarios.routine_answers()
    answers["needs"] = {
        "items": [{"type": "dental_care", "amount": "1800.00", "reason": "Tandvärk"}]
    }
    application = scenarios.decided_month(
        applicant=citizen, month=month, answers=answers, decided_by=worker
    )
    letter = Decision.objects.get(application_id=application.pk).letter_html
    for text in cited:
        assert text in letter, text
    for text in not_cited:
        assert text not in letter, text
