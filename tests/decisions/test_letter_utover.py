"""A decision with a post of bistånd utöver (SoL 2025:400 12 kap. 2 §) says in its letter which
posts can be appealed to förvaltningsrätten and that the utöver posts cannot: only their legality
can be tried (kommunallagen 13 kap.). Letter format 6; letters sent before keep their text and
replay byte for byte (ADR 0310)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bistand.accounts.models import Role
from bistand.decisions import letter_formats
from bistand.decisions.legal import is_utover, legal_basis
from bistand.decisions.models import Decision
from bistand.decisions.services import UTOVER as UTOVER_BASIS
from bistand.decisions.services import (
    Post,
    decision_replay_letter,
    letter_context,
    letter_render,
)
from tests import factories

MONTH = date(2026, 11, 1)
NEW = legal_basis(MONTH)
LEGALITY = "Kommunallagen (2017:725) 13 kap. 1, 2 och 4–8 §§"


def _post(post: str, label: str, applied: str, granted: str, source: str) -> Post:
    return Post(
        post=post,
        label=label,
        applied=Decimal(applied),
        granted=Decimal(granted),
        reason="Bedömt av handläggaren.",
        legal_source=source,
        basis=UTOVER_BASIS if source == NEW.utover else "",
    )


FS = _post("forsorjningsstod", "Försörjningsstöd", "5220.00", "5220.00", NEW.forsorjningsstod)
UTOVER = _post("utover_n1", "Tandvård", "3400.00", "3400.00", NEW.utover)
UTOVER_REFUSED = _post("utover_n1", "Tandvård", "3400.00", "0.00", NEW.utover)


@pytest.fixture
def worker(db):
    return factories.staff(Role.EKONOMISEKRETERARE, "eva", display_name="Eva Ekonom")


def _decided(worker, posts: list[Post]) -> Decision:
    return factories.decision(
        applicant=factories.citizen(), month=MONTH, decided_by=worker, posts=posts
    )


def appeal_section(letter: str) -> str:
    found = re.search(r"<h2>Om du inte är nöjd med beslutet</h2>(.*?)</section>", letter, re.S)
    assert found is not None
    return found.group(1)


def test_a_mixed_decision_says_which_part_can_be_appealed_and_how_to_try_the_other(worker):
    decision = _decided(worker, [FS, UTOVER])
    assert decision.letter_format == letter_formats.CURRENT == 6
    assert (
        "Tandvård beviljas med 3\u00a0400\u00a0kr för november 2026. Det är bistånd utöver det "
        "du har rätt till enligt lagen." in decision.letter_html
    )
    section = appeal_section(decision.letter_html)
    # the part under 12 kap. 1 §: förvaltningsbesvär, through the nämnd, three weeks (FL 44 §)
    assert "<h3>Det här kan du överklaga: försörjningsstöd</h3>" in section
    assert "Du kan överklaga beslutet om försörjningsstöd till förvaltningsrätten" in section
    assert "Skicka eller lämna överklagandet till socialnämnden, inte till domstolen" in section
    assert "Förvaltningslagen (2017:900) 40–45 §§. Socialtjänstlagen (2025:400) 35 kap. 1 §." in (
        section
    )
    # the part under 12 kap. 2 §: not that way; laglighetsprövning by a kommunmedlem (KL 13 kap.)
    assert "<h3>Det här kan du inte överklaga på det sättet: tandvård</h3>" in section
    assert "laglighetsprövning" in section
    assert "inte överklagas till förvaltningsrätten på det vanliga sättet" in section
    assert "om du är medlem i kommunen" in section
    assert "skriv till förvaltningsrätten, inte till socialnämnden" in section
    assert "tre veckor från den dag då kommunen på sin anslagstavla meddelade" in section
    assert "inte ändra det eller bevilja dig något i stället" in section
    assert f"Socialtjänstlagen (2025:400) 12 kap. 2 § och 35 kap. 1 §. {LEGALITY}." in section
    # never that the whole decision can be appealed to förvaltningsrätten
    assert "Du kan överklaga beslutet till förvaltningsrätten" not in section
    assert decision_replay_letter(decision) == decision.letter_html


def test_a_decision_of_only_bistand_utover_offers_no_appeal_to_forvaltningsratten(worker):
    decision = _decided(worker, [UTOVER])
    section = appeal_section(decision.letter_html)
    assert "Hela beslutet gäller bistånd utöver det du har rätt till enligt lagen" in section
    assert "Det här kan du överklaga" not in section
    assert "överklaga digitalt på Min sida" not in section
    assert "Förvaltningslagen (2017:900) 40–45 §§" not in section
    assert "laglighetsprövning" in section and LEGALITY in section


def test_a_refused_application_for_bistand_utover_says_the_same(worker):
    decision = _decided(worker, [FS, UTOVER_REFUSED])
    letter = decision.letter_html
    refusals = re.search(r"<h2>Det här avslås</h2>(.*?)</section>", letter, re.S).group(1)
    assert "Du kan överklaga det på samma sätt som resten av beslutet" not in refusals
    assert "Det här avslaget gäller bistånd utöver det du har rätt till enligt lagen" in refusals
    assert "kan inte överklagas till förvaltningsrätten" in refusals
    # 12 kap. 2 § is no right: the refusal does not say "Du har inte rätt till tandvård"
    assert "Du har inte rätt till tandvård" not in refusals
    assert "Du har sökt tandvård utöver det du har rätt till enligt lagen" in refusals
    assert "<h3>Det här kan du inte överklaga på det sättet: tandvård</h3>" in appeal_section(
        letter
    )
    assert decision_replay_letter(decision) == letter


def test_a_decision_without_bistand_utover_reads_as_before(worker):
    """Format 6 changes nothing in a letter without a 12 kap. 2 § post: it is format 5's text."""
    decision = _decided(worker, [FS])
    Decision.objects.filter(pk=decision.pk).update(letter_format=5)
    decision.refresh_from_db()
    assert decision_replay_letter(decision) == decision.letter_html
    assert "Du kan överklaga beslutet till förvaltningsrätten, också om" in decision.letter_html
    assert "laglighetsprövning" not in decision.letter_html


