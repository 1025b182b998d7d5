"""Demo data for case work: routed applications in the shared queue (one overdue and escalated,
some claimed), a paper application, journal entries. All people are synthetic.

The helpers build applications the way the system does: answers through the e-service's own
forms, submitted with the applications services, and routed by the real decision pipeline with
a synthetic register snapshot. Tests use them too.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.applications import forms as application_forms
from bistand.applications import services as application_services
from bistand.applications.answers import Answers
from bistand.applications.models import Application, ApplicationKind, Channel
from bistand.cases import services as case_services
from bistand.casework import services
from bistand.decisions import pipeline
from bistand.registers.types import (
    AfData,
    Payment,
    RegisterSnapshot,
    SkvData,
    Source,
    SourceResult,
    Status,
)
from bistand.synthetic import names
from bistand.synthetic import personnummer as pnr

DEMO_MARKER_USERNAME = "demo-invanare-2"


def answers_for(
    *,
    month: date,
    applicant_personnummer: str,
    salary: str = "",
    rent: str = "6 500",
    needs: dict[str, tuple[str, str]] | None = None,
    situation: str = "registered_af",
) -> dict[str, Any]:
    """Answers for a single adult, built and validated with the e-service's own forms."""
    needs = needs or {}
    pages: list[tuple[type[application_forms.StepForm], dict[str, Any]]] = [
        (
            application_forms.HouseholdForm,
            {"has_partner": "no", "children_count": "0", "other_adults_count": "0"},
        ),
        (
            application_forms.HousingForm,
            {"housing_type": "rental", "rent": rent, "household_electricity": "300"},
        ),
        (application_forms.IncomeSourcesForm, {"a1_sources": ["salary"] if salary else ["none"]}),
        *([(application_forms.IncomesForm, {"a1_salary": salary})] if salary else []),
        (application_forms.AssetsForm, {"bank_balance": "0", "has_vehicle": "no"}),
        (application_forms.WorkForm, {"a1_situation": situation}),
        (application_forms.NeedsForm, {"needs": list(needs) or ["none"]}),
        *(
            (
                application_forms.NEED_FORMS[n],
                {f"{n}_amount": amount, f"{n}_reason": reason},
            )
            for n, (amount, reason) in needs.items()
        ),
        (application_forms.PaymentForm, {"clearing": "6000", "account": "123456789"}),
        (application_forms.ConsentForm, {"registers": "yes", "truthful": "on"}),
    ]
    answers: dict[str, Any] = {}
    for form_class, data in pages:
        kwargs: dict[str, Any] = {"answers": Answers.from_json(answers), "month": month}
        if form_class is application_forms.HouseholdForm:
            kwargs["applicant_personnummer"] = applicant_personnummer
        form = form_class(data, **kwargs)
        if not form.is_valid():
            raise ValueError(f"{form_class.__name__}: {form.errors.as_json()}")
        answers.update(form.sections())
    return answers


def register_snapshot(
    *, personnummer: str, month: date, case_number: str, salary: str = "", af_registered: bool
) -> dict[str, Any]:
    """A synthetic SSBTEK answer: AF registration and salary (AGI) for last month."""
    start, end = pipeline.register_period(month)
    salaries = (
        (Payment(income_type="salary", benefit="lön", amount=Decimal(salary), payment_date=end),)
        if salary
        else ()
    )
    snapshot = RegisterSnapshot(
        subject=personnummer,
        period_start=start,
        period_end=end,
        case_reference=case_number,
        requested_by="automatiserad beslutsfunktion",
        purpose=pipeline.PURPOSE,
        legal_basis="SoL",
        correlation_id=uuid.uuid4().hex,
        fetched_at=timezone.now(),
        results={
            Source.AF: SourceResult(
                source=Source.AF,
                status=Status.OK,
                data=AfData(
                    registered=af_registered,
                    registered_from=start if af_registered else None,
                    deregistered_from=None,
                    category="öppet arbetslös" if af_registered else None,
                    programme=None,
                    programme_start=None,
                    programme_end=None,
                    active_plan=af_registered,
                    latest_activity_report=None,
                    a_kassa_member=False,
                ),
            ),
            Source.SKV: SourceResult(
                source=Source.SKV,
                status=Status.OK,
                data=SkvData(salaries=salaries, tax_refunds=(), capital_income=()),
            ),
        },
    )
    return {"a1": snapshot.to_json()}


