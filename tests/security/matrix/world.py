"""A small world for the all-URL access matrix and the fuzz tests: two households and one staff
member per role, built with each app's own services and demo helpers.

Household A: citizen A (applicant) and partner A2, with a decided application (last month), an
application routed to the case-work queue (this month), a draft (next month), a paper draft
(two months ago), an application naming A2 that waits for A2's confirmation (in three
months), a payment order with a stickprov, a message thread, an appeal, a meeting, an
intensive-list entry and a handlingsplan. Household B: citizen B alone, with a decision and a
thread of their own. Every personnummer comes from `bistand.synthetic`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.appeals import services as appeal_services
from bistand.appeals.models import Appeal
from bistand.applications import services as application_services
from bistand.applications.models import Application, ApplicationKind
from bistand.cases import services as case_services
from bistand.cases.models import Case
from bistand.casework import services as casework_services
from bistand.decisions import selectors as decision_selectors
from bistand.decisions.models import (
    Decision,
    Delivery,
    DeliveryChannel,
    PrintBatch,
    PrintBatchItem,
)
from bistand.demo import casework as casework_demo
from bistand.demo import scenarios
from bistand.messaging import services as messaging_services
from bistand.messaging.models import Thread
from bistand.payments import services as payment_services
from bistand.payments.models import PaymentFile, PaymentOrder, PaymentRun, PostCheck
from bistand.planning import services as planning_services
from bistand.planning.models import IntensiveClient, Meeting, MeetingSlot
from bistand.synthetic import personnummer as pnr
from tests import factories as appeal_factories
from tests.payments.factories import synthetic_account

STAFF = [role for role in Role if role != Role.CITIZEN]
# Who knocks: anonymous, household A's two citizens, household B's citizen, each staff role.
WHO = ["anonymous", "citizen_a", "partner_a2", "citizen_b", *[role.value for role in STAFF]]


@dataclass
class World:
    users: dict[str, User | None]
    case: Case
    decided: Application
    decision: Decision
    routed: Application
    draft: Application
    awaiting: Application
    new_draft: Application
    paper: Application
    post_check: PostCheck
    thread: Thread
    appeal: Appeal
    meeting: Meeting
    free_slot: MeetingSlot
    intensive: IntensiveClient
    other_decision: Decision
    other_thread: Thread
    extra: dict[str, Any] = field(default_factory=dict)


def _payment_runs(decision: Decision) -> dict[str, Any]:
    """A run waiting for attest and an attested one with its file, prepared by a clerk who is
    none of the knocking staff (so every one of them may attest)."""
    clerk = User.objects.create(username="clerk", role=Role.EKONOMISEKRETERARE)
    attester = User.objects.create(username="attester", role=Role.ENHETSCHEF)
    now = timezone.now()
    day = timezone.localdate() + timedelta(days=60)
    payment_file = PaymentFile.objects.create(
        execution_date=day,
        msg_id="BISTAND-MATRIX",
        created_at=now,
        status="written",
        content="<Document/>",
    )
    attested = PaymentRun.objects.create(
        execution_date=day,
        prepared_by=clerk,
        prepared_at=now,
        number_of_orders=0,
        control_sum=Decimal("0.00"),
        attested_by=attester,
        attested_at=now,
        file=payment_file,
    )
    open_run = PaymentRun.objects.create(
        execution_date=day + timedelta(days=1),
        prepared_by=clerk,
        prepared_at=now,
        number_of_orders=1,
        control_sum=Decimal("1.00"),
    )
    return {
        "order": PaymentOrder.objects.get(decision_id=decision.pk),
        "attested_run": attested,
        "open_run": open_run,
    }


def month_shift(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def make_citizen(username: str, seed: int, born: date) -> User:
    return User.objects.create(
        username=username,
        role=Role.CITIZEN,
        display_name=f"Testperson {seed}",
        personnummer=pnr.generate(random.Random(seed), born),
    )


def build(settings: Any) -> World:
    settings.POST_CHECK_SHARE = "1"  # every payment gets a stickprov, so there is one to open
    settings.POST_CHECK_SHARE_BY = {}
    this_month = timezone.localdate().replace(day=1)
    citizen_a = make_citizen("citizen-a", 81, date(1988, 3, 14))
    partner_a2 = make_citizen("partner-a2", 82, date(1990, 7, 2))
    citizen_b = make_citizen("citizen-b", 83, date(1979, 11, 23))
    users: dict[str, User | None] = {
        "anonymous": None,
        "citizen_a": citizen_a,
        "partner_a2": partner_a2,
        "citizen_b": citizen_b,
    }
    for role in STAFF:
        users[role.value] = User.objects.create(
            username=f"staff-{role.value}", role=role, display_name=f"{role.label} Testsson"
        )
    eko = users[Role.EKONOMISEKRETERARE.value]
    social = users[Role.SOCIALSEKRETERARE.value]
    assert eko is not None and social is not None

    answers = {**scenarios.routine_answers(), "payment": synthetic_account(random.Random(84))}
    decided = scenarios.decided_month(
        applicant=citizen_a, month=month_shift(this_month, -1), answers=answers, decided_by=eko
    )
    case = case_services.case_get_or_open(applicant=citizen_a)
    decision = Decision.objects.get(application_id=decided.pk)
    payment_services.payment_order_create_for_decision(decision_id=decision.pk)
    post_check = PostCheck.objects.get(decision_id=decision.pk)
    # The citizen's document for the stickprov (Min sida), which staff open.
    post_check_document = payment_services.post_check_document_upload(
        post_check_id=post_check.pk,
        by=citizen_a,
        chunks=[b"%PDF-1.4\n%%EOF\n"],
        original_name="kvitton.pdf",
    )
    routed = casework_demo.routed_application(applicant=citizen_a, month=this_month)
    casework_services.claim_take(user=eko, application=routed)  # the ekonomisekreterare's case
    # A2 joins the household after this month's application went to the queue.
    case_services.case_set_partner(case=case, partner=partner_a2)
    draft = scenarios.recurring_draft(
        applicant=citizen_a, month=month_shift(this_month, 1), answers={}
    )
    # An application sent with A2 named as the partner, waiting for A2's confirmation.
    awaiting = scenarios.recurring_draft(
        applicant=citizen_a, month=month_shift(this_month, 3), answers={}
    )
    awaiting = application_services.application_submit(
        application=awaiting, version=awaiting.version, by=citizen_a
    )
    # A new application with every page (children and another adult make those pages appear).
    full = scenarios.routine_answers()
    full["household"] = {"has_partner": False, "children_count": 1, "other_adults_count": 1}
    new_draft = application_services.application_start(
        case=case,
        month=month_shift(this_month, 2),
        created_by=citizen_a,
        kind=ApplicationKind.NEW,
        answers=full,
    )
    paper = casework_services.paper_application_start(
        staff=eko, personnummer=citizen_a.personnummer or "", month=month_shift(this_month, -2)
    )
    thread = messaging_services.thread_start(
        case=case, by=citizen_a, subject="Fråga om beslutet", body="När kommer pengarna?"
    )
    appeal = appeal_services.appeal_submit(
        decision=decision, by=citizen_a, wanted_change="Mer pengar", reasons="Hyran är högre."
    )
    now = timezone.now()
    slot = planning_services.slot_publish(
        worker=social, starts_at=now + timedelta(hours=3), minutes=45, mode="in_person",
        place="Stadshuset, rum 3",
    )  # fmt: skip
    meeting = planning_services.meeting_book(slot_id=slot.pk, case=case, by=social)
    free_slot = planning_services.slot_publish(
        worker=social, starts_at=now + timedelta(hours=30), minutes=45, mode="in_person",
        place="Stadshuset, rum 4",
    )  # fmt: skip
    intensive = planning_services.intensive_add(
        worker=social, case=case, meetings_per_week=2, by=social
    )
    planning_services.action_plan_save(
        case=case, expected_version=0, content={"goal": "Arbete inom ett år"}, by=social
    )

    other_answers = {**scenarios.routine_answers(), "payment": synthetic_account(random.Random(85))}
    other = scenarios.decided_month(
        applicant=citizen_b, month=month_shift(this_month, -1), answers=other_answers,
        decided_by=eko,
    )  # fmt: skip
    other_case = case_services.case_get_or_open(applicant=citizen_b)
    other_thread = messaging_services.thread_start(
        case=other_case, by=citizen_b, subject="Min fråga", body="Hej"
    )
    # An automated decision of household A with a citizen's request for a person's review.
    robot = appeal_factories.decision(
        applicant=citizen_a,
        month=month_shift(this_month, -4),
        applied="5000.00",
        granted="5000.00",
        decided_at=timezone.now() - timedelta(days=100),  # older: not the satisfaction question's
    )
    review = appeal_services.review_request_submit(decision=robot, by=citizen_a, reason="Pröva")
    kommunicering = casework_services.kommunicering_send(
        user=eko,
        application=routed,
        material="Uppgift från Försäkringskassan.",
        reply_by=timezone.localdate() + timedelta(days=7),
    )
    recovery = payment_services.recovery_claim_record(
        decision_id=decision.pk, amount=Decimal("100.00"), reason="Fel", created_by=eko
    )
    emergency = casework_services.emergency_decide(
        user=eko,
        data=casework_services.EmergencyInput(
            personnummer=citizen_b.personnummer or "",
            need="livsmedel",
            applied=Decimal("300.00"),
            granted=True,
            amount=Decimal("300.00"),
            facts="Inga pengar till mat.",
            reason="Akut behov av mat.",
            means="kontant",
            reference="KV-1",
        ),
    )
    # A print batch with household A's letter by post in it (issue 12 item 3).
    post = Delivery.objects.create(
        decision=decision, channel=DeliveryChannel.POST, sent_at=timezone.now(), reference="x"
    )
    batch = PrintBatch.objects.create(
        created_at=timezone.now(),
        created_by=eko,
        pdf=b"%PDF-1.7 matrix",
        pdf_sha256="0" * 64,
        letter_count=1,
        page_count=2,
    )
    PrintBatchItem.objects.create(
        batch=batch,
        position=1,
        delivery=post,
        case_number=case.number,
        title="Beslut",
        addressee="A",
        address_lines=["Gatan 1", "123 45 EXEMPELSTAD"],
        first_page=1,
        page_count=2,
    )
    return World(
        extra={
            "emergency": emergency,
            "print_batch": batch,
            "robot_decision": robot,
            "review": review,
            "kommunicering": kommunicering,
            "recovery_claim": recovery,
            "post_check_document": post_check_document,
            "recovery_letter": decision_selectors.standalone_letter_of(
                kind="aterkrav", object_id=recovery.pk
            ),
            **_payment_runs(decision),
        },
        users=users,
        case=case,
        decided=decided,
        decision=decision,
        routed=routed,
        draft=draft,
        awaiting=awaiting,
        new_draft=new_draft,
        paper=paper,
        post_check=post_check,
        thread=thread,
        appeal=appeal,
        meeting=meeting,
        free_slot=free_slot,
        intensive=intensive,
        other_decision=Decision.objects.get(application_id=other.pk),
        other_thread=other_thread,
    )
