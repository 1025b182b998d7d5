"""Reads from payments: the only way other apps and views fetch its data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from bistand.decisions import selectors as decision_selectors

from .bankaccount import InvalidBankAccountError, parse_bank_account
from .models import (
    EmergencyPayment,
    OrderStatus,
    PaymentFile,
    PaymentOrder,
    PaymentRun,
    PostCheck,
    PostCheckDocument,
    PostCheckOutcome,
    RecoveryClaim,
)

# Where the e-service keeps the payment answers: {"clearing": "1234", "account": "1234567"}.
ANSWERS_KEY = "payment"


def bank_account_problem(answers: dict[str, Any]) -> str:
    """Why the answers give no payable account (Swedish), or "" when they do."""
    payment = answers.get(ANSWERS_KEY)
    if not isinstance(payment, dict) or not (payment.get("clearing") or payment.get("account")):
        return "Kontonummer saknas i ansökan."
    try:
        parse_bank_account(payment.get("clearing"), payment.get("account"))
    except InvalidBankAccountError as exc:
        return str(exc)
    return ""


def payment_orders_for_case(*, case_id: int) -> QuerySet[PaymentOrder]:
    return PaymentOrder.objects.filter(case_id=case_id).order_by("payment_date", "pk")


def payment_orders_needing_attention() -> QuerySet[PaymentOrder]:
    """Held orders (no valid account, changed decision …) and orders the bank sent back."""
    return PaymentOrder.objects.filter(
        status__in=[OrderStatus.HELD, OrderStatus.RETURNED]
    ).order_by("payment_date", "pk")


# --- Stickprov ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorRate:
    """Stickprov results for one group: checked (outcome recorded), errors among them, open."""

    channel: str  # "digital", "paper", or "" for all channels
    decision_type: str  # "automated", "manual", or "" for both
    checked: int
    errors: int
    open: int

    @property
    def rate(self) -> Decimal | None:
        """Share of checked post-checks that found an error, 4 decimals; None if none checked."""
        if not self.checked:
            return None
        return (Decimal(self.errors) / Decimal(self.checked)).quantize(Decimal("0.0001"))


def post_check_error_rates(
    *, since: date | None = None, until: date | None = None
) -> list[ErrorRate]:
    """Error rate per channel × decision type, per channel, per decision type, and overall.

    An error is any outcome other than "correct" (incorrect information or an amount difference).
    `since`/`until` bound the month the post-check concerns (first day of the month).
    """
    checks = PostCheck.objects.all()
    if since:
        checks = checks.filter(month__gte=since)
    if until:
        checks = checks.filter(month__lte=until)
    cells: dict[tuple[str, str], dict[str, int]] = {}
    for row in _post_check_cells(checks, "channel", "automated"):
        key = (row["channel"], "automated" if row["automated"] else "manual")
        cells[key] = row
    return _error_rates(cells)


def post_check_error_rates_by_month(*, since: date, until: date) -> dict[date, list[ErrorRate]]:
    """`post_check_error_rates(since=month, until=month)` for every month from `since` to `until`
    with a post-check, in one query (the follow-up dashboard's monthly table; issue 16 item 5).
    A month without post-checks is missing (its figures are those of an empty list of cells)."""
    checks = PostCheck.objects.filter(month__gte=since, month__lte=until)
    by_month: dict[date, dict[tuple[str, str], dict[str, int]]] = {}
    for row in _post_check_cells(checks, "month", "channel", "automated"):
        key = (row["channel"], "automated" if row["automated"] else "manual")
        by_month.setdefault(row["month"], {})[key] = row
    return {month: _error_rates(cells) for month, cells in by_month.items()}


def _post_check_cells(checks: QuerySet[PostCheck], *group: str) -> Any:
    checked = ~Q(outcome="")
    error = checked & ~Q(outcome=PostCheckOutcome.CORRECT)
    return (
        checks.order_by()
        .values(*group)
        .annotate(
            checked=Count("pk", filter=checked),
            errors=Count("pk", filter=error),
            open=Count("pk", filter=Q(outcome="")),
        )
    )


def _error_rates(cells: dict[tuple[str, str], dict[str, int]]) -> list[ErrorRate]:
    def group(channel: str, kind: str) -> ErrorRate:
        chosen = [
            row
            for (c, k), row in cells.items()
            if (not channel or c == channel) and (not kind or k == kind)
        ]
        return ErrorRate(
            channel=channel,
            decision_type=kind,
            checked=sum(r["checked"] for r in chosen),
            errors=sum(r["errors"] for r in chosen),
            open=sum(r["open"] for r in chosen),
        )

    channels = sorted({c for c, _ in cells})
    kinds = ["automated", "manual"]
    result = [group(c, k) for c in channels for k in kinds if (c, k) in cells]
    result += [group(c, "") for c in channels]
    result += [group("", k) for k in kinds]
    result.append(group("", ""))
    return result


def post_checks_open(*, case_id: int | None = None) -> QuerySet[PostCheck]:
    checks = PostCheck.objects.filter(outcome="")
    if case_id is not None:
        checks = checks.filter(case_id=case_id)
    return checks.order_by("requested_at")


def amount_paid_by_month(*, since: date, until: date) -> dict[date, Decimal]:
    """Paid orders (accepted by the bank, not returned) per month of the payment date,
    for payment dates from `since` up to but not including `until`."""
    totals: dict[date, Decimal] = {}
    paid = PaymentOrder.objects.filter(
        status=OrderStatus.PAID, payment_date__gte=since, payment_date__lt=until
    )
    if connection.vendor == "postgresql":
        # Summed by the database (numeric: exact), not a year of orders read into Python (issue
        # 16 item 5). SQLite keeps decimals as floating point, so there they are summed here.
        return {
            month: total
            for month, total in paid.annotate(month=TruncMonth("payment_date"))
            .values("month")
            .annotate(total=Sum("amount"))
            .order_by()
            .values_list("month", "total")
        }
    rows = paid.values_list("payment_date", "amount")
    for payment_date, amount in rows:
        month = payment_date.replace(day=1)
        totals[month] = totals.get(month, Decimal("0.00")) + amount
    return totals


def payment_order_by_reference(*, end_to_end_id: str) -> PaymentOrder | None:
    return PaymentOrder.objects.filter(end_to_end_id=end_to_end_id.strip().upper()).first()


def payment_orders_by_reference(*, end_to_end_ids: list[str]) -> dict[str, PaymentOrder]:
    return {
        o.end_to_end_id: o
        for o in PaymentOrder.objects.filter(end_to_end_id__in=end_to_end_ids).select_related(
            "returned"
        )
    }


def payment_files_recent(*, limit: int = 30) -> QuerySet[PaymentFile]:
    return PaymentFile.objects.order_by("-execution_date")[:limit]


def post_checks_for_staff() -> QuerySet[PostCheck]:
    """Open stickprov first (oldest first), then the assessed ones, newest first."""
    return PostCheck.objects.order_by("checked_at", "requested_at")


def post_check_by_id(*, post_check_id: int) -> PostCheck | None:
    return PostCheck.objects.filter(pk=post_check_id).first()


def case_numbers(*, case_ids: list[int]) -> dict[int, str]:
    from bistand.cases.models import Case

    return dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "number"))


def recovery_claim_by_id(*, claim_id: int) -> RecoveryClaim | None:
    return RecoveryClaim.objects.select_related("created_by").filter(pk=claim_id).first()


def payment_orders_due(*, limit: int = 300) -> QuerySet[PaymentOrder]:
    """Orders ready to be paid and not yet in a file, the earliest payment day first."""
    return PaymentOrder.objects.filter(status=OrderStatus.READY, file__isnull=True).order_by(
        "payment_date", "pk"
    )[:limit]


def payment_due_by_day() -> list[dict[str, Any]]:
    """Per payment day: how many orders are ready and their sum (exact, Decimal)."""
    rows = (
        PaymentOrder.objects.filter(status=OrderStatus.READY, file__isnull=True)
        .values("payment_date")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by("payment_date")
    )
    return [dict(row) for row in rows]


def payment_runs_recent(*, limit: int = 30) -> QuerySet[PaymentRun]:
    return PaymentRun.objects.select_related("prepared_by", "attested_by", "file").order_by(
        "-execution_date"
    )[:limit]


def payment_run_by_id(*, run_id: int) -> PaymentRun | None:
    return PaymentRun.objects.select_related("file").filter(pk=run_id).first()


def payment_order_by_id(*, order_id: int) -> PaymentOrder | None:
    return PaymentOrder.objects.filter(pk=order_id).first()


def recovery_decisions_between(*, start: Any, end: Any) -> list[dict[str, Any]]:
    """Återkrav and eftergift decided in [start, end): delegated decisions the nämnd is told of
    (KL 6 kap. 40 §), each with who decided and under which delegation point."""
    rows: list[dict[str, Any]] = []
    made = RecoveryClaim.objects.filter(created_at__gte=start, created_at__lt=end)
    for claim in made.select_related("created_by"):
        rows.append(
            {
                "decided_by": claim.created_by,
                "decided_at": claim.created_at,
                "case_id": claim.case_id,
                "kind": "Återkrav",
                "period": "",
                "outcome": "Återkrav",
                "delegation_reference": claim.delegation_reference,
            }
        )
    waived = RecoveryClaim.objects.filter(waived_at__gte=start, waived_at__lt=end)
    for claim in waived.select_related("waived_by"):
        rows.append(
            {
                "decided_by": claim.waived_by,
                "decided_at": claim.waived_at,
                "case_id": claim.case_id,
                "kind": "Eftergift",
                "period": "",
                "outcome": "Eftergift",
                "delegation_reference": claim.delegation_reference,
            }
        )
    return rows


def emergency_payment_for(*, emergency_id: int) -> EmergencyPayment | None:
    return EmergencyPayment.objects.filter(emergency_id=emergency_id).first()


def post_check_documents(*, post_check_id: int) -> QuerySet[PostCheckDocument]:
    return PostCheckDocument.objects.filter(post_check_id=post_check_id).order_by("uploaded_at")


def post_check_document_by_id(*, post_check_id: int, document_id: int) -> PostCheckDocument | None:
    return (
        PostCheckDocument.objects.select_related("post_check")
        .filter(pk=document_id, post_check_id=post_check_id)
        .first()
    )


def post_check_amounts(*, check: PostCheck) -> dict[str, Any]:
    """What the stickprov checks: the decision's posts (applied and granted) and total, and the
    payment lines that paid it."""
    decision = decision_selectors.decision_by_id(decision_id=check.decision_id)
    posts = []
    for post in (decision.posts if decision else []) or []:
        posts.append(
            {
                "label": post.get("label", ""),
                "applied": Decimal(str(post.get("applied", "0"))),
                "granted": Decimal(str(post.get("granted", "0"))),
            }
        )
    return {
        "decision": decision,
        "posts": posts,
        "total": decision.amount if decision else None,
        "orders": list(PaymentOrder.objects.filter(decision_id=check.decision_id).order_by("pk")),
    }
