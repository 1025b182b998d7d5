"""State changes in payments: keyword-only, typed functions named <entity>_<action>.

Payments are made exactly once (docs/adr/0008-payments-exactly-once.md):
- `payment_order_create_for_decision` makes at most one order per decision (database constraint)
  and is idempotent; the decision pipeline calls it in its own transaction, or enqueues the job
  `payments.order_for_decision`.
- `payment_file_generate` makes the day's pain.001 file in two committed steps: (1) create the
  `PaymentFile` for the date and assign every due order to it, in one transaction; (2) render the
  XML from exactly those orders and store it. A crash between or inside the steps leaves either
  nothing or a complete assignment, and running again finishes the same file.

Stickprov (post-checks) live here too: a reproducible HMAC draw per approval.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from bistand.accounts.models import User
from bistand.applications import selectors as application_selectors
from bistand.audit.models import AccessAction
from bistand.audit.services import access_log_record
from bistand.cases import selectors as case_selectors
from bistand.cases import services as case_services
from bistand.core import virusscan
from bistand.core.bulk import row_create
from bistand.core.checkpoints import checkpoint
from bistand.core.delegation import (
    ATERKRAV,
    NotDelegatedError,
    delegation_authorise,
    delegation_reference,
)
from bistand.core.deployment import debtor_problems
from bistand.core.format import kronor, month_label
from bistand.core.memo import memoized
from bistand.core.workdays import is_working_day, next_working_day, working_day_on_or_after
from bistand.decisions import selectors as decision_selectors
from bistand.decisions.models import Outcome, StandaloneLetterKind
from bistand.decisions.services import letter_details_for, standalone_letter_publish
from bistand.payments import events as payment_events
from bistand.rules.citations import NEW_LAW_FROM

from . import camt054, documents, pain001, pain002
from .bankaccount import InvalidBankAccountError, parse_bank_account, parse_giro, parse_ocr
from .models import (
    NOTE_MAX_LENGTH,
    BankStatus,
    EmergencyPayment,
    FileStatus,
    FraudAssessment,
    OrderKind,
    OrderStatus,
    PaymentFile,
    PaymentOrder,
    PaymentReturn,
    PaymentRun,
    PostCheck,
    PostCheckDocument,
    PostCheckDraw,
    PostCheckOutcome,
    PostCheckSeed,
    RecoveryClaim,
    RecoveryGround,
)
from .selectors import bank_account_problem, case_numbers

if TYPE_CHECKING:
    from bistand.applications.models import Application
    from bistand.decisions.models import Decision

logger = logging.getLogger(__name__)

ORDER_JOB = "payments.order_for_decision"
TWO_PLACES = Decimal("0.01")
# The chapter and paragraph in SoL (2025:400) that replace 9 kap. 1–2 §§ SoL (2001:453) have not
# been verified against the law text (see /work/shared/reference/domain-facts.md).
# Verified against SoL (2025:400) 33 kap. 1–6 §§ (law-2026.md §1 (f)); replaces the earlier
# placeholder that cited the old law "UNVERIFIED".
RECOVERY_LEGAL_BASES = {
    RecoveryGround.WRONGLY_PAID: "Socialtjänstlagen (2025:400) 33 kap. 1 §",
    RecoveryGround.ADVANCE: "Socialtjänstlagen (2025:400) 33 kap. 2 §",
    RecoveryGround.CONDITION: "Socialtjänstlagen (2025:400) 33 kap. 3 §",
}
RECOVERY_LEGAL_BASIS = RECOVERY_LEGAL_BASES[RecoveryGround.WRONGLY_PAID]


class PaymentError(Exception):
    """A payment change that is not allowed (message for staff)."""


def _logged(
    object_type: str,
    object_id: int | str | None,
    *,
    by: User,
    reason: str,
    action: AccessAction = AccessAction.CHANGE,
    case_number: str = "",
) -> None:
    """One access-log entry for what a person did to a payments object (ADR 0125): the one
    place every change, attest, export and decision in payments is logged from."""
    access_log_record(
        user=by,
        action=action,
        object_type=object_type,
        object_id=object_id if object_id is not None else "",
        reason=reason[:300],
        case_number=case_number,
    )


def is_approval(decision: Decision) -> bool:
    return decision.outcome in (Outcome.GRANTED, Outcome.PARTLY_GRANTED) and decision.amount > 0


# --- Payment orders ----------------------------------------------------------------------------


def payment_date_for(*, decision_payment_date: date, fixed_days: list[int] | None = None) -> date:
    """The day the money is paid: the decision's payment date (moved to a banking day), or with
    fixed payment days the first fixed day on or after it. A fixed day that is not a banking day
    moves to the banking day before it (as salaries do)."""
    days = settings.PAYMENT_FIXED_DAYS if fixed_days is None else fixed_days
    if not days:
        return working_day_on_or_after(decision_payment_date)
    year, month = decision_payment_date.year, decision_payment_date.month
    for _ in range(3):
        for day in sorted(days):
            candidate = _banking_day_on_or_before(_clamped(year, month, day))
            if candidate >= decision_payment_date:
                return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise ValueError(f"No fixed payment day found from {decision_payment_date}")  # pragma: no cover


def _clamped(year: int, month: int, day: int) -> date:
    return date(year, month, min(max(1, day), calendar.monthrange(year, month)[1]))


def _banking_day_on_or_before(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def _remittance(case_number: str) -> str:
    template: str = settings.PAYMENT_REMITTANCE
    return template.replace("{case_number}", case_number)[:140]


def _folkbokford_name(personnummer: str | None) -> str:
    """The name folkbokföring has for the payee, when the person has no name from e-ID (a paper
    applicant); empty for a protected identity (SPAR gives no name) or if never asked."""
    from bistand.registers import selectors as register_selectors

    if not personnummer:
        return ""
    record = register_selectors.person_record(personnummer=personnummer)
    if record is None or record.data.name is None:
        return ""
    return record.data.name.display


def payment_order_create_for_decision(
    *,
    decision_id: int,
    decision: Decision | None = None,
    application: Application | None = None,
) -> PaymentOrder | None:
    """The payment lines of a granted decision with an amount; None for other decisions.

    One line to the citizen and, when the decision says that the rent is paid straight to the
    landlord (`Decision.rent_to_landlord`, docs/adr/0175), a separate line to the landlord's
    bankgiro or plusgiro with the OCR number or message; the citizen's line is the rest. Returns
    the citizen's line (the landlord's when the whole amount goes to the landlord).

    Idempotent: calling it again, or at the same time from two processes, gives the same lines
    (unique constraint on decision and kind). Safe to call inside the pipeline's transaction.
    Without a valid bank account the citizen's line is HELD and listed as needing attention.
    Also draws the decision for stickprov (`post_check_draw_for_decision`).

    `decision` and `application` are given by `decision_make` for a decision it has just
    written in the current transaction (the decisions hook): no other order can exist for it,
    so neither is read again and no savepoint is needed (the batch worker, docs/adr/0180).
    """
    fresh = decision is not None and application is not None and decision.pk == decision_id
    if not fresh:
        existing = _primary(PaymentOrder.objects.filter(decision_id=decision_id))
        if existing is not None:
            return existing
        decision = decision_selectors.decision_get(decision_id=decision_id)
    assert decision is not None
    if not is_approval(decision):
        return None
    if not fresh or application is None:
        application = application_selectors.application_by_id(
            application_id=decision.application_id
        )
    decided_on = timezone.localdate(decision.decided_at)
    pay_on = payment_date_for(
        decision_payment_date=decision.payment_date or next_working_day(decided_on)
    )
    supersedes_paid = (
        decision.supersedes_id is not None
        and PaymentOrder.objects.filter(decision_id=decision.supersedes_id).exists()
    )
    superseded_hold = (
        "Beslutet ändrar ett beslut som redan har en utbetalning. "
        "Stäm av mellanskillnaden innan något betalas."
    )
    total = decision.amount.quantize(TWO_PLACES)
    rent = rent_line_from_decision(decision.rent_to_landlord or {})
    citizen_amount = total - (rent.amount if rent else Decimal("0.00"))
    if citizen_amount < 0:
        raise PaymentError("Hyran till hyresvärden är större än det beviljade beloppet.")
    lines: list[PaymentOrder] = []
    try:
        with transaction.atomic(savepoint=not fresh):
            if citizen_amount > 0:
                lines.append(
                    _citizen_order(
                        decision=decision,
                        application=application,
                        amount=citizen_amount,
                        pay_on=pay_on,
                        superseded_hold=superseded_hold if supersedes_paid else "",
                        fresh=fresh,
                    )
                )
            if rent is not None:
                lines.append(
                    _order_create(
                        fresh,
                        decision_id=decision.pk,
                        kind=OrderKind.RENT,
                        case_id=decision.case_id,
                        application_id=decision.application_id,
                        amount=rent.amount,
                        payment_date=pay_on,
                        end_to_end_id=f"BIS-D{decision.pk}-H",
                        creditor_name=rent.landlord[:140],
                        account=rent.account,
                        account_scheme=rent.scheme,
                        creditor_reference=rent.ocr,
                        remittance=(rent.message or _remittance(application.case.number))[:140],
                        status=OrderStatus.HELD if supersedes_paid else OrderStatus.READY,
                        hold_reason=superseded_hold if supersedes_paid else "",
                    )
                )
            post_check_draw_for_decision(
                decision_id=decision.pk,
                decision=decision if fresh else None,
                application=application if fresh else None,
            )
    except IntegrityError:
        if fresh:
            raise
        # Another process made them first; those are the lines.
        return _primary(PaymentOrder.objects.filter(decision_id=decision_id))
    logger.info("payment order decision=%s date=%s rent=%s", decision.pk, pay_on, bool(rent))
    return lines[0]


def _primary(orders: models.QuerySet[PaymentOrder]) -> PaymentOrder | None:
    """The citizen's line of a decision, else its landlord line."""
    lines = {o.kind: o for o in orders}
    return lines.get(OrderKind.CITIZEN) or lines.get(OrderKind.RENT)