def routed_application(
    *,
    applicant: User,
    month: date,
    declared_salary: str = "",
    registered_salary: str = "",
    needs: dict[str, tuple[str, str]] | None = None,
    rent: str = "6 500",
    af_registered: bool = True,
    channel: str = Channel.DIGITAL,
    submitted_at: datetime | None = None,
    created_by: User | None = None,
) -> Application:
    """An application submitted and routed to the queue by the real pipeline."""
    assert applicant.personnummer
    with transaction.atomic():
        case = case_services.case_get_or_open(applicant=applicant)
        application = application_services.application_start(
            case=case,
            month=month,
            created_by=created_by or applicant,
            kind=ApplicationKind.NEW,
            channel=Channel(channel),
            answers=answers_for(
                month=month,
                applicant_personnummer=applicant.personnummer,
                salary=declared_salary,
                rent=rent,
                needs=needs,
            ),
        )
        application = application_services.application_submit(
            application=application, version=application.version, by=created_by or applicant
        )
        if submitted_at is not None:
            Application.objects.filter(pk=application.pk).update(submitted_at=submitted_at)
        pipeline.process(
            application_id=application.pk,
            prepared={
                "snapshots": register_snapshot(
                    personnummer=applicant.personnummer,
                    month=month,
                    case_number=case.number,
                    salary=registered_salary,
                    af_registered=af_registered,
                ),
                "consent": True,
            },
        )
    application.refresh_from_db()
    return application


def _citizen(username: str, rng: random.Random, born: date) -> User:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    # The name comes from its own generator seeded by the username, so the demo's other draws
    # (personnummer, amounts) stay as they were.
    naming = random.Random(username)
    sex = "F" if naming.random() < 0.5 else "M"
    return User.objects.create(
        username=username,
        role=Role.CITIZEN,
        display_name=f"{names.first_name(naming, sex)} {names.surname(naming)}",
        personnummer=pnr.generate(rng, born),
    )


def create(rng: random.Random) -> None:
    eva = User.objects.filter(username="demo-ekonomisekreterare").first()
    elin = User.objects.filter(username="demo-enhetschef").first()
    marker = User.objects.filter(username=DEMO_MARKER_USERNAME).first()
    if eva is None or elin is None or marker is None:
        return
    if Application.objects.filter(case__applicant=marker).exists():
        return  # already created
    month = timezone.localdate().replace(day=1)
    now = timezone.now()
    # New, unclaimed: declared salary differs from the register, glasses to assess.
    routed_application(
        applicant=marker,
        month=month,
        declared_salary="1 500",
        registered_salary="2750.00",
        needs={"glasses": ("1 200", "Mina glasögon gick sönder.")},
    )
    # Overdue (came in a week ago) and escalated to the enhetschef.
    overdue_applicant = User.objects.get(username="demo-invanare-3")
    routed_application(
        applicant=overdue_applicant, month=month, submitted_at=now - timedelta(days=7)
    )
    services.queue_escalate_overdue()
    # A paper application, claimed by Eva, with journal entries (one amended).
    paper = routed_application(
        applicant=User.objects.get(username="demo-invanare-4"),
        month=month,
        rent="9 800",
        af_registered=False,
        channel=Channel.PAPER,
        created_by=eva,
    )
    services.claim_take(user=eva, application=paper)
    first = services.journal_entry_add(
        author=eva,
        application=paper,
        text="Pappersansökan inlämnad i receptionen. Hyran är högre än riktlinjen.",
    )
    services.journal_entry_add(
        author=eva,
        application=paper,
        text="Rättelse: ansökan kom med post, inte till receptionen.",
        amends=first,
    )
    # One more new applicant, claimed by the enhetschef.
    other = _citizen("demo-casework-extra", rng, date(1979, 6, 2))
    extra = routed_application(applicant=other, month=month, declared_salary="", rent="5 900")
    services.claim_take(user=elin, application=extra)
