"""Reads in appeals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from bistand.accounts.models import User
from bistand.applications import selectors as application_selectors
from bistand.cases import selectors as case_selectors
from bistand.decisions import selectors as decision_selectors

from .models import (
    OPEN_STATUSES,
    Appeal,
    AppealStatus,
    CourtOutcome,
    DecisionChange,
    ReviewOutcome,
    ReviewRequest,
    ReviewStatus,
)
from .services import appeal_deadline

if TYPE_CHECKING:
    from bistand.decisions.models import Decision  # in annotations only; no reads


@dataclass(frozen=True)
class AppealableDecision:
    """A decision in force on Min sida, with the appeal deadline and any appeal of it."""

    decision: Decision
    # None while the letter has reached the citizen by no channel: the period has not started.
    received_on: date | None
    deadline: date | None
    open_appeal: Appeal | None
    open_review: ReviewRequest | None = None
    # An appeal the nämnd has sent to förvaltningsrätten (pending or decided): the decision is
    # not appealed to förvaltningsrätten again; after the judgment the next step is kammarrätten.
    court_appeal: Appeal | None = None

    @property
    def late(self) -> bool:
        return self.deadline is not None and timezone.localdate() > self.deadline


def _base() -> QuerySet[Appeal]:
    return Appeal.objects.select_related(
        "case", "case__applicant", "decision", "new_decision", "submitted_by"
    )


def appeals_for_citizen(*, user: User) -> QuerySet[Appeal]:
    """The appeals of the user's household on decisions the user may read (a partner named by
    a later application does not see appeals of earlier decisions), newest first."""
    cases = case_selectors.cases_for_citizen(user=user)
    readable = application_selectors.readable_application_ids(user=user)
    return (
        _base()
        .filter(case__in=cases, decision__application_id__in=readable)
        .order_by("-received_at", "-pk")
    )


def appeals_for_case(*, user: User, case_id: int) -> QuerySet[Appeal]:
    return appeals_for_citizen(user=user).filter(case_id=case_id)


def appeal_by_id(*, appeal_id: int) -> Appeal | None:
    return _base().filter(pk=appeal_id).first()


def appealable_decisions(*, case_id: int) -> list[AppealableDecision]:
    """The case's decisions that are in force (not replaced by a changed decision). A fixed
    number of queries however many decisions the case has (Min sida, issue 16 item 5)."""
    decisions = list(
        decision_selectors.decisions_for_case(case_id=case_id).defer(
            "letter_html", "motivering", "letter_details"
        )
    )
    ids = [d.pk for d in decisions]
    return _appealable(
        decisions,
        superseded=decision_selectors.superseded_decision_ids(decision_ids=ids),
        received=decision_selectors.decisions_received_on(decision_ids=ids),
    )


def appealable_decisions_for_minsida(
    *, case_id: int, any_appeals: bool = True, any_reviews: bool = True
) -> list[AppealableDecision]:
    """`appealable_decisions` for Min sida's panel: the case's decisions and their delivery
    days are the ones the page's decisions panel read (one read per page); a decision is
    replaced when a decision of the case names it, as that panel shows it. `any_appeals` /
    `any_reviews` False: the case has none (Min sida's probes), so they are not read."""
    decisions = decision_selectors.decisions_for_minsida(case_id=case_id)
    return _appealable(
        decisions,
        superseded={d.supersedes_id for d in decisions if d.supersedes_id},
        received=decision_selectors.received_on_for_minsida(case_id=case_id),
        read_appeals=any_appeals,
        read_reviews=any_reviews,
    )


def appeals_of_case(*, case_id: int) -> QuerySet[Appeal]:
    """Every appeal in the case or of one of its decisions (Min sida asks whether there are
    any)."""
    return Appeal.objects.filter(Q(case_id=case_id) | Q(decision__case_id=case_id))


def reviews_of_case(*, case_id: int) -> QuerySet[ReviewRequest]:
    """Every review request in the case or of one of its decisions (Min sida's probe)."""
    return ReviewRequest.objects.filter(Q(case_id=case_id) | Q(decision__case_id=case_id))


def _appealable(
    decisions: list[Decision],
    *,
    superseded: set[int],
    received: dict[int, date],
    read_appeals: bool = True,
    read_reviews: bool = True,
) -> list[AppealableDecision]:
    ids = [d.pk for d in decisions]
    if not ids:
        return []
    open_appeals: dict[int, Appeal] = {}
    court_appeals: dict[int, Appeal] = {}
    court = (AppealStatus.FORWARDED, AppealStatus.COURT_DECIDED)
    # Open appeals (the oldest per decision) and those sent to the court (the newest) in one read.
    appeals = (
        list(
            Appeal.objects.filter(
                decision_id__in=ids, status__in=[*OPEN_STATUSES, *court]
            ).order_by("received_at", "pk")
        )
        if read_appeals
        else []
    )
    for appeal in appeals:
        if appeal.status in OPEN_STATUSES:
            open_appeals.setdefault(appeal.decision_id, appeal)
    for appeal in reversed(appeals):
        if appeal.status in court:
            court_appeals.setdefault(appeal.decision_id, appeal)
    open_reviews: dict[int, ReviewRequest] = {}
    if read_reviews:
        for review in ReviewRequest.objects.filter(decision_id__in=ids, status=ReviewStatus.OPEN):
            open_reviews.setdefault(review.decision_id, review)
    found = []
    for decision in decisions:
        if decision.pk in superseded:
            continue
        received_on = received.get(decision.pk)
        found.append(
            AppealableDecision(
                decision=decision,
                received_on=received_on,
                deadline=appeal_deadline(received_on=received_on) if received_on else None,
                open_appeal=open_appeals.get(decision.pk),
                open_review=open_reviews.get(decision.pk) if decision.automated else None,
                court_appeal=court_appeals.get(decision.pk),
            )
        )
    return found


def open_appeal_of(*, decision_id: int) -> Appeal | None:
    return Appeal.objects.filter(decision_id=decision_id, status__in=OPEN_STATUSES).first()


def open_appeals() -> QuerySet[Appeal]:
    """Appeals the nämnd has not finished: not yet rättidsprövade, or in time and waiting for
    omprövning or forwarding. Oldest first."""
    return _base().filter(status__in=OPEN_STATUSES).order_by("received_at", "pk")


def appeals_for_staff(*, status: str = "") -> QuerySet[Appeal]:
    found = _base().order_by("-received_at", "-pk")
    return found.filter(status=status) if status else found


def appeal_stats(start: datetime, end: datetime) -> dict[str, dict[str, int]]:
    """Appeals received in [start, end) and how many of them changed the appealed decision
    (omprövning by the nämnd, or bifall/delvis bifall in förvaltningsrätten), split by whether
    the appealed decision was made by the automated decision function or by a case worker.

    The share changed on appeal is `changed[x] / appeals[x]`; `changed_by_namnd` and
    `changed_by_court` break `changed` down (a decision changed by the nämnd counts once, even
    if the appeal then went on to the court); `rejected_late` counts avvisade appeals.
    """
    rows = Appeal.objects.filter(received_at__gte=start, received_at__lt=end).values_list(
        "decision_automated", "status", "court_outcome", "new_decision_id"
    )
    keys = ("automated", "manual", "total")
    result: dict[str, dict[str, int]] = {
        name: dict.fromkeys(keys, 0)
        for name in (
            "appeals",
            "changed",
            "changed_by_namnd",
            "changed_by_court",
            "rejected_late",
        )
    }
    for automated, status, court_outcome, new_decision_id in rows:
        kind = "automated" if automated else "manual"
        counts = ["appeals"]
        if new_decision_id is not None:
            counts += ["changed", "changed_by_namnd"]
        elif court_outcome in (CourtOutcome.GRANTED, CourtOutcome.PARTLY_GRANTED):
            counts += ["changed", "changed_by_court"]
        if status == AppealStatus.REJECTED_LATE:
            counts.append("rejected_late")
        for name in counts:
            result[name][kind] += 1
            result[name]["total"] += 1
    return result


# --- Rättelse/ändring and human review -----------------------------------------------------------


def open_review_of(*, decision_id: int) -> ReviewRequest | None:
    return ReviewRequest.objects.filter(decision_id=decision_id, status=ReviewStatus.OPEN).first()


def review_by_id(*, review_id: int) -> ReviewRequest | None:
    return (
        ReviewRequest.objects.select_related("decision", "requested_by", "decided_by")
        .filter(pk=review_id)
        .first()
    )


def reviews_for_case(*, case_id: int) -> list[ReviewRequest]:
    return list(
        ReviewRequest.objects.select_related("decision")
        .filter(case_id=case_id)
        .order_by("-requested_at", "-pk")
    )


def open_reviews() -> QuerySet[ReviewRequest]:
    return (
        ReviewRequest.objects.select_related("decision")
        .filter(status=ReviewStatus.OPEN)
        .order_by("requested_at", "pk")
    )


def change_of(*, review: ReviewRequest) -> DecisionChange | None:
    return DecisionChange.objects.select_related("new_decision").filter(review=review).first()


def review_stats(start: datetime, end: datetime) -> dict[str, Any]:
    """Requests for a person's review of an automated decision (GDPR art. 22(3)) made in
    [start, end): how many, how many a case worker has decided, how many changed the decision,
    and the median time from request to decision in hours (Decimal, 1 place; None if none)."""
    rows = list(
        ReviewRequest.objects.filter(requested_at__gte=start, requested_at__lt=end).values_list(
            "status", "outcome", "requested_at", "decided_at"
        )
    )
    hours = sorted(
        Decimal((decided - requested).total_seconds()) / Decimal(3600)
        for status, _outcome, requested, decided in rows
        if decided is not None
    )
    median = None
    if hours:
        middle = len(hours) // 2
        value = hours[middle] if len(hours) % 2 else (hours[middle - 1] + hours[middle]) / 2
        median = value.quantize(Decimal("0.1"))
    return {
        "requested": len(rows),
        "decided": sum(1 for row in rows if row[0] == ReviewStatus.DECIDED),
        "changed": sum(1 for row in rows if row[1] == ReviewOutcome.CHANGED),
        "open": sum(1 for row in rows if row[0] == ReviewStatus.OPEN),
        "median_hours": median,
    }