def _order_create(fresh: bool, **fields: Any) -> PaymentOrder:
    """A payment line: for a decision just written in this transaction (`fresh`) with the batch
    worker's other rows (core.bulk; a duplicate still fails the batch's transaction, which is
    then run one by one, docs/adr/0180, 0270), otherwise at once, so that a concurrent maker's
    line fails the INSERT inside its savepoint."""
    if fresh:
        return row_create(PaymentOrder, **fields)
    return PaymentOrder.objects.create(**fields)


def _citizen_order(
    *,
    decision: Decision,
    application: Application,
    amount: Decimal,
    pay_on: date,
    superseded_hold: str,
    fresh: bool = False,
) -> PaymentOrder:
    hold_reason = bank_account_problem(application.answers or {})
    account = None
    if not hold_reason:
        payment = application.answers["payment"]
        account = parse_bank_account(payment.get("clearing"), payment.get("account"))
    hold_reason = superseded_hold or hold_reason
    creditor_name = application.case.applicant.display_name or _folkbokford_name(
        application.case.applicant.personnummer
    )
    if not creditor_name and not hold_reason:
        hold_reason = "Mottagarens namn saknas."
    return _order_create(
        fresh,
        decision_id=decision.pk,
        kind=OrderKind.CITIZEN,
        case_id=decision.case_id,
        application_id=decision.application_id,
        amount=amount,
        payment_date=pay_on,
        end_to_end_id=f"BIS-D{decision.pk}",
        creditor_name=creditor_name[:140],
        clearing=account.clearing if account and not hold_reason else "",
        account=account.account if account and not hold_reason else "",
        remittance=_remittance(application.case.number),
        status=OrderStatus.HELD if hold_reason else OrderStatus.READY,
        hold_reason=hold_reason,
    )


@dataclass(frozen=True)
class RentLine:
    """The rent paid straight to the landlord, as the decision records it."""

    amount: Decimal
    landlord: str
    scheme: str  # "bankgiro" or "plusgiro"
    account: str  # digits
    ocr: str
    message: str

    def as_decision_data(self) -> dict[str, str]:
        return {
            "amount": f"{self.amount:.2f}",
            "landlord": self.landlord,
            "scheme": self.scheme,
            "account": self.account,
            "ocr": self.ocr,
            "message": self.message,
        }


def rent_line_parse(
    *, amount: Decimal, landlord: str, scheme: str, account: str, ocr: str = "", message: str = ""
) -> RentLine:
    """Check what a case worker entered for paying the rent straight to the landlord; raises
    PaymentError with a Swedish message (giro number and OCR check digits, a message when there
    is no OCR number)."""
    amount = Decimal(amount)
    if amount <= 0 or amount != amount.quantize(TWO_PLACES):
        raise PaymentError("Hyran ska vara ett positivt belopp i kronor och ören.")
    if not landlord.strip():
        raise PaymentError("Skriv hyresvärdens namn.")
    try:
        digits = parse_giro(scheme, account)
        ocr_digits = parse_ocr(ocr)
    except InvalidBankAccountError as exc:
        raise PaymentError(str(exc)) from exc
    if not ocr_digits and not message.strip():
        raise PaymentError("Skriv OCR-numret eller ett meddelande till hyresvärden.")
    return RentLine(
        amount=amount.quantize(TWO_PLACES),
        landlord=" ".join(landlord.split())[:140],
        scheme=scheme,
        account=digits,
        ocr=ocr_digits,
        message=" ".join(message.split())[:140],
    )


def rent_line_from_decision(data: dict[str, Any]) -> RentLine | None:
    """The landlord line a decision records (checked again), or None."""
    if not data:
        return None
    return rent_line_parse(
        amount=Decimal(str(data["amount"])),
        landlord=str(data.get("landlord", "")),
        scheme=str(data.get("scheme", "")),
        account=str(data.get("account", "")),
        ocr=str(data.get("ocr", "")),
        message=str(data.get("message", "")),
    )


def payment_order_enqueue_for_decision(*, decision_id: int) -> None:
    """For the pipeline: record the job in the current transaction (outbox)."""
    from bistand.jobs.services import job_enqueue

    job_enqueue(
        name=ORDER_JOB, payload={"decision_id": decision_id}, key=f"decision-{decision_id}-payment"
    )


def payment_order_set_account(
    *, order_id: int, clearing: str, account: str, by: User
) -> PaymentOrder:
    """A case worker gives the account for a held order; it is then paid in the next file."""
    bank_account = parse_bank_account(clearing, account)
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(pk=order_id)
        if order.status != OrderStatus.HELD:
            raise PaymentError("Bara en stoppad utbetalning kan få ett nytt konto.")
        if order.kind != OrderKind.CITIZEN:
            raise PaymentError("Hyresvärdens bankgiro eller plusgiro står i beslutet.")
        order.clearing = bank_account.clearing
        order.account = bank_account.account
        order.status = OrderStatus.READY
        order.hold_reason = ""
        order.released_at = timezone.now()
        order.save(update_fields=["clearing", "account", "status", "hold_reason", "released_at"])
        _logged(
            "payment_order",
            order.pk,
            by=by,
            reason="Konto för stoppad utbetalning",
        )
    return order


# --- Payment files -----------------------------------------------------------------------------


