"""Ready-made synthetic cases for the demo, the tests and the benchmarks.

A *routine recurring* case is what the automated decision function exists for: a person alone,
registered at Arbetsförmedlingen with an active plan, the same rent as last month, and no income
that the registers do not also show. Last month's application was decided by a named case worker
(a new application always is); this month's is recurring.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from bistand.accounts.models import User
from bistand.applications import services as application_services
from bistand.applications.answers import to_rules_input
from bistand.applications.models import Application, ApplicationKind, Channel
from bistand.cases import services as case_services
from bistand.decisions.legal import legal_basis
from bistand.decisions.services import Post, calculation_create, decision_make

from .simulator import routine_personnummer


def routine_answers(*, rent: str = "4300.00", electricity: str = "300.00") -> dict[str, Any]:
    """The stored answers of a person alone with rent and electricity and no income."""
    return {
        "household": {"has_partner": False, "children_count": 0, "other_adults_count": 0},
        "housing": {
            "housing_type": "rental",
            "rent": rent,
            "household_electricity": electricity,
            "home_insurance": "150.00",
        },
        "incomes": {"a1": {}},
        "assets": {"bank_balance": "0.00", "has_vehicle": False},
        "work": {"a1": {"situation": "registered_af", "details": ""}},
        "needs": {"items": []},
        "payment": {"clearing": "6000", "account": "123456789"},
        "consent": {"registers": True, "truthful": True},
    }


def previous_month(month: date) -> date:
    return (month.replace(day=1) - timedelta(days=1)).replace(day=1)


def routine_personnummer_for(rng: random.Random, month: date) -> str:
    """A synthetic person the register simulator shows as routine for the month before `month`
    (the month whose incomes an application for `month` is weighed against)."""
    start = previous_month(month)
    return routine_personnummer(
        rng, start=start, end=application_services.last_of_month(start), today=timezone.localdate()
    )


def young_adult_personnummer_for(rng: random.Random, month: date) -> str:
    """As `routine_personnummer_for`, for a young adult born 19 years before the month before
    `month`: 18 or 19 then, and 18–20 in `month` (12 kap. 9 § SoL 2025:400)."""
    start = previous_month(month)
    year = start.year - 19
    return routine_personnummer(
        rng,
        start=start,
        end=application_services.last_of_month(start),
        today=timezone.localdate(),
        born_years=(year, year + 1),
    )


PARENT_BIRTH_DATES = ("1972-05-14", "1974-09-02")


def young_adult_answers(
    *, rent: str = "9000.00", electricity: str = "600.00", parents: int = 2, siblings: int = 1
) -> dict[str, Any]:
    """The stored answers of a young adult (18–20) who has left school and lives with
    `parents` parents and `siblings` younger siblings: his or her own household in a shared home
    (12 kap. 9 § SoL 2025:400, 12 kap. 3 § andra stycket SoF 2025:468). The rent and electricity
    are the whole home's; no agreed share, so they count per head. Nothing about the parents but
    their birth dates and that they are the parents."""
    answers = routine_answers(rent=rent, electricity=electricity)
    answers["household"] = {
        "has_partner": False,
        "children_count": 0,
        "other_adults_count": parents,
        "applicant_in_school": False,
    }
    answers["other_adults"] = {
        "items": [
            {"birth_date": born, "relation": "parent"} for born in PARENT_BIRTH_DATES[:parents]
        ],
        "children_in_home": siblings,
    }
    answers["housing"]["home_insurance"] = "0.00"
    return answers


def decided_month(
    *,
    applicant: User,
    month: date,
    answers: dict[str, Any],
    decided_by: User,
    kind: ApplicationKind = ApplicationKind.NEW,
) -> Application:
    """An application for `month`, submitted and decided by a named case worker (granted in full
    per the rules engine). Used for the history before a recurring month."""
    case = case_services.case_get_or_open(applicant=applicant)
    application = application_services.application_start(
        case=case, month=month, created_by=applicant, kind=kind, answers=answers
    )
    application = application_services.application_submit(
        application=application, version=application.version, by=applicant
    )
    calculation = calculation_create(
        application=application,
        rules_input=to_rules_input(application),
        register_snapshot={},
    )
    amount = Decimal(calculation.output["amount"])
    basis = legal_basis(month)  # the month's law: SoL 2001:453 before 2025-07-01
    decision_make(
        application=application,
        calculation=calculation,
        posts=[
            Post(
                post="forsorjningsstod",
                label="Försörjningsstöd",
                applied=amount,
                granted=amount,
                reason="Beräknat enligt riksnormen och dina skäliga kostnader.",
                legal_source=basis.forsorjningsstod,
            )
        ],
        motivering={
            "paragraphs": [
                "Du har rätt till försörjningsstöd när du inte själv kan försörja dig. Vi har "
                "räknat ut ditt behov enligt riksnormen och dina skäliga kostnader."
            ],
            "legal_sources": [basis.right, basis.norm],
        },
        decided_by=decided_by,
        delegation_reference="Delegationsordning (EXEMPEL), ekonomisekreterare",
    )
    application.refresh_from_db()
    return application


def recurring_draft(
    *, applicant: User, month: date, answers: dict[str, Any], channel: Channel = Channel.DIGITAL
) -> Application:
    """A recurring application for `month`, filled in as a draft (not submitted)."""
    case = case_services.case_get_or_open(applicant=applicant)
    return application_services.application_start(
        case=case,
        month=month,
        created_by=applicant,
        kind=ApplicationKind.RECURRING,
        channel=channel,
        answers=answers,
    )


def submit(application: Application, by: User) -> Application:
    return application_services.application_submit(
        application=application, version=application.version, by=by
    )
