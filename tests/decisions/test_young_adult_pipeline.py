"""A young adult's own application through the robot's pipeline (issue 11 item 2).

The first application always goes to a case worker, with its reasons; a later month with
nothing changed is decided by the robot with the amount the law gives, and the letter explains
the shared home without a word about the parents' incomes or needs.

Hand computation, 2026 (SFS 2025:1046): the young adult (out of school), one parent and one
younger sister: 3 persons in the home; rent 9 000 kr and electricity 600 kr for the whole home,
no income, no agreed share:
    ensamstående 3 940 + gemensamma 1 790 / 3 (596,67) + hyra 9 000 / 3 (3 000)
    + el 600 / 3 (200) = 7 736,67 kr.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from bistand import rules
from bistand.accounts.models import Role, User
from bistand.applications.models import ApplicationKind, ApplicationStatus
from bistand.decisions.models import Calculation, Decision, Triage
from bistand.demo import scenarios
from tests.factories import this_month

from .conftest import process

pytestmark = pytest.mark.usefixtures("registers_settings")


@pytest.fixture
def young_adult(db) -> User:
    number = scenarios.young_adult_personnummer_for(random.Random(11), this_month())
    return User.objects.create(
        username="ung-vuxen", role=Role.CITIZEN, display_name="Ung Vuxen", personnummer=number
    )


def answers(**change):
    return scenarios.young_adult_answers(parents=1, siblings=1, **change)


def reasons_of(application) -> list[str]:
    return [r["code"] for r in Triage.objects.get(application_id=application.pk).reasons]


def test_the_first_own_application_goes_to_a_case_worker_with_its_reasons(young_adult):
    draft = scenarios.recurring_draft(applicant=young_adult, month=this_month(), answers=answers())
    draft.kind = ApplicationKind.NEW
    draft.save(update_fields=["kind"])
    application = scenarios.submit(draft, young_adult)
    assert process(application) == "done"
    codes = reasons_of(application)
    assert "new_application" in codes
    # Whatever the delegation says about new applications, a person tries the first one.
    assert "young_adult_first_application" in codes
    calculation = Calculation.objects.get(application_id=application.pk)
    if this_month().year == 2026:
        assert calculation.output["amount"] == "7736.67"


def test_a_later_month_with_nothing_changed_is_decided_by_the_robot(young_adult, worker):
    scenarios.decided_month(
        applicant=young_adult,
        month=scenarios.previous_month(this_month()),
        answers=answers(),
        decided_by=worker,
    )
    application = scenarios.submit(
        scenarios.recurring_draft(applicant=young_adult, month=this_month(), answers=answers()),
        young_adult,
    )
    assert process(application) == "done"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECIDED, reasons_of(application)
    decision = Decision.objects.get(application_id=application.pk)
    calculation = Calculation.objects.get(application_id=application.pk)
    assert decision.automated
    assert decision.amount == rules.calculate(calculation.input).amount
    if this_month().year == 2026:
        assert decision.amount == Decimal("7736.67")
    letter = decision.letter_html.replace("\xa0", " ")
    assert "I hemmet bor 3 personer" in letter
    assert "Du är en av dem, så din andel är 1 790 kr × 1 / 3 = 596,67 kr" in letter
    assert "9 000 kr × 1 / 3 = 3 000 kr" in letter
    assert "De andra är egna hushåll: deras inkomster och behov räknas inte här" in letter
    # Letter format 4 (and 5, which only adds the appeal paragraph) and rules 2.0.3: the parent
    # and the sister belong to another household in the home; the letter says so and states no
    # norm of theirs (the parent may have a sambo), and a line that only explains has no figure
    # ("0 kr") in the amount column.
    assert decision.letter_format >= 4
    body = letter[letter.find("<tbody>") : letter.find("</tbody>")]
    assert "4 536,67" not in body
    assert body.count("bor i hemmet men hör till ett annat hushåll där") == 2
    assert "Hens behov och inkomster ingår inte i din beräkning" in body
    assert "Vuxen i hemmet som inte är sambo" not in body and "Hens norm" not in body
    assert ">0 kr<" not in body
    assert {m["role"] for m in calculation.input["household"] if m["id"] != "a1"} == {"home_member"}
    assert '<th scope="row">Riksnorm</th><td class="amount">4 536,67 kr</td>' in letter
    # Nothing about the parent but that he or she lives there: no income, no personnummer.
    assert "inkomst" not in " ".join(
        line["what"].lower() for line in calculation.output["lines"] if line["member"] == "o1"
    )
    assert all(income["member"] == "a1" for income in calculation.input["incomes"])


@pytest.mark.parametrize(
    ("now", "code"),
    [(True, "young_adult_in_school"), (None, "skolungdom_missing")],
)
def test_back_in_school_or_no_answer_goes_to_the_queue(young_adult, worker, now, code):
    scenarios.decided_month(
        applicant=young_adult,
        month=scenarios.previous_month(this_month()),
        answers=answers(),
        decided_by=worker,
    )
    current = answers()
    current["household"]["applicant_in_school"] = now
    application = scenarios.submit(
        scenarios.recurring_draft(applicant=young_adult, month=this_month(), answers=current),
        young_adult,
    )
    process(application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_QUEUE
    assert code in reasons_of(application)
    if now is True:
        assert "skolungdom_changed" in reasons_of(application)