def msg_id_for(execution_date: date) -> str:
    return f"BISTAND-{execution_date:%Y%m%d}"


def debtor_from_settings() -> pain001.Debtor:
    """The municipality as debtor. In production the placeholder or an invalid organisation
    number or account is refused before any file is written (docs/adr/0080)."""
    if settings.PRODUCTION:
        problems = debtor_problems(
            orgnr=settings.PAYMENT_DEBTOR_ORGNR,
            bankgiro=settings.PAYMENT_DEBTOR_BANKGIRO,
            iban=settings.PAYMENT_DEBTOR_IBAN,
        )
        if problems:
            raise PaymentError(" ".join(problems))
    return pain001.Debtor(
        name=settings.PAYMENT_DEBTOR_NAME,
        orgnr=settings.PAYMENT_DEBTOR_ORGNR,
        bic=settings.PAYMENT_DEBTOR_BIC,
        iban=settings.PAYMENT_DEBTOR_IBAN,
        bankgiro=settings.PAYMENT_DEBTOR_BANKGIRO,
    )


def payment_file_generate(*, execution_date: date) -> PaymentFile | None:
    """The pain.001 file paying every due order on `execution_date`; the same file every time.

    None when there is no file for the date and no order is due (no empty files).
    """
    debtor_from_settings()  # in production: refuses placeholder debtor details before anything
    payment_file = _payment_file_assign(execution_date=execution_date)
    if payment_file is None:
        return None
    checkpoint("payment_file.assigned")
    return _payment_file_write(file_id=payment_file.pk)


def _payment_file_assign(*, execution_date: date) -> PaymentFile | None:
    with transaction.atomic():
        existing = PaymentFile.objects.filter(execution_date=execution_date).first()
        if existing is not None:
            return existing
        due = PaymentOrder.objects.filter(
            status=OrderStatus.READY, file__isnull=True, payment_date__lte=execution_date
        )
        if not due.exists():
            # Nothing due, or a concurrent generator assigned them since we looked: its file.
            return PaymentFile.objects.filter(execution_date=execution_date).first()
        try:
            with transaction.atomic():
                payment_file = PaymentFile.objects.create(
                    execution_date=execution_date,
                    msg_id=msg_id_for(execution_date),
                    created_at=timezone.localtime().replace(microsecond=0),
                    status=FileStatus.ASSIGNED,
                )
        except IntegrityError:
            # A concurrent generator created the file for this date first; its orders are its.
            return PaymentFile.objects.get(execution_date=execution_date)
        # The file's orders are fixed here, once: every due order not yet in a file.
        due.update(file=payment_file, status=OrderStatus.IN_FILE)
        totals = payment_file.orders.aggregate(n=Count("pk"), total=Sum("amount"))
        payment_file.number_of_transactions = totals["n"]
        payment_file.control_sum = totals["total"] or Decimal("0.00")
        payment_file.save(update_fields=["number_of_transactions", "control_sum"])
        checkpoint("payment_file.assign")
    logger.info(
        "payment file assigned msg_id=%s payments=%s",
        payment_file.msg_id,
        payment_file.number_of_transactions,
    )
    return payment_file


def _payment_file_write(*, file_id: int) -> PaymentFile:
    with transaction.atomic():
        payment_file = PaymentFile.objects.select_for_update().get(pk=file_id)
        if payment_file.content:
            return payment_file
        orders = list(payment_file.orders.order_by("pk"))
        total = sum((o.amount for o in orders), Decimal("0.00"))
        if len(orders) != payment_file.number_of_transactions or total != payment_file.control_sum:
            raise PaymentError(f"Payment file {payment_file.msg_id} does not match its orders")
        content = pain001.render(
            msg_id=payment_file.msg_id,
            created_at=timezone.localtime(payment_file.created_at),
            execution_date=payment_file.execution_date,
            debtor=debtor_from_settings(),
            transfers=[
                pain001.Transfer(
                    end_to_end_id=o.end_to_end_id,
                    amount=o.amount,
                    creditor_name=o.creditor_name,
                    clearing=o.clearing[:4],
                    bban=f"{o.clearing[:4]}{o.account}",
                    remittance=o.remittance,
                    scheme=o.account_scheme,
                    ocr=o.creditor_reference,
                )
                for o in orders
            ],
        ).decode("utf-8")
        checkpoint("payment_file.render")
        payment_file.content = content
        payment_file.sha256 = hashlib.sha256(content.encode("utf-8")).hexdigest()
        payment_file.status = FileStatus.WRITTEN
        payment_file.written_at = timezone.now()
        payment_file.save(update_fields=["content", "sha256", "status", "written_at"])
    logger.info(
        "payment file written msg_id=%s sha256=%s", payment_file.msg_id, payment_file.sha256
    )
    return payment_file


def payment_file_mark_sent(*, file_id: int, sent_at: datetime | None = None) -> int:
    """The file was delivered to (and accepted by) the bank: its orders are paid, and each
    citizen's timeline shows it. Idempotent; returns the number of orders marked paid now."""
    at = sent_at or timezone.now()
    with transaction.atomic():
        if not PaymentFile.objects.filter(pk=file_id, status=FileStatus.WRITTEN).update(
            status=FileStatus.SENT, sent_at=at
        ):
            return 0
        orders = list(PaymentOrder.objects.filter(file_id=file_id, status=OrderStatus.IN_FILE))
        PaymentOrder.objects.filter(pk__in=[o.pk for o in orders]).update(
            status=OrderStatus.PAID, paid_at=at
        )
        applications = application_selectors.applications_by_ids(
            application_ids=[o.application_id for o in orders]
        )
        for order in orders:
            application = applications[order.application_id]
            case_services.event_record(
                case=application.case,
                application=application,
                kind=payment_events.PAID,
                data={
                    "decision_id": order.decision_id,
                    "amount": f"{order.amount:.2f}",
                    "payment_date": f"{order.payment_date:%Y-%m-%d}",
                    "text": (
                        f"{kronor(order.amount)} av hyran betalas direkt till "
                        f"{order.creditor_name} {order.payment_date:%Y-%m-%d}."
                        if order.kind == OrderKind.RENT
                        else f"{kronor(order.amount)} betalas ut till ditt konto "
                        f"{order.payment_date:%Y-%m-%d}."
                    ),
                },
            )
    return len(orders)


def payment_return_register(
    *,
    end_to_end_id: str,
    returned_on: date,
    reason: str,
    reason_code: str = "",
    registered_by: User | None = None,
) -> PaymentReturn:
    """The bank sent a payment back. Recorded once; the citizen sees it on Min sida and the order
    is listed as needing attention."""
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(end_to_end_id=end_to_end_id)
        existing = PaymentReturn.objects.filter(order=order).first()
        if existing is not None:
            return existing
        if order.status not in (OrderStatus.IN_FILE, OrderStatus.PAID):
            raise PaymentError(
                "Bara en utbetalning som har skickats till banken kan komma tillbaka."
            )
        payment_return = PaymentReturn.objects.create(
            order=order,
            returned_on=returned_on,
            reason=reason[:300],
            reason_code=reason_code[:10],
            registered_by=registered_by,
        )
        order.status = OrderStatus.RETURNED
        order.save(update_fields=["status"])
        application = application_selectors.application_by_id(application_id=order.application_id)
        case_services.event_record(
            case=application.case,
            application=application,
            kind=payment_events.PAYMENT_RETURNED,
            actor=registered_by,
            data={
                "decision_id": order.decision_id,
                "amount": f"{order.amount:.2f}",
                "returned_on": f"{returned_on:%Y-%m-%d}",
                "text": (
                    f"Betalningen av hyran, {kronor(order.amount)}, till {order.creditor_name} "
                    "kom tillbaka från banken. Vi kontaktar hyresvärden och betalar igen."
                    if order.kind == OrderKind.RENT
                    else f"Utbetalningen på {kronor(order.amount)} kom tillbaka från banken. "
                    "Kontrollera ditt kontonummer och kontakta oss så betalar vi igen."
                ),
            },
        )
        if registered_by is not None:
            _logged(
                "payment_order",
                order.pk,
                by=registered_by,
                reason="Returnerad utbetalning registrerad",
                case_number=application.case.number,
            )
    return payment_return


