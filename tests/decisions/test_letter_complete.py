"""The decision letter read as a jurist reads it (issue 12 items 6 and 7): addressee, the unit's
contact details, the case worker, where and how to appeal with the rule for the last day, a link
to appeal on Min sida; every amount below what was applied for written as "avslås delvis" with
its own reasons and lagrum; "not eligible" and "eligible, 0 kr this month" worded apart; each
lagrum once. Letters made before these details were stored render exactly as they did."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.conf import settings

from bistand.accounts.models import Role
from bistand.applications import services as application_services
from bistand.applications.models import ApplicationKind, ApplicationStatus
from bistand.cases import services as case_services
from bistand.decisions.models import Calculation
from bistand.decisions.services import (
    INCOME_COVERS_NEED,
    Post,
    decision_make,
    decision_replay_letter,
    letter_context,
    letter_render,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(db):
    return factories.citizen("alice")


@pytest.fixture
def eko(db):
    return factories.staff(Role.EKONOMISEKRETERARE)


def _decide(applicant, posts, decided_by=None, sources=None):
    case = case_services.case_get_or_open(applicant=applicant)
    application = application_services.application_start(
        case=case,
        month=date(2026, 11, 1),
        created_by=applicant,
        kind=ApplicationKind.RECURRING,
        answers={},
    )
    application_services.application_set_status(
        application=application, status=ApplicationStatus.SUBMITTED
    )
    calculation = Calculation.objects.create(
        application_id=application.pk, rules_version="test", input={}, output={"lines": []}
    )
    return decision_make(
        application=application,
        calculation=calculation,
        posts=posts,
        motivering={
            "paragraphs": ["Vi har prövat din ansökan."],
            "legal_sources": sources or ["SoL (2025:400) 12 kap. 1 §"],
        },
        decided_by=decided_by,
        delegation_reference="Delegationsordning punkt 3.1",
    )


def test_the_letter_has_addressee_contact_case_worker_and_where_to_appeal(alice, eko):
    decision = _decide(
        alice,
        [
            Post(
                post="forsorjningsstod",
                label="Försörjningsstöd",
                applied=Decimal("7000.00"),
                granted=Decimal("6200.00"),
                reason="Hyran räknas med högst 5 000 kr enligt riktlinjerna.",
                legal_source="SoL (2025:400) 12 kap. 1 §",
            ),
            Post(
                post="livsforing_glasogon",
                label="Glasögon",
                applied=Decimal("1500.00"),
                granted=Decimal("0.00"),
                reason="Behovet kan tillgodoses på annat sätt.",
                legal_source="SoL (2025:400) 12 kap. 1 §",
            ),
        ],
        decided_by=eko,
        sources=["SoL (2025:400) 12 kap. 1 §", "SoL (2025:400) 12 kap. 1 §", "FL 32 §"],
    )
    letter = decision.letter_html
    contact = settings.MUNICIPALITY.contact
    assert alice.display_name in letter
    assert contact.phone in letter and contact.visiting_address in letter
    for hours in contact.opening_hours:
        assert f"{hours.days} {hours.hours}" in letter
    assert f"Din handläggare är {eko.display_name}" in letter
    for line in contact.address[1:]:
        assert line in letter.split("Skicka eller lämna överklagandet")[1]
    assert f"{settings.PUBLIC_BASE_URL}/overklaga/" in letter
    assert "inom tre veckor från den dag du fick del av beslutet" in letter
    # Partial refusal: its own heading, reasons and lagrum.
    assert "Ansökan avslås delvis: 800\u00a0kr avslås." in letter
    assert "Försörjningsstöd: avslås delvis" in letter
    assert "Skäl: Hyran räknas med högst 5 000 kr enligt riktlinjerna." in letter
    assert "Glasögon: avslås" in letter and "Du har inte rätt till glasögon" in letter
    assert "Lagrum: SoL (2025:400) 12 kap. 1 §." in letter
    # Each lagrum once in the reasons.
    assert "Beslutet grundar sig på: SoL (2025:400) 12 kap. 1 §; FL 32 §." in letter
    assert decision_replay_letter(decision) == decision.letter_html


def test_eligible_but_zero_this_month_is_worded_apart_from_not_eligible(alice, eko):
    zero = Post(
        post="forsorjningsstod",
        label="Försörjningsstöd",
        applied=Decimal("3000.00"),
        granted=Decimal("0.00"),
        reason="Dina inkomster är högre än ditt behov.",
        legal_source="SoL (2025:400) 12 kap. 1 §",
        basis=INCOME_COVERS_NEED,
    )
    letter = _decide(alice, [zero], decided_by=eko).letter_html
    assert "eftersom dina inkomster täcker ditt behov den här månaden (0 kr)" in letter
    assert "du kan söka igen nästa månad" in letter
    assert "Du har inte rätt till" not in letter


def test_a_letter_without_stored_details_renders_as_before_issue_12():
    context = letter_context(
        case_number="2026-0001",
        month=date(2026, 11, 1),
        decided_at=datetime(2026, 11, 3, 9, tzinfo=UTC),
        decided_by_label="Automatiserad beslutsfunktion",
        delegation_reference="Punkt 1",
        posts=[
            {
                "post": "forsorjningsstod",
                "label": "Försörjningsstöd",
                "applied": "6000.00",
                "granted": "5000.00",
                "refused": "1000.00",
                "outcome": "partly_granted",
                "reason": "r",
                "legal_source": "SoL",
                "sentence": "Försörjningsstöd beviljas med 5 000,00 kr för november 2026.",
            }
        ],
        motivering={"paragraphs": ["p"], "legal_sources": ["SoL"]},
        calculation_output={"lines": []},
        rules_version="1.0.0",
        payment_date=date(2026, 11, 4),
        automated=True,
    )
    letter = letter_render(context)
    assert "Det här avslås" not in letter and "Kontakt</h2>" not in letter
    assert (
        "Socialnämnden måste ha fått det inom tre veckor från den dag du fick del av beslutet. "
        "Du kan också överklaga digitalt på Min sida." in letter
    )
    assert "<section>\n<h2>Om du inte är nöjd med beslutet</h2>" in letter
    assert letter.endswith("</section>\n</article>\n</body>\n</html>\n")


def test_a_robot_decision_names_no_case_worker(alice):
    robot = factories.decision(applicant=alice, applied="5000.00", granted="5000.00")
    assert robot.letter_details["case_worker"] == ""
    assert "Din handläggare är" not in robot.letter_html
    assert "Du kan be att en handläggare prövar ditt ärende" in robot.letter_html


def test_each_lagrum_is_listed_once_however_it_is_written():
    from bistand.decisions.services import unique_legal_sources

    assert unique_legal_sources(
        [
            "Socialtjänstlagen (2025:400) 12 kap. 1 §",
            "12 kap. 1 § socialtjänstlagen (2025:400); 12 kap. 7 § socialtjänstlagen (2025:400)",
            "12 kap. 7 § första stycket 1 socialtjänstlagen (2025:400); "
            "12 kap. 2 § socialtjänstförordningen (2025:468)",
            "12 kap. 7 § första stycket 1 socialtjänstlagen (2025:400); "
            "12 kap. 2 § socialtjänstförordningen (2025:468)",
            "Socialstyrelsens allmänna råd om ekonomiskt bistånd (SOSFS 2013:1)",
            "Socialstyrelsens allmänna råd om ekonomiskt bistånd (SOSFS 2013:1)",
        ]
    ) == [
        "Socialtjänstlagen (2025:400) 12 kap. 1 §",
        "12 kap. 7 § socialtjänstlagen (2025:400)",
        "12 kap. 7 § första stycket 1 socialtjänstlagen (2025:400)",
        "12 kap. 2 § socialtjänstförordningen (2025:468)",
        "Socialstyrelsens allmänna råd om ekonomiskt bistånd (SOSFS 2013:1)",
    ]
