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


def test_letters_made_with_the_earlier_amount_format_still_replay(decided):
    """A letter stored before the one Swedish formatter ("7 100,00 kr", format 1) replays under
    its own format; the same letter under today's format would differ (ADR 0096)."""
    from bistand.cases.selectors import case_by_id
    from bistand.decisions import letter_formats
    from bistand.decisions.services import letter_context, letter_render

    assert decided.letter_format == letter_formats.CURRENT == 6
    assert "\u00a0kr" in decided.letter_html
    context = letter_context(
        case_number=case_by_id(case_id=decided.case_id).number,
        month=decided.period_start,
        decided_at=decided.decided_at,
        decided_by_label=decided.decided_by_label,
        delegation_reference=decided.delegation_reference,
        posts=decided.posts,
        motivering=decided.motivering,
        calculation_output=decided.calculation.output,
        rules_version=decided.calculation.rules_version,
        payment_date=decided.payment_date,
        automated=decided.automated,
        details=decided.letter_details,
        letter_format=1,
    )
    old_letter = letter_render(context)
    assert ",00 kr" in old_letter and old_letter != decided.letter_html
    Decision.objects.filter(pk=decided.pk).update(letter_html=old_letter, letter_format=1)
    assert f"beslut {decided.pk}: identiskt" in replay(str(decided.pk))
    Decision.objects.filter(pk=decided.pk).update(letter_format=2)
    with pytest.raises(CommandError):
        replay(str(decided.pk))


def test_a_decision_that_cannot_be_replayed_is_reported_with_its_reason_and_the_replay_goes_on(
    decided,
):
    """A stored calculation holding only an amount (never made by the rules engine) is named
    as such; the other decisions are still replayed, and no traceback reaches the user."""
    other = Decision.objects.exclude(pk=decided.pk).get()
    Calculation.objects.filter(pk=other.calculation_id).update(output={"amount": "5000.00"})
    out = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("replay", "--all", stdout=out)
    output = out.getvalue()
    assert f"beslut {other.pk}: KAN INTE RÄKNAS OM (" in output
    assert "saknar input, rules_version" in output
    assert f"beslut {decided.pk}: identiskt" in output
    assert "1 kan inte räknas om" in output
    assert "1 beslut kan inte räknas om" in str(failure.value)


def _letter(decided: Decision, *, letter_format: int, income_counted: str) -> str:
    from bistand.cases.selectors import case_by_id
    from bistand.decisions.services import letter_context, letter_render

    output = {**decided.calculation.output, "income_counted": income_counted}
    return letter_render(
        letter_context(
            case_number=case_by_id(case_id=decided.case_id).number,
            month=decided.period_start,
            decided_at=decided.decided_at,
            decided_by_label=decided.decided_by_label,
            delegation_reference=decided.delegation_reference,
            posts=decided.posts,
            motivering=decided.motivering,
            calculation_output=output,
            rules_version=decided.calculation.rules_version,
            payment_date=decided.payment_date,
            automated=decided.automated,
            details=decided.letter_details,
            letter_format=letter_format,
        )
    )


ROW = '<th scope="row">Inkomster som räknas</th><td class="amount">'


def test_no_income_counted_reads_0_kr_not_minus_0_kr(decided):
    """A jurist found "−0 kr" on letters with no income counted (letter format 2). From letter
    format 3 zero is "0 kr" and an income counted keeps its minus sign; a letter stored with
    format 2 still replays as it was sent."""
    today = _letter(decided, letter_format=3, income_counted="0.00")
    assert ROW + "0\u00a0kr</td>" in today
    assert "−0\u00a0kr" not in today
    counted = _letter(decided, letter_format=3, income_counted="4200.00")
    assert ROW + "−4\u00a0200\u00a0kr</td>" in counted
    before = _letter(decided, letter_format=2, income_counted="0.00")
    assert ROW + "−0\u00a0kr</td>" in before
    assert _letter(decided, letter_format=2, income_counted="4200.00") == counted

    # the fixture's decision counts no income: stored as format 2 sent it, it replays identically
    assert decided.calculation.output["income_counted"] == "0.00"
    assert ROW + "0\u00a0kr</td>" in decided.letter_html
    Decision.objects.filter(pk=decided.pk).update(letter_html=before, letter_format=2)
    assert f"beslut {decided.pk}: identiskt" in replay(str(decided.pk))


def test_renaming_the_municipality_does_not_change_an_old_letter_on_replay(decided, settings):
    # The letter shows the municipality's name as it was on the decision day (issue 12).
    assert decided.letter_details["municipality_name"] == settings.MUNICIPALITY_NAME
    header = f"<p>{settings.MUNICIPALITY_NAME}, socialnämnden</p>"
    assert header in decided.letter_html
    settings.MUNICIPALITY_NAME = "Nya Sammanslagna kommunen"
    assert decision_replay_letter(decided) == decided.letter_html
    assert "2 identiska" in replay("--all")


def test_the_backfill_reads_the_name_from_the_stored_letter(decided, settings):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "bistand.decisions.migrations.0011_letter_municipality_name"
    )
    details = dict(decided.letter_details)
    details.pop("municipality_name")
    Decision.objects.filter(pk=decided.pk).update(letter_details=details)
    settings.MUNICIPALITY_NAME = "Nya Sammanslagna kommunen"
    migration.backfill(apps, None)
    decided.refresh_from_db()
    assert decided.letter_details["municipality_name"] != "Nya Sammanslagna kommunen"
    assert decision_replay_letter(decided) == decided.letter_html


def test_the_appeal_section_cites_the_socialtjanstlag_and_letters_already_sent_keep_their_text(
    decided,
):
    """FL 40–45 §§ say how to appeal; socialtjänstlagen (2025:400) 35 kap. 1 § says that a
    decision on ekonomiskt bistånd may be appealed at all. A letter made now cites both. A letter
    sent before (format 4, without the paragraph) is never changed: it replays under its own
    format, and today's format would not reproduce it (ADR 0295)."""
    import re

    appeal = re.search(
        r"<h2>Om du inte är nöjd med beslutet</h2>(.*?)</section>", decided.letter_html, re.S
    ).group(1)
    assert (
        '<p class="small">Förvaltningslagen (2017:900) 40–45 §§. '
        "Socialtjänstlagen (2025:400) 35 kap. 1 §.</p>" in appeal
    )

    sent_before = decided.letter_html.replace(" Socialtjänstlagen (2025:400) 35 kap. 1 §.", "")
    assert sent_before != decided.letter_html
    Decision.objects.filter(pk=decided.pk).update(letter_html=sent_before, letter_format=4)
    assert f"beslut {decided.pk}: identiskt" in replay(str(decided.pk))
    Decision.objects.filter(pk=decided.pk).update(letter_format=5)
    with pytest.raises(CommandError):
        replay(str(decided.pk))


def test_the_appeal_provision_follows_the_law_of_the_month_and_the_day_of_the_decision():
    """A decision made before 2025-07-01 is appealed under the repealed act (övergångsbestämmelse
    6 to SoL 2025:400), whose paragraph is not verified: nothing is cited rather than a guess."""
    from datetime import date

    from bistand.decisions.legal import appeal_provision

    july, june = date(2025, 7, 1), date(2025, 6, 1)
    assert appeal_provision(july, july) == "Socialtjänstlagen (2025:400) 35 kap. 1 §"
    assert appeal_provision(july, date(2025, 6, 30)) == ""
    # A month before 2025-07-01 is decided under the repealed act (legal_basis): nothing cited.
    assert appeal_provision(june, date(2026, 12, 7)) == ""