# --- Nödprövning: paid at once ---------------------------------------------------------------


def emergency_payment_record(
    *,
    emergency_id: int,
    case_id: int,
    amount: Decimal,
    means: str,
    supplier: str,
    reference: str,
    by: User,
) -> EmergencyPayment:
    """The nödprövning's money paid at once (kontant, kort or a rekvisition to a supplier), in
    the decision's transaction. Idempotent per nödprövning: a second call returns the first."""
    existing = EmergencyPayment.objects.filter(emergency_id=emergency_id).first()
    if existing is not None:
        return existing
    if amount <= 0 or amount != amount.quantize(TWO_PLACES):
        raise PaymentError("Beloppet ska vara ett positivt belopp i kronor och ören.")
    if not reference.strip():
        raise PaymentError("Skriv kvittots, kortets eller rekvisitionens nummer.")
    try:
        with transaction.atomic():
            payment = EmergencyPayment.objects.create(
                emergency_id=emergency_id,
                case_id=case_id,
                amount=amount,
                means=means,
                supplier=supplier,
                reference=reference.strip()[:60],
                paid_at=timezone.now(),
                paid_by=by,
            )
    except IntegrityError:
        return EmergencyPayment.objects.get(emergency_id=emergency_id)
    _logged("emergency_payment", payment.pk, by=by, reason="Nödbistånd utbetalt")
    return payment


# --- Återkrav ----------------------------------------------------------------------------------


def recovery_claim_record(
    *,
    decision_id: int,
    amount: Decimal,
    reason: str,
    created_by: User,
    post_check: PostCheck | None = None,
    ground: str = RecoveryGround.WRONGLY_PAID,
    legal_basis: str = "",
) -> RecoveryClaim:
    """Record an återkrav decision with its own letter (ground, amount, reasons, how to ask for
    eftergift, appeal notice). It is a claim on the citizen: it never becomes a payment order.

    Only a person decides it (the automated decision function never does, ADR 0117)."""
    ground = RecoveryGround(ground)
    legal_basis = legal_basis or RECOVERY_LEGAL_BASES[ground]
    amount = Decimal(amount)
    if amount <= 0 or amount != amount.quantize(TWO_PLACES):
        raise PaymentError("Återkravet ska vara ett positivt belopp i kronor och ören.")
    decision = decision_selectors.decision_get(decision_id=decision_id)
    if timezone.localtime(decision.decided_at).date() < NEW_LAW_FROM:
        # Övergångsbestämmelse 5 a to SoL 2025:400 (verified): återkrav of bistånd granted
        # before 2025-07-01 follows the repealed act, whose paragraphs are not verified
        # (law-2026.md: SECONDARY). This letter cites 2025:400 33 kap., so it is not made for
        # such bistånd rather than citing the wrong act (ADR 0310).
        raise PaymentError(
            "Biståndet beviljades före den 1 juli 2025. Återkrav av det prövas enligt den "
            "upphävda socialtjänstlagen (2001:453) (övergångsbestämmelse 5 a till "
            "socialtjänstlagen 2025:400). Det beslutet kan inte fattas i Bistånd. Inget beslut "
            "fattades."
        )
    if amount > decision.amount:
        raise PaymentError("Återkravet kan inte vara större än det beviljade beloppet.")
    if not reason.strip():
        raise PaymentError("Skriv skälet till återkravet.")
    if ground != RecoveryGround.WRONGLY_PAID:
        # 33 kap. 2–3 §§: only if the granting decision, in writing, stated the ground.
        condition = (decision.motivering or {}).get("repayment_condition") or {}
        if condition.get("ground") != ground.value:
            raise PaymentError(
                "Beslutet om bistånd innehåller inget villkor om återbetalning på den grunden. "
                "Återkrav enligt 33 kap. 2 och 3 §§ kräver att villkoret stod i beslutet."
            )
    reference = _recovery_delegation(user=created_by, amount=amount)
    with transaction.atomic():
        claim = RecoveryClaim.objects.create(
            delegation_reference=reference,
            case_id=decision.case_id,
            decision_id=decision.pk,
            amount=amount,
            reason=reason,
            legal_basis=legal_basis,
            post_check=post_check,
            created_by=created_by,
            ground=ground,
        )
        claim.letter_html = recovery_letter_render(claim, decision)
        claim.save(update_fields=["letter_html"])
        application = application_selectors.application_by_id(
            application_id=decision.application_id
        )
        household = [p.pk for p in (application.case.applicant, application.partner) if p]
        # Delivered like every decision letter: Min sida, post if chosen, the second channel.
        standalone_letter_publish(
            case_id=claim.case_id,
            kind=StandaloneLetterKind.RECOVERY,
            object_id=claim.pk,
            title=f"Beslut om återkrav {timezone.localdate(claim.created_at):%Y-%m-%d}",
            html=claim.letter_html,
            decided_at=claim.created_at,
            addressee_ids=household,
        )
        case_services.event_record(
            case=application.case,
            application=application,
            kind=payment_events.RECOVERY_DECIDED,
            actor=created_by,
            actor_label=created_by.display_name or created_by.username,
            data={"claim_id": claim.pk, "amount": f"{amount:.2f}", "ground": ground.value},
        )
        _logged(
            "recovery_claim",
            claim.pk,
            by=created_by,
            reason="Återkrav registrerat",
        )
    return claim


def _recovery_delegation(*, user: User, amount: Decimal) -> str:
    """The delegation point (kind `aterkrav`) the person decides återkrav or eftergift under,
    on the decision day; a delegate without one is refused (KL 6 kap. 37 §)."""
    today = timezone.localdate()
    try:
        delegation_authorise(key=user.role, on=today, refuses=False, amount=amount, kind=ATERKRAV)
        return delegation_reference(role=user.role, on=today, kind=ATERKRAV)
    except NotDelegatedError:
        raise PaymentError(
            "Du har inte delegation att besluta om återkrav eller eftergift "
            "(delegationsordningen i dag). Inget beslut fattades."
        ) from None


def recovery_letter_render(claim: RecoveryClaim, decision: Decision) -> str:
    """The återkrav decision's own letter (FL 31–33 §§), from stored values."""
    from django.template.loader import render_to_string

    decided = timezone.localtime(claim.created_at)
    return render_to_string(
        "payments/recovery_letter.html",
        {
            "municipality_name": settings.MUNICIPALITY_NAME,
            "case_number": case_numbers(case_ids=[claim.case_id]).get(claim.case_id, ""),
            "decided_on": f"{decided:%Y-%m-%d}",
            "decided_by": claim.created_by.display_name or claim.created_by.username,
            "ground_label": RecoveryGround(claim.ground).label,
            "legal_basis": claim.legal_basis,
            "delegation_reference": claim.delegation_reference,
            "condition": (decision.motivering or {}).get("repayment_condition") or {},
            "amount": kronor(claim.amount),
            "reason": claim.reason,
            "original_decided_on": f"{timezone.localtime(decision.decided_at):%Y-%m-%d}",
            "original_period": month_label(decision.period_start),
            "original_amount": kronor(decision.amount),
            "letter_format": claim.letter_format,
            "details": letter_details_for(
                application=application_selectors.application_by_id(
                    application_id=decision.application_id
                ),
                case_worker=claim.created_by.display_name or "",
            ),
        },
    )


