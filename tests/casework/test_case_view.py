"""The case view: declared facts beside register data with differences marked in words, the
robot's calculation and reasons, the history and the journal; every read is access-logged."""

from __future__ import annotations

from django.urls import reverse

from bistand.audit.models import AccessAction, AccessLogEntry
from tests import factories
from tests.factories import client_for, this_month


def test_case_view_shows_register_data_beside_declared_with_the_difference_marked(eva, routed):
    response = client_for(eva).get(reverse("casework:case", args=[routed.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    # Declared 1 500 kr salary, Skatteverket reports 2 750 kr: the row says so in words.
    assert "1\u00a0500\u00a0kr" in page
    assert "2\u00a0750\u00a0kr" in page
    assert "Skiljer sig" in page
    assert "inskriven hos Arbetsförmedlingen med aktiv planering" in page
    # The robot's routing reasons in words, its calculation lines, and the case history.
    assert "Nyansökan: en handläggare prövar alltid en första ansökan." in page
    assert "Robotens beräkning" in page
    assert "Beräknat bistånd" in page
    assert "En handläggare tittar på din ansökan" in page


def test_every_staff_read_of_a_case_is_access_logged_with_who_what_and_why(gustav, routed):
    before = AccessLogEntry.objects.count()
    client_for(gustav).get(reverse("casework:case", args=[routed.pk]))
    entry = AccessLogEntry.objects.order_by("-pk").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert entry is not None
    assert entry.user == gustav
    assert entry.role == "granskare"
    assert entry.action == AccessAction.READ
    assert entry.object_type == "application"
    assert entry.object_id == str(routed.pk)
    assert entry.case_number == routed.case.number
    assert entry.subject == routed.case.applicant.personnummer
    assert entry.reason == "Handläggning av ansökan om ekonomiskt bistånd"


def test_a_case_that_does_not_exist_is_404(eva, db):
    assert client_for(eva).get(reverse("casework:case", args=[999999])).status_code == 404


def test_af_registration_declared_vs_register_is_compared_in_words(eva, db):
    from bistand.demo import casework as demo

    application = demo.routed_application(
        applicant=factories.citizen(f"citizen-{71}", seed=71),
        month=this_month(),
        af_registered=False,
    )
    page = client_for(eva).get(reverse("casework:case", args=[application.pk])).content.decode()
    row = page.split("Inskriven hos Arbetsförmedlingen</th>")[1].split("</tr>")[0]
    assert "Ja" in row and "Nej" in row and "Skiljer sig" in row
    # What the applicant declared is on the page too.
    assert "Allt som står i ansökan" in page and "Bor med sambo, make eller maka" in page
    # Each calculation line says what its amount does.
    assert "Räknas med" in page and "Upplysning" in page


def test_a_line_that_only_explains_without_an_amount_shows_no_figure() -> None:
    """Another household in the home (rules 2.0.3, ADR 0235) is explained in words: the staff
    table shows no "0 kr" for it; an explaining line with an amount keeps its figure."""
    from bistand.casework.selectors import calculation_lines

    lines = calculation_lines(
        {
            "lines": [
                {"text": "Personen bor i hemmet …", "amount": "0.00", "effect": "info"},
                {"text": "Hyra för hela hemmet …", "amount": "3000.00", "effect": "info"},
                {"text": "Inget avdrag", "amount": "0.00", "effect": "subtract"},
            ]
        }
    )
    assert [line["amount_display"] for line in lines] == ["", "3\xa0000\xa0kr", "0\xa0kr"]


def test_a_childs_own_income_is_named_for_the_child_not_by_its_id() -> None:
    """Found walking the demo: a child's declared barnpension showed "c1" in the Person column
    of the case worker's comparison; it says "Barn 1" (another adult "Vuxen 1")."""
    from django.utils import translation

    from bistand.casework.selectors import declared_vs_register, member_label

    translation.activate("sv")
    rules_input = {
        "household": [{"id": "a1", "role": "applicant"}, {"id": "c1", "role": "child"}],
        "incomes": [
            {"member": "c1", "type": "pension", "amount": "1200.50"},
            {"member": "a1", "type": "salary", "amount": "100"},
        ],
    }
    rows, _ = declared_vs_register(rules_input, {})
    people = {row.member_label for row in rows}
    assert "Barn 1" in people and "Sökande" in people
    assert "c1" not in people
    assert member_label("o2") == "Vuxen 2"
    assert member_label("p1") == "Sambo eller make/maka"
    assert member_label("x") == "x"


def test_a_childs_income_is_not_compared_with_registers_that_were_never_asked() -> None:
    """Found walking the demo: a child's declared barnpension showed "Skiljer sig" against
    "0 kr" from the registers, which are asked only about the adults: the row says "Uppgift
    saknas". And the income is named "Barnpension", as the application beside it names it,
    not "Pension"."""
    from datetime import date, datetime

    from django.utils import timezone, translation

    from bistand.casework.selectors import declared_vs_register
    from bistand.registers.types import RegisterSnapshot

    translation.activate("sv")
    rules_input = {
        "household": [{"id": "a1", "role": "applicant"}, {"id": "c1", "role": "child"}],
        "incomes": [
            {"member": "c1", "type": "pension", "amount": "1200.50"},
            {"member": "a1", "type": "salary", "amount": "100"},
        ],
    }
    fetched_for_the_applicant = RegisterSnapshot(
        subject="",
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
        case_reference="",
        requested_by="",
        purpose="",
        legal_basis="",
        correlation_id="",
        fetched_at=timezone.make_aware(datetime(2026, 12, 1)),
        results={},
    ).to_json()
    rows, _ = declared_vs_register(rules_input, {"a1": fetched_for_the_applicant})
    by_person = {row.member_label: row for row in rows}
    child, applicant = by_person["Barn 1"], by_person["Sökande"]
    assert child.label == "Barnpension"
    assert child.register == "Uppgift saknas"
    assert not child.differs and not child.compared
    # The applicant was asked: 100 kr declared against nothing reported differs.
    assert applicant.label == "Lön" and applicant.differs and applicant.compared
    # No consent, nobody asked: nothing is "Samma" either.
    rows, _ = declared_vs_register(rules_input, {})
    assert all(not row.compared and row.register == "Uppgift saknas" for row in rows)


def test_an_adults_income_whose_source_did_not_answer_is_not_compared() -> None:
    """Left by the walk: when Skatteverket did not answer, the applicant's declared salary
    showed "Skiljer sig" against a 0 kr that was no answer at all. The row says "Uppgift
    saknas"; an income another source answered for is still compared."""
    from datetime import date, datetime

    from django.utils import timezone, translation

    from bistand.casework.selectors import declared_vs_register
    from bistand.registers.types import (
        RegisterSnapshot,
        SoData,
        Source,
        SourceResult,
        Status,
    )

    translation.activate("sv")
    rules_input = {
        "household": [{"id": "a1", "role": "applicant"}],
        "incomes": [
            {"member": "a1", "type": "salary", "amount": "4000"},
            {"member": "a1", "type": "unemployment_benefit", "amount": "500"},
        ],
    }
    snapshot = RegisterSnapshot(
        subject="",
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
        case_reference="",
        requested_by="",
        purpose="",
        legal_basis="",
        correlation_id="",
        fetched_at=timezone.make_aware(datetime(2026, 12, 1)),
        results={
            Source.SKV: SourceResult(source=Source.SKV, status=Status.TIMEOUT, reason="timeout"),
            Source.SO: SourceResult(
                source=Source.SO,
                status=Status.OK,
                data=SoData(
                    payments=(), entitled=True, period_days=300, days_used=10, suspended=False
                ),
            ),
        },
    ).to_json()
    rows, notes = declared_vs_register(rules_input, {"a1": snapshot})
    by_label = {row.label: row for row in rows}
    salary, a_kassa = by_label["Lön"], by_label[next(k for k in by_label if k != "Lön")]
    assert salary.register == "Uppgift saknas"
    assert not salary.differs and not salary.compared
    # The a-kassa answered with no payment: 500 kr declared against 0 kr differs.
    assert a_kassa.compared and a_kassa.differs
    assert any("svarade inte" in note for note in notes)


def test_the_case_page_names_the_month_in_the_staff_members_language(eva, routed, settings):
    """Found walking the demo: a case worker who chose English read "Application for januari
    2027"; the month is in the page's language (Swedish unchanged)."""
    from django.utils import translation

    from bistand.core.format import month_label

    swedish = month_label(routed.month)
    client = client_for(eva)
    page = client.get(reverse("casework:case", args=[routed.pk])).content.decode()
    assert f"Ansökan för {swedish}</h1>" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("casework:case", args=[routed.pk])).content.decode()
    h1 = page.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert h1 == f"Application for {routed.month:%B %Y}"
    decide = client.get(reverse("casework:decide", args=[routed.pk])).content.decode()
    assert f"{routed.month:%B %Y}" in decide.split("<h1>", 1)[1].split("</h1>", 1)[0]
    translation.activate("sv")  # the client's English request leaves English active