def test_letters_sent_before_format_6_keep_their_text(worker):
    """A letter with a 12 kap. 2 § post sent under format 5 said the whole decision could be
    appealed; it is never changed: it replays under its own format, and today's format would
    not reproduce it."""
    decision = _decided(worker, [FS, UTOVER])
    sent_before = _render(decision, letter_format=5)
    assert "Du kan överklaga beslutet till förvaltningsrätten, också om" in sent_before
    assert "laglighetsprövning" not in sent_before
    Decision.objects.filter(pk=decision.pk).update(letter_html=sent_before, letter_format=5)
    decision.refresh_from_db()
    assert decision_replay_letter(decision) == decision.letter_html
    Decision.objects.filter(pk=decision.pk).update(letter_format=6)
    decision.refresh_from_db()
    assert decision_replay_letter(decision) != decision.letter_html


def _render(decision: Decision, *, letter_format: int, **changes) -> str:
    from bistand.cases.selectors import case_by_id

    values = {
        "case_number": case_by_id(case_id=decision.case_id).number,
        "month": decision.period_start,
        "decided_at": decision.decided_at,
        "decided_by_label": decision.decided_by_label,
        "delegation_reference": decision.delegation_reference,
        "posts": decision.posts,
        "motivering": decision.motivering,
        "calculation_output": decision.calculation.output,
        "rules_version": decision.calculation.rules_version,
        "payment_date": decision.payment_date,
        "automated": decision.automated,
        "details": decision.letter_details,
        "letter_format": letter_format,
        **changes,
    }
    return letter_render(letter_context(**values))