def recovery_claim_waive(
    *, claim: RecoveryClaim, amount: Decimal, reason: str, waived_by: User
) -> RecoveryClaim:
    """Eftergift (SoL 2025:400 33 kap. 6 §): the nämnd waives all or part of the claim."""
    amount = Decimal(amount)
    if amount <= 0 or amount != amount.quantize(TWO_PLACES):
        raise PaymentError("Eftergiften ska vara ett positivt belopp i kronor och ören.")
    if claim.waived_by_id is not None:
        raise PaymentError("Eftergift är redan beslutad för det här återkravet.")
    if amount > claim.amount:
        raise PaymentError("Eftergiften kan inte vara större än återkravet.")
    if not reason.strip():
        raise PaymentError("Skriv skälet till eftergiften.")
    _recovery_delegation(user=waived_by, amount=amount)
    with transaction.atomic():
        claim.waived_amount = amount
        claim.waived_reason = reason.strip()
        claim.waived_by = waived_by
        claim.waived_at = timezone.now()
        claim.save(update_fields=["waived_amount", "waived_reason", "waived_by", "waived_at"])
        _logged(
            "recovery_claim",
            claim.pk,
            by=waived_by,
            reason="Eftergift av återkrav",
        )
    return claim


def recovery_claim_assess_fraud(
    *, claim: RecoveryClaim, report: bool, reason: str, assessed_by: User
) -> RecoveryClaim:
    """A person decides whether money wrongly paid is reported under bidragsbrottslagen
    (2007:612; provisional: not in law-2026.md). Only for claims under 33 kap. 1 §, once."""
    if claim.ground != RecoveryGround.WRONGLY_PAID:
        raise PaymentError("Bara felaktigt utbetalda pengar (33 kap. 1 §) kan anmälas.")
    if claim.fraud_assessed_by_id is not None:
        raise PaymentError("Bedömningen är redan gjord för det här återkravet.")
    if not reason.strip():
        raise PaymentError("Skriv skälet till bedömningen.")
    with transaction.atomic():
        claim.fraud_assessment = FraudAssessment.REPORT if report else FraudAssessment.NO_REPORT
        claim.fraud_reason = reason.strip()
        claim.fraud_assessed_by = assessed_by
        claim.fraud_assessed_at = timezone.now()
        claim.save(
            update_fields=[
                "fraud_assessment", "fraud_reason", "fraud_assessed_by", "fraud_assessed_at"
            ]
        )  # fmt: skip
        _logged(
            "recovery_claim",
            claim.pk,
            by=assessed_by,
            reason="Bedömning enligt bidragsbrottslagen",
        )
    return claim


# --- Stickprov ---------------------------------------------------------------------------------

DRAW_RULE = (
    "HMAC-SHA256(seed, 'bistand-stickprov:decision:<id>'); selected if int(hex[:16]) < share*2^64"
)


def post_check_seed_for_month(*, month: date, seed: str | None = None) -> PostCheckSeed:
    """The month's seed: created once (random, or the one the nämnd published) and never changed."""
    month = month.replace(day=1)
    if seed is None:  # never changed once made: read once per batch of the worker
        return memoized(("post_check_seed", month), lambda: _seed_for_month(month, None))
    return _seed_for_month(month, seed)


def _seed_for_month(month: date, seed: str | None) -> PostCheckSeed:
    existing = PostCheckSeed.objects.filter(month=month).first()
    if existing is not None:
        if seed is not None and seed != existing.seed:
            raise PaymentError(f"The seed for {month:%Y-%m} is already fixed")
        return existing
    value = seed if seed is not None else secrets.token_hex(32)
    bytes.fromhex(value)  # must be hex
    try:
        with transaction.atomic():
            return PostCheckSeed.objects.create(month=month, seed=value)
    except IntegrityError:
        return PostCheckSeed.objects.get(month=month)


def post_check_share_for(*, channel: str, automated: bool) -> Decimal:
    """The configured share for the channel and decision type (most specific setting wins)."""
    kind = "automated" if automated else "manual"
    by: dict[str, str] = settings.POST_CHECK_SHARE_BY
    for key in (f"{channel}:{kind}", channel, kind):
        if key in by:
            return Decimal(by[key])
    return Decimal(settings.POST_CHECK_SHARE)


def draw_digest(*, seed: str, decision_id: int) -> str:
    message = f"bistand-stickprov:decision:{decision_id}".encode()
    return hmac.new(bytes.fromhex(seed), message, hashlib.sha256).hexdigest()


def draw_selected(*, digest: str, share: Decimal) -> bool:
    """The rule, in exact integer arithmetic: the first 64 bits of the digest below share × 2^64."""
    return int(digest[:16], 16) < int(share * (2**64))


def post_check_draw_for_decision(
    *,
    decision_id: int,
    decision: Decision | None = None,
    application: Application | None = None,
) -> PostCheckDraw | None:
    """Draw an approval for stickprov, once. The draw (seed, share, rule, digest, result) is kept
    so that an auditor can recompute it; a selected decision gets a post-check and the citizen a
    POST_CHECK_REQUESTED event on Min sida. None for a decision that is not an approval.

    `decision` and `application`: a decision written in the current transaction, as for
    `payment_order_create_for_decision` (no draw can exist yet; nothing is read again)."""
    fresh = decision is not None and application is not None and decision.pk == decision_id
    if not fresh:
        existing = PostCheckDraw.objects.filter(decision_id=decision_id).first()
        if existing is not None:
            return existing
        decision = decision_selectors.decision_get(decision_id=decision_id)
    assert decision is not None
    if not is_approval(decision):
        return None
    if not fresh or application is None:
        application = application_selectors.application_by_id(
            application_id=decision.application_id
        )
    seed = post_check_seed_for_month(month=timezone.localdate(decision.decided_at))
    share = post_check_share_for(channel=application.channel, automated=decision.automated)
    digest = draw_digest(seed=seed.seed, decision_id=decision.pk)
    selected = draw_selected(digest=digest, share=share)
    try:
        with transaction.atomic(savepoint=not fresh):
            # Not selected and just decided: with the batch's other rows (core.bulk). A selected
            # draw is written at once: its stickprov refers to it.
            draw = (row_create if fresh and not selected else _draw_create_now)(
                PostCheckDraw,
                decision_id=decision.pk,
                case_id=decision.case_id,
                application_id=decision.application_id,
                seed=seed,
                channel=application.channel,
                automated=decision.automated,
                share=share,
                rule=DRAW_RULE,
                digest=digest,
                selected=selected,
            )
            if selected:
                text = post_check_request_text(month=application.month)
                check = PostCheck.objects.create(
                    draw=draw,
                    decision_id=decision.pk,
                    case_id=decision.case_id,
                    channel=application.channel,
                    automated=decision.automated,
                    month=application.month,
                    request_text=text,
                )
                case_services.event_record(
                    case=application.case,
                    application=application,
                    kind=payment_events.POST_CHECK_REQUESTED,
                    data={
                        "post_check_id": check.pk,
                        "decision_id": decision.pk,
                        "month": f"{application.month:%Y-%m}",
                        "text": f"Du har valts ut till stickprov. {text}",
                    },
                )
    except IntegrityError:
        if fresh:
            raise
        return PostCheckDraw.objects.get(decision_id=decision_id)
    return draw


def _draw_create_now(model: type[PostCheckDraw], **fields: Any) -> PostCheckDraw:
    return model.objects.create(**fields)


