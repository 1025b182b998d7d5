"""Reads in messaging."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from bistand.accounts.models import User
from bistand.cases import selectors as case_selectors
from bistand.decisions import selectors as decision_selectors

from .models import Message, SatisfactionAnswer, Thread

if TYPE_CHECKING:
    from bistand.decisions.models import Decision  # in annotations only; no reads


def threads_for_citizen(*, user: User) -> QuerySet[Thread]:
    cases = case_selectors.cases_for_citizen(user=user)
    return (
        Thread.objects.select_related("case")
        .filter(case__in=cases)
        .annotate(
            unread=Count(
                "messages", filter=Q(messages__from_unit=True, messages__read_at__isnull=True)
            )
        )
    )


def threads_for_case(*, user: User, case_id: int) -> QuerySet[Thread]:
    return threads_for_citizen(user=user).filter(case_id=case_id)


def thread_by_id(*, thread_id: int) -> Thread | None:
    return Thread.objects.select_related("case", "case__applicant").filter(pk=thread_id).first()


def messages_in(*, thread: Thread) -> QuerySet[Message]:
    return Message.objects.filter(thread=thread).order_by("sent_at", "pk")


def threads_for_staff(*, awaiting_only: bool = False) -> QuerySet[Thread]:
    found = Thread.objects.select_related("case", "case__contact").annotate(
        unread=Count(
            "messages", filter=Q(messages__from_unit=False, messages__read_at__isnull=True)
        )
    )
    if awaiting_only:
        return found.filter(awaiting_unit=True).order_by("waiting_since", "pk")
    return found.order_by("-awaiting_unit", "-last_message_at", "-pk")


def threads_awaiting_unit() -> QuerySet[Thread]:
    """Threads whose newest message is the citizen's: in the shared queue until answered."""
    return threads_for_staff(awaiting_only=True)


def satisfaction_question_for(*, case_id: int) -> Decision | None:
    """The case's newest decision, if its satisfaction question is not answered or skipped."""
    newest = decision_selectors.decisions_for_case(case_id=case_id).first()
    if newest is None or SatisfactionAnswer.objects.filter(decision_id=newest.pk).exists():
        return None
    return newest


def satisfaction_question_for_minsida(*, case_id: int, answered: bool = True) -> Decision | None:
    """`satisfaction_question_for`, from the case's decisions Min sida has read for its
    decisions panel (one read per page). `answered` False: no decision of the case has an
    answer (Min sida's probe), so the newest has none either."""
    decisions = decision_selectors.decisions_for_minsida(case_id=case_id)
    newest = decisions[0] if decisions else None
    if newest is None or (
        answered and SatisfactionAnswer.objects.filter(decision_id=newest.pk).exists()
    ):
        return None
    return newest


def satisfaction_answers_of_case(*, case_id: int) -> QuerySet[SatisfactionAnswer]:
    """The answers about any decision of the case (Min sida asks whether there are any)."""
    return SatisfactionAnswer.objects.filter(decision__case_id=case_id)


def thread_rows(*, case_id: int) -> QuerySet[Thread]:
    """The case's message threads as a query (Min sida asks whether there are any)."""
    return Thread.objects.filter(case_id=case_id)


def satisfaction_stats(start: datetime, end: datetime) -> dict[str, Any]:
    """Answers given in [start, end): count, mean score (Decimal, 2 places; None without
    answers), distribution {1: n, …, 5: n} and how many skipped the question."""
    answers = SatisfactionAnswer.objects.filter(answered_at__gte=start, answered_at__lt=end)
    distribution = dict.fromkeys(range(1, 6), 0)
    skipped = 0
    for score, was_skipped in answers.values_list("score", "skipped"):
        if was_skipped or score is None:
            skipped += 1
        else:
            distribution[score] += 1
    count = sum(distribution.values())
    total = sum(score * n for score, n in distribution.items())
    mean = (
        (Decimal(total) / Decimal(count)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if count
        else None
    )
    return {"count": count, "mean": mean, "distribution": distribution, "skipped": skipped}