def test_under_the_repealed_act_the_utover_part_is_told_apart_without_an_unverified_paragraph(
    worker,
):
    """A month before 2025-07-01 decided (and a decision made) before then: bistånd utöver was
    SoL 2001:453 4 kap. 2 §, not among the decisions its 16 kap. 3 § made appealable (SECONDARY
    in law-2026.md; provisional). The letter tells the parts apart as under the new act, cites
    4 kap. 2 § and kommunallagen 13 kap., and no paragraph of the repealed act it cannot
    verify."""
    old = legal_basis(date(2025, 5, 1))
    assert old.utover == "Socialtjänstlagen (2001:453) 4 kap. 2 §"
    decision = _decided(worker, [FS])
    posts = [
        {**decision.posts[0], "legal_source": old.forsorjningsstod},
        {**decision.posts[0], "post": "utover_n1", "label": "Tandvård", "legal_source": old.utover},
    ]
    letter = _render(
        decision,
        letter_format=6,
        month=date(2025, 5, 1),
        decided_at=datetime(2025, 5, 20, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm")),
        posts=posts,
    )
    section = appeal_section(letter)
    assert "<h3>Det här kan du överklaga: försörjningsstöd</h3>" in section
    assert "<h3>Det här kan du inte överklaga på det sättet: tandvård</h3>" in section
    assert f"Socialtjänstlagen (2001:453) 4 kap. 2 §. {LEGALITY}." in section
    assert "35 kap. 1 §" not in section and "16 kap. 3 §" not in section
    assert "Förvaltningslagen (2017:900) 40–45 §§.</p>" in section


def test_is_utover_goes_by_the_months_law():
    assert is_utover("Socialtjänstlagen (2025:400) 12 kap. 2 §", MONTH)
    assert not is_utover("Socialtjänstlagen (2025:400) 12 kap. 1 § och 7 §", MONTH)
    assert is_utover("Socialtjänstlagen (2001:453) 4 kap. 2 §", date(2025, 6, 1))
    assert not is_utover("Socialtjänstlagen (2025:400) 12 kap. 2 §", date(2025, 6, 1))


def test_bistand_replay_reproduces_a_letter_with_bistand_utover(worker):
    """Through the rules engine and `bistand replay`, as an auditor would check it."""
    from io import StringIO

    from django.core.management import call_command

    from bistand.applications import services as application_services
    from bistand.applications.answers import to_rules_input
    from bistand.applications.models import ApplicationKind
    from bistand.cases import services as case_services
    from bistand.decisions.services import calculation_create, decision_make
    from bistand.demo import scenarios

    citizen = factories.citizen()
    case = case_services.case_get_or_open(applicant=citizen)
    application = application_services.application_start(
        case=case,
        month=MONTH,
        created_by=citizen,
        kind=ApplicationKind.NEW,
        answers=scenarios.routine_answers(),
    )
    application = application_services.application_submit(
        application=application, version=application.version, by=citizen
    )
    calculation = calculation_create(
        application=application, rules_input=to_rules_input(application), register_snapshot={}
    )
    amount = Decimal(calculation.output["amount"])
    fs = _post(
        "forsorjningsstod", "Försörjningsstöd", str(amount), str(amount), NEW.forsorjningsstod
    )
    decision = decision_make(
        application=application,
        calculation=calculation,
        posts=[fs, UTOVER_REFUSED],
        motivering={"paragraphs": ["Test."], "legal_sources": [NEW.forsorjningsstod, NEW.utover]},
        decided_by=worker,
        delegation_reference="Delegationsordning (EXEMPEL), ekonomisekreterare",
    )
    assert "<h3>Det här kan du inte överklaga på det sättet: tandvård</h3>" in (
        decision.letter_html
    )
    out = StringIO()
    call_command("replay", str(decision.pk), stdout=out)
    assert f"beslut {decision.pk}: identiskt" in out.getvalue()