def post_check_request_text(*, month: date) -> str:
    """What the citizen is asked to show for a stickprov of `month` (kept on the stickprov, so
    that staff see exactly what she was asked)."""
    return (
        f"Visa underlag för {month_label(month)}: kvitton för det du fick pengar till, "
        "lönebesked och andra besked om inkomster, och kontoutdrag för alla dina konton för "
        "månaden. Ladda upp dem på Min sida (PDF, JPEG eller PNG) eller lämna dem på "
        "socialkontoret."
    )


def post_check_asked_for(check: PostCheck) -> str:
    """What the citizen was asked for: as stored, or (stickprov drawn before it was stored) as
    the request read then."""
    if check.request_text:
        return check.request_text
    return (
        f"Visa underlag för {month_label(check.month)}: kvitton, lönebesked och kontoutdrag "
        "för månaden."
    )


def post_check_document_upload(
    *, post_check_id: int, by: User, chunks: Iterable[bytes], original_name: str
) -> PostCheckDocument:
    """A citizen in the household uploads a document for an open stickprov (Min sida). Type and
    size are checked from the content (PDF, JPEG, PNG; settings.POST_CHECK_UPLOAD_MAX_MB); the
    file goes to the private data directory under a random name (docs/adr/0176). The case's
    timeline records it once per upload; staff see it on the stickprov page."""
    directory = Path(settings.POST_CHECK_DOCUMENTS_DIR)
    with transaction.atomic():
        check = PostCheck.objects.select_for_update().get(pk=post_check_id)
        household = case_selectors.cases_for_citizen(user=by)
        if not household.filter(pk=check.case_id).exists():
            raise PaymentError("Stickprovet hör inte till ditt ärende.")
        if check.outcome:
            raise PaymentError("Stickprovet är redan granskat. Du behöver inte skicka något mer.")
        if check.documents.count() >= settings.POST_CHECK_UPLOAD_MAX_FILES:
            raise PaymentError(
                f"Du har redan skickat {settings.POST_CHECK_UPLOAD_MAX_FILES} filer. "
                "Samla flera sidor i en PDF eller kontakta oss."
            )
        try:
            stored = documents.store(
                chunks,
                directory=directory,
                max_bytes=settings.POST_CHECK_UPLOAD_MAX_MB * 1024 * 1024,
            )
        except documents.DocumentError as exc:
            raise PaymentError(str(exc)) from exc
        _scanned_or_removed(documents.path_for(stored.stored_name, directory), check_id=check.pk)
        try:
            document = PostCheckDocument.objects.create(
                post_check=check,
                uploaded_by=by,
                original_name=Path(original_name or "dokument").name[:200],
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
                stored_name=stored.stored_name,
            )
            case = case_selectors.case_by_id(case_id=check.case_id)
            assert case is not None
            case_services.event_record(
                case=case,
                kind=payment_events.POST_CHECK_DOCUMENTS,
                actor=by,
                data={
                    "post_check_id": check.pk,
                    "document_id": document.pk,
                    "text": f"Du skickade in underlag till stickprovet för "
                    f"{month_label(check.month)}.",
                },
            )
        except BaseException:
            documents.path_for(stored.stored_name, directory).unlink(missing_ok=True)
            raise
    return document


def _scanned_or_removed(path: Path, *, check_id: int) -> None:
    """The virus scan of an uploaded document (docs/adr/0214), when clamd is configured: an
    infected file, or one that could not be scanned, is removed and refused."""
    try:
        virusscan.scan_path(path)
    except virusscan.VirusFoundError as exc:
        path.unlink(missing_ok=True)
        logger.warning("upload refused: malware post_check=%s signature=%s", check_id, exc)
        raise PaymentError(
            "Filen innehåller skadlig kod och togs inte emot. Kontrollera datorn eller "
            "telefonen och skicka en ny fil."
        ) from exc
    except virusscan.ScanUnavailableError as exc:
        path.unlink(missing_ok=True)
        logger.error("upload refused: virus scan unavailable post_check=%s (%s)", check_id, exc)
        raise PaymentError(
            "Filen kunde inte kontrolleras just nu och togs inte emot. Försök igen om en stund."
        ) from exc


def post_check_document_open(*, document: PostCheckDocument, by: User) -> Path:
    """Staff open a citizen's stickprov document: the read is in the access log (with the case
    number), then the stored file's path is given to the view."""
    number = case_numbers(case_ids=[document.post_check.case_id]).get(
        document.post_check.case_id, ""
    )
    _logged(
        "post_check_document",
        document.pk,
        by=by,
        reason=f"Läste underlag till stickprov {document.post_check_id}",
        action=AccessAction.READ,
        case_number=number,
    )
    return documents.path_for(document.stored_name, Path(settings.POST_CHECK_DOCUMENTS_DIR))


def post_check_draw_verify(*, draw: PostCheckDraw) -> bool:
    """Recompute a stored draw from its seed and share: what an auditor does."""
    digest = draw_digest(seed=draw.seed.seed, decision_id=draw.decision_id)
    return digest == draw.digest and draw_selected(digest=digest, share=draw.share) == draw.selected


def post_check_record_outcome(
    *,
    post_check_id: int,
    outcome: PostCheckOutcome,
    checked_by: User,
    amount_difference: Decimal | None = None,
    note: str = "",
    recovery_amount: Decimal | None = None,
    recovery_reason: str = "",
) -> PostCheck:
    """A case worker's finding. Recorded once; with `recovery_amount` an återkrav is recorded."""
    if outcome == PostCheckOutcome.AMOUNT_DIFFERENCE:
        if amount_difference is None or Decimal(amount_difference) == 0:
            raise PaymentError("Ange skillnaden i kronor.")
        amount_difference = Decimal(amount_difference).quantize(TWO_PLACES)
    else:
        amount_difference = None
    if recovery_amount is not None and outcome == PostCheckOutcome.CORRECT:
        raise PaymentError("Ett stickprov utan fel ger inget återkrav.")
    if len(note) > NOTE_MAX_LENGTH:
        raise PaymentError(f"Anteckningen får vara högst {NOTE_MAX_LENGTH} tecken.")
    with transaction.atomic():
        check = PostCheck.objects.select_for_update().get(pk=post_check_id)
        if check.outcome:
            raise PaymentError("Stickprovet är redan bedömt.")
        check.outcome = outcome
        check.amount_difference = amount_difference
        check.note = note
        check.checked_by = checked_by
        check.checked_at = timezone.now()
        check.save(
            update_fields=["outcome", "amount_difference", "note", "checked_by", "checked_at"]
        )
        _logged(
            "post_check",
            check.pk,
            by=checked_by,
            reason="Stickprov bedömt",
            action=AccessAction.DECIDE,
        )
        if recovery_amount is not None:
            recovery_claim_record(
                decision_id=check.decision_id,
                amount=Decimal(recovery_amount),
                reason=recovery_reason or note,
                created_by=checked_by,
                post_check=check,
            )
    return check


def case_reads_record(*, user: User, case_numbers: dict[int, str], reason: str) -> None:
    """A staff page showed these cases: one access-log entry per case."""
    for case_id in sorted(case_numbers):
        _logged(
            "case",
            case_id,
            by=user,
            reason=reason,
            action=AccessAction.READ,
            case_number=case_numbers[case_id],
        )


# --- Payment runs: prepared by one person, attested by another (docs/adr/0125) ----------------


def _due_orders(execution_date: date) -> models.QuerySet[PaymentOrder]:
    return PaymentOrder.objects.filter(
        status=OrderStatus.READY, file__isnull=True, payment_date__lte=execution_date
    )


def _due_totals(execution_date: date) -> tuple[int, Decimal]:
    totals = _due_orders(execution_date).aggregate(n=Count("pk"), total=Sum("amount"))
    return totals["n"], totals["total"] or Decimal("0.00")


def payment_run_prepare(*, execution_date: date, by: User) -> PaymentRun:
    """Prepare the run of `execution_date`: records who prepared it and what was due.

    Preparing again before attestation replaces the snapshot (and the preparer). A run already
    attested is returned unchanged, so a double click or the back button changes nothing.
    """
    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().filter(execution_date=execution_date).first()
        if run is not None and run.attested_by_id is not None:
            return run
        if PaymentFile.objects.filter(execution_date=execution_date).exists():
            raise PaymentError(
                "Det finns redan en betalfil för den dagen. Välj en annan betalningsdag."
            )
        count, total = _due_totals(execution_date)
        if count == 0:
            raise PaymentError("Inga utbetalningar är klara att betalas den dagen.")
        now = timezone.now()
        if run is not None:
            run.prepared_by = by
            run.prepared_at = now
            run.number_of_orders = count
            run.control_sum = total
            run.save(
                update_fields=["prepared_by", "prepared_at", "number_of_orders", "control_sum"]
            )
        else:
            try:
                with transaction.atomic():
                    run = PaymentRun.objects.create(
                        execution_date=execution_date,
                        prepared_by=by,
                        prepared_at=now,
                        number_of_orders=count,
                        control_sum=total,
                    )
            except IntegrityError:
                # Someone prepared the same day at the same moment: theirs stands.
                return PaymentRun.objects.get(execution_date=execution_date)
        _logged(
            "payment_run",
            run.pk,
            by=by,
            reason=f"Förberedde betalningskörning {execution_date:%Y-%m-%d}",
        )
    return run


def payment_run_prepare_scheduled(*, execution_date: date) -> PaymentRun | None:
    """The scheduled morning job prepares the day's run (prepared_by empty: "the scheduled
    job"); a person attests it on the desk. A run a person prepared, an attested run, or a day
    that already has a file is left as it is; a run the job prepared earlier gets today's
    snapshot. None when nothing is due. Never makes a file (docs/adr/0177)."""
    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().filter(execution_date=execution_date).first()
        if run is not None and (run.attested_by_id is not None or run.prepared_by_id is not None):
            return run
        if PaymentFile.objects.filter(execution_date=execution_date).exists():
            return run
        count, total = _due_totals(execution_date)
        if count == 0:
            return run
        if run is None:
            try:
                with transaction.atomic():
                    run = PaymentRun.objects.create(
                        execution_date=execution_date,
                        prepared_by=None,
                        prepared_at=timezone.now(),
                        number_of_orders=count,
                        control_sum=total,
                    )
            except IntegrityError:
                return PaymentRun.objects.get(execution_date=execution_date)
        elif (run.number_of_orders, run.control_sum) != (count, total):
            run.prepared_at = timezone.now()
            run.number_of_orders = count
            run.control_sum = total
            run.save(update_fields=["prepared_at", "number_of_orders", "control_sum"])
        logger.info(
            "payment run prepared by the schedule date=%s payments=%s", execution_date, count
        )
    return run


def payment_run_attest(*, run_id: int, by: User) -> PaymentRun:
    """A second person attests the run; in the same transaction the pain.001 file is made with
    `payment_file_generate` and must contain exactly what was prepared, or nothing happens.

    The person who prepared cannot attest. Attesting again (double click, back button) returns
    the run unchanged; a second person arriving after the first gets a clear refusal.
    """
    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().get(pk=run_id)
        if run.attested_by_id is not None:
            if run.attested_by_id == by.pk:
                return run
            raise PaymentError("Körningen är redan attesterad av någon annan.")
        if run.prepared_by_id == by.pk:
            raise PaymentError(
                "Du förberedde körningen. En annan person måste attestera den (fyraögonsprincipen)."
            )
        list(_due_orders(run.execution_date).select_for_update())  # lock what is attested
        if _due_totals(run.execution_date) != (run.number_of_orders, run.control_sum):
            raise PaymentError(
                "Utbetalningarna har ändrats sedan körningen förbereddes. Förbered den igen."
            )
        run.attested_by = by
        run.attested_at = timezone.now()
        run.save(update_fields=["attested_by", "attested_at"])
        payment_file = payment_file_generate(execution_date=run.execution_date)
        if (
            payment_file is None
            or payment_file.number_of_transactions != run.number_of_orders
            or payment_file.control_sum != run.control_sum
        ):
            raise PaymentError(
                "Betalfilen stämmer inte med den förberedda körningen. Förbered den igen."
            )
        run.file = payment_file
        run.save(update_fields=["file"])
        _logged(
            "payment_run",
            run.pk,
            by=by,
            reason=f"Attesterade betalningskörning {run.execution_date:%Y-%m-%d}",
        )
    return run


def payment_run_file_for_operator(*, execution_date: date, operator: str) -> PaymentFile:
    """The pain.001 of `execution_date` for the command line (`bistand payment_file`), only
    when a person has attested the day's run on the desk and the preparer, when a person, is
    someone else (two-person rule, docs/adr/0125, 0177, 0210). Never assigns an order: it
    returns the attested run's file, and when that file's orders were assigned but its XML was
    not stored (a crash), it finishes writing the same file from exactly those orders. So the
    operator can fetch or recover the file again without anything being paid twice or unseen by
    the attester. Raises PaymentError (Swedish, for staff) otherwise. The fetch is access-logged
    as an export, under the operator's login name."""
    run = PaymentRun.objects.select_related("file").filter(execution_date=execution_date).first()
    if run is None or run.attested_by_id is None:
        made_without_run = PaymentFile.objects.filter(execution_date=execution_date).exists()
        raise PaymentError(
            (
                f"Betalfilen för {execution_date:%Y-%m-%d} gjordes utan attest (före ADR 0210) "
                "och lämnas inte ut från kommandoraden."
                if made_without_run and run is None
                else f"Ingen attesterad betalningskörning för {execution_date:%Y-%m-%d}."
            )
            + " En person förbereder körningen och en annan attesterar den på "
            "betalningsdisken (/utbetalningar/att-betala/); då görs filen."
        )
    if run.prepared_by_id is not None and run.prepared_by_id == run.attested_by_id:
        raise PaymentError("Samma person förberedde och attesterade körningen.")  # DB refuses too
    if run.file_id is None:
        raise PaymentError(
            f"Körningen för {execution_date:%Y-%m-%d} är attesterad men har ingen betalfil."
        )
    payment_file = run.file
    assert payment_file is not None
    if not payment_file.content:
        payment_file = _payment_file_write(file_id=payment_file.pk)
    access_log_record(
        user=None,
        user_label=f"kommandoraden ({operator})"[:200],
        action=AccessAction.EXPORT,
        object_type="payment_file",
        object_id=payment_file.pk,
        reason=f"Betalfilen för attesterad körning {execution_date:%Y-%m-%d} hämtad",
    )
    return payment_file


# --- Stop and release one order ----------------------------------------------------------------


def payment_order_stop(*, order_id: int, reason: str, by: User) -> PaymentOrder:
    """Stop an order not yet in a file, with a reason shown to staff. Stopping it again with the
    same reason changes nothing (double click)."""
    reason = reason.strip()
    if not reason:
        raise PaymentError("Skriv varför utbetalningen stoppas.")
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(pk=order_id)
        if order.status == OrderStatus.HELD and order.hold_reason == reason:
            return order
        if order.status != OrderStatus.READY or order.file_id is not None:
            raise PaymentError(
                "Utbetalningen kan inte stoppas: den är inte längre klar att betalas."
            )
        order.status = OrderStatus.HELD
        order.hold_reason = reason[:300]
        order.save(update_fields=["status", "hold_reason"])
        _logged(
            "payment_order",
            order.pk,
            by=by,
            reason=f"Stoppade utbetalning: {reason}",
        )
    return order


def payment_order_release(*, order_id: int, reason: str, by: User) -> PaymentOrder:
    """Release a stopped order that has an account; it is paid in the next run. Releasing an
    order that is already released changes nothing (double click)."""
    reason = reason.strip()
    if not reason:
        raise PaymentError("Skriv varför utbetalningen släpps.")
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(pk=order_id)
        if order.status == OrderStatus.READY:
            return order
        if order.status != OrderStatus.HELD:
            raise PaymentError("Bara en stoppad utbetalning kan släppas.")
        if not order.account or (order.account_scheme == "bban" and not order.clearing):
            raise PaymentError("Kontonummer saknas. Ange kontot innan utbetalningen släpps.")
        order.status = OrderStatus.READY
        order.hold_reason = ""
        order.released_at = timezone.now()
        order.save(update_fields=["status", "hold_reason", "released_at"])
        _logged(
            "payment_order",
            order.pk,
            by=by,
            reason=f"Släppte utbetalning: {reason}",
        )
    return order


def payment_run_file_sent(*, run: PaymentRun, by: User) -> int:
    """A person on the desk says the attested run's file has been delivered to the bank: its
    orders are marked paid once (`payment_file_mark_sent`, idempotent) and the act is logged.
    Returns how many orders were marked now (0 on a repeat: double click, back button)."""
    if run.file_id is None or run.attested_by_id is None:
        raise PaymentError("Körningen har ingen attesterad betalfil.")
    paid = payment_file_mark_sent(file_id=run.file_id)
    _logged(
        "payment_file",
        run.file_id,
        by=by,
        reason=f"Betalfilen för {run.execution_date:%Y-%m-%d} skickad till banken ({paid} nu)",
    )
    return paid


def payment_run_file_downloaded(*, run: PaymentRun, by: User) -> None:
    """A person downloaded the run's pain.001 (it holds every payee's account): logged."""
    _logged(
        "payment_file",
        run.file_id or "",
        by=by,
        reason=f"Hämtade betalfil för {run.execution_date:%Y-%m-%d}",
        action=AccessAction.EXPORT,
    )


# --- The bank's status report (pain.002) -------------------------------------------------------


@dataclass(frozen=True)
class StatusImport:
    msg_id: str
    updated: list[tuple[str, str]]  # (EndToEndId, status) of orders in our file
    unknown: list[str]  # EndToEndIds not in the file the report is about


def payment_status_import(*, content: bytes, by: User) -> StatusImport:
    """Record the bank's status of each payment of one of our files. Only orders in the file the
    report names are touched; importing the same report again gives the same state. A group
    status without transaction lines applies to every order of the file."""
    try:
        report = pain002.parse(content)
    except pain002.StatusReportError as exc:
        raise PaymentError(str(exc)) from exc
    known = set(BankStatus.values)
    with transaction.atomic():
        payment_file = PaymentFile.objects.filter(msg_id=report.original_msg_id).first()
        if payment_file is None:
            raise PaymentError(
                f"Statusrapporten gäller {report.original_msg_id}, "
                "som inte är en av våra betalfiler."
            )
        orders = {o.end_to_end_id: o for o in payment_file.orders.select_for_update()}
        lines = report.transactions or [
            pain002.TransactionStatus(end_to_end_id=ref, status=report.group_status, reason="")
            for ref in orders
        ]
        now = timezone.now()
        updated, unknown = [], []
        for line in lines:
            order = orders.get(line.end_to_end_id)
            if order is None or line.status not in known:
                unknown.append(line.end_to_end_id or "?")
                continue
            PaymentOrder.objects.filter(pk=order.pk).update(
                bank_status=line.status, bank_status_reason=line.reason, bank_status_at=now
            )
            updated.append((order.end_to_end_id, line.status))
        _logged(
            "payment_file",
            payment_file.pk,
            by=by,
            reason=f"Läste in bankens statusrapport för {payment_file.msg_id}",
        )
    return StatusImport(msg_id=payment_file.msg_id, updated=updated, unknown=unknown)


# --- The bank's debit/credit notification (camt.054, docs/adr/0175) ---------------------------


def payment_notification_import(*, content: bytes, by: User) -> StatusImport:
    """Record what the bank's camt.054 says about our payments.

    - A booked debit of one of our payments: the money has left the municipality's account
      (bank status BOOK, at the booking date). Its amount must be the order's.
    - A credit carrying one of our references (the bank sent the payment back, usually with
      `RtrInf`): the return is registered as on the return form, once
      (`payment_return_register`), and the citizen sees it on Min sida.

    Lines about other payments, or that do not match an order, are listed, not applied.
    Importing the same notification again gives the same state."""
    try:
        lines = camt054.parse(content)
    except pain002.StatusReportError as exc:
        raise PaymentError(str(exc)) from exc
    updated: list[tuple[str, str]] = []
    unknown: list[str] = []
    with transaction.atomic():
        for line in lines:
            order = (
                PaymentOrder.objects.select_for_update()
                .filter(end_to_end_id=line.end_to_end_id)
                .first()
                if line.end_to_end_id
                else None
            )
            if order is None or order.file_id is None:
                unknown.append(line.end_to_end_id or "?")
                continue
            if line.amount is not None and line.amount != order.amount:
                unknown.append(f"{line.end_to_end_id} ({line.amount} ≠ {order.amount})")
                continue
            if line.debit:
                if not line.booked:
                    unknown.append(line.end_to_end_id)
                    continue
                at = _booking_time(line.booking_date)
                PaymentOrder.objects.filter(pk=order.pk).update(
                    bank_status=BankStatus.BOOKED, bank_status_reason="", bank_status_at=at
                )
                updated.append((order.end_to_end_id, BankStatus.BOOKED.value))
                continue
            reason = line.return_reason or _return_reason_label(line.return_code)
            payment_return_register(
                end_to_end_id=order.end_to_end_id,
                returned_on=line.booking_date or timezone.localdate(),
                reason=reason,
                reason_code=line.return_code,
                registered_by=by,
            )
            updated.append((order.end_to_end_id, OrderStatus.RETURNED.value))
        _logged(
            "payment_file",
            "",
            by=by,
            reason=f"Läste in bankens avisering (camt.054): {len(updated)} betalningar",
        )
    return StatusImport(msg_id="camt.054", updated=updated, unknown=unknown)


# ISO 20022 external return reason codes the Swedish banks use most, in plain Swedish.
RETURN_REASONS = {
    "AC01": "Kontonumret är fel.",
    "AC04": "Kontot är avslutat.",
    "AC06": "Kontot är spärrat.",
    "AG01": "Kontot tar inte emot den här sortens betalning.",
    "BE04": "Mottagarens adress saknas eller är fel.",
    "MD07": "Kontohavaren har avlidit.",
    "RC01": "Bankens clearingnummer är fel.",
}


def _return_reason_label(code: str) -> str:
    return RETURN_REASONS.get(code, f"Banken skickade tillbaka betalningen ({code or 'utan kod'}).")


def _booking_time(day: date | None) -> datetime:
    if day is None:
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def payment_bank_file_import(*, content: bytes, by: User) -> StatusImport:
    """The bank's file, whichever it is: a camt.054 notification or a pain.002 status report."""
    if camt054.is_camt054(content):
        return payment_notification_import(content=content, by=by)
    return payment_status_import(content=content, by=by)
