"""Reads from decisions: the only way other apps and views fetch its data."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Exists, Min, OuterRef, Q, QuerySet, Subquery, TextField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from bistand.accounts.models import User
from bistand.applications import selectors as application_selectors
from bistand.core import minsida
from bistand.core.workdays import working_day_on_or_after

from .models import (
    Calculation,
    Decision,
    Delivery,
    EmergencyDecision,
    LetterPreference,
    StandaloneDelivery,
    StandaloneLetter,
    Triage,
)

APPEAL_PERIOD = timedelta(weeks=3)  # FL 44 §


def decisions_for_case(*, case_id: int) -> QuerySet[Decision]:
    """The case's decisions, newest first (changed decisions included)."""
    return Decision.objects.filter(case_id=case_id).order_by("-decided_at", "-pk")


# What Min sida's panels show of a decision (the decisions, appeals and satisfaction panels):
# not the letter's HTML, motivering or details.
MINSIDA_FIELDS = (
    "pk",
    "application_id",
    "case_id",
    "supersedes_id",
    "decided_at",
    "decided_by_id",
    "decided_by_label",
    "outcome",
    "amount",
    "period_start",
    "period_end",
    "payment_date",
    "posts",
)


def decisions_for_minsida(*, case_id: int) -> list[Decision]:
    """`decisions_for_case` with the fields Min sida shows, read once per page for every panel
    that lists them (issue 16 item 5)."""
    return minsida.shared(
        ("decisions", case_id),
        lambda: list(decisions_for_case(case_id=case_id).only(*MINSIDA_FIELDS)),
    )


def received_on_for_minsida(*, case_id: int) -> dict[int, date]:
    """`decisions_received_on` of the case's decisions, read once per Min sida."""
    return minsida.shared(
        ("received_on", case_id),
        lambda: decisions_received_on(
            decision_ids=[d.pk for d in decisions_for_minsida(case_id=case_id)]
        ),
    )


def decision_by_id(*, decision_id: int) -> Decision | None:
    """One decision, or None. Access is checked by the caller (the record's access function)."""
    return Decision.objects.select_related("calculation").filter(pk=decision_id).first()


def decision_get(*, decision_id: int) -> Decision:
    """One decision that must exist (raises Decision.DoesNotExist): for jobs and services given
    a decision's id."""
    return Decision.objects.get(pk=decision_id)


def decision_is_superseded(*, decision: Decision) -> bool:
    """A later decision (omprövning, appeal) has replaced this one."""
    return Decision.objects.filter(supersedes=decision).exists()


def decision_for_update(*, decision_id: int) -> Decision:
    """One decision, its row locked until the caller's transaction ends (call it inside
    `transaction.atomic`): a second omprövning, change or review request of the same decision
    waits here and then sees the first one."""
    return Decision.objects.select_for_update().get(pk=decision_id)


def superseded_decision_ids(*, decision_ids: list[int]) -> set[int]:
    """Those of `decision_ids` that a later decision (omprövning, appeal) has replaced."""
    return set(
        Decision.objects.filter(supersedes_id__in=decision_ids).values_list(
            "supersedes_id", flat=True
        )
    )


def decision_for_citizen(*, user: User, decision_id: int) -> Decision | None:
    """The decision if it is on an application the user may read (theirs as the applicant, or
    one that names them as the partner), else None (never another's)."""
    return (
        Decision.objects.select_related("calculation")
        .filter(
            pk=decision_id,
            application_id__in=application_selectors.readable_application_ids(user=user),
        )
        .first()
    )


def decision_for_application(*, application_id: int) -> Decision | None:
    """The application's decision in force: the latest of an original and its changes."""
    return (
        Decision.objects.filter(application_id=application_id)
        .order_by("-decided_at", "-pk")
        .first()
    )


def decisions_for_cases(*, case_ids: list[int]) -> QuerySet[Decision]:
    return Decision.objects.filter(case_id__in=case_ids).order_by("pk")


def decision_received_on(*, decision: Decision) -> date | None:
    """The day the citizen got the decision: the earliest delivery, by any channel, or None
    while no channel has delivered it (the appeal period has not started)."""
    first = (
        Delivery.objects.filter(decision=decision, received_at__isnull=False)
        .order_by("received_at")
        .values_list("received_at", flat=True)
        .first()
    )
    return timezone.localdate(first) if first is not None else None


def decisions_received_on(*, decision_ids: list[int]) -> dict[int, date]:
    """`decision_received_on` of several decisions in one query (those not yet delivered are
    left out)."""
    firsts = (
        Delivery.objects.filter(decision_id__in=decision_ids, received_at__isnull=False)
        .values("decision_id")
        .annotate(first=Min("received_at"))
        .values_list("decision_id", "first")
    )
    return {pk: timezone.localdate(first) for pk, first in firsts}


def appeal_last_day(*, received_on: date) -> date:
    """Three weeks from the day the decision was received (FL 44 §); a last day on a Saturday,
    Sunday or holiday moves to the next working day (lag (1930:173) om beräkning av
    lagstadgad tid)."""
    return working_day_on_or_after(received_on + APPEAL_PERIOD)


def deliveries_of(*, decision: Decision) -> list[Delivery]:
    return list(Delivery.objects.filter(decision=decision).order_by("sent_at", "pk"))


def decisions_made_between(*, start: datetime, end: datetime) -> QuerySet[Decision]:
    """Every decision made in [start, end), oldest first (changed decisions included): what the
    delegates report to the nämnd (KL 6 kap. 40 §, 7 kap. 8 §)."""
    return (
        Decision.objects.filter(decided_at__gte=start, decided_at__lt=end)
        .select_related("decided_by")
        .order_by("decided_at", "pk")
    )


def letters_by_post(*, user: User) -> bool:
    return letter_preference_by_post(user_id=user.pk).exists()


def letter_preference_by_post(*, user_id: int) -> QuerySet[LetterPreference]:
    """The citizen's choice to get her decisions by post too (a row when she chose it)."""
    return LetterPreference.objects.filter(user_id=user_id, by_post=True)


def standalone_letters_of_case(*, case_id: int) -> QuerySet[StandaloneLetter]:
    """Every återkrav and nödprövning letter of the case, to whomever (Min sida's probe)."""
    return StandaloneLetter.objects.filter(case_id=case_id)


# --- Standalone letters: återkrav and nödprövning (not a Decision on an application) ------------


def standalone_letters_for_case(
    *, case_id: int, user: User | None = None
) -> list[StandaloneLetter]:
    """The case's återkrav and nödprövning letters, newest first; with `user` (a citizen) only
    those addressed to her."""
    letters = StandaloneLetter.objects.filter(case_id=case_id).order_by("-decided_at", "-pk")
    if user is None:
        return list(letters)
    return [letter for letter in letters if user.pk in (letter.addressee_ids or [])]


def standalone_letter_by_id(*, letter_id: int) -> StandaloneLetter | None:
    return StandaloneLetter.objects.filter(pk=letter_id).first()


def standalone_letter_of(*, kind: str, object_id: int) -> StandaloneLetter | None:
    return StandaloneLetter.objects.filter(kind=kind, object_id=object_id).first()


def standalone_received_on(*, letter: StandaloneLetter) -> date | None:
    """The day the citizen got the letter (earliest delivery), or None (FL 44 §)."""
    first = (
        StandaloneDelivery.objects.filter(letter=letter, received_at__isnull=False)
        .order_by("received_at")
        .values_list("received_at", flat=True)
        .first()
    )
    return timezone.localdate(first) if first is not None else None


def standalone_deliveries_of(*, letter: StandaloneLetter) -> list[StandaloneDelivery]:
    return list(StandaloneDelivery.objects.filter(letter=letter).order_by("sent_at", "pk"))


# --- Nödprövning ----------------------------------------------------------------------------------


def emergency_by_id(*, emergency_id: int) -> EmergencyDecision | None:
    return EmergencyDecision.objects.filter(pk=emergency_id).first()


def emergencies_not_followed_up(*, case_id: int) -> list[EmergencyDecision]:
    """The case's nödprövningar that no ordinary decision has followed up yet, oldest first."""
    return list(
        EmergencyDecision.objects.filter(case_id=case_id, follow_up__isnull=True).order_by("pk")
    )


def emergencies_not_followed_up_for_cases(
    *, case_ids: set[int] | list[int]
) -> dict[int, list[EmergencyDecision]]:
    """`emergencies_not_followed_up` for many cases with one query (the batch worker)."""
    found: dict[int, list[EmergencyDecision]] = {}
    for emergency in EmergencyDecision.objects.filter(
        case_id__in=list(case_ids), follow_up__isnull=True
    ).order_by("pk"):
        found.setdefault(emergency.case_id, []).append(emergency)
    return found


def emergencies_for_case(*, case_id: int) -> list[EmergencyDecision]:
    return list(
        EmergencyDecision.objects.filter(case_id=case_id)
        .select_related("follow_up")
        .order_by("-decided_at", "-pk")
    )


def emergencies_made_between(*, start: datetime, end: datetime) -> QuerySet[EmergencyDecision]:
    return (
        EmergencyDecision.objects.filter(decided_at__gte=start, decided_at__lt=end)
        .select_related("decided_by")
        .order_by("decided_at", "pk")
    )


def granted_months_by_case(*, since: date, until: date) -> dict[int, set[date]]:
    """For each case, the months in [since, until] for which a decision in force granted money
    (försörjningsstöd paid): what "fått försörjningsstöd" is counted from (aktivitetskrav)."""
    rows = (
        Decision.objects.filter(period_start__gte=since, period_start__lte=until, amount__gt=0)
        .values_list("case_id", "period_start")
        .distinct()
    )
    months: dict[int, set[date]] = {}
    for case_id, month in rows:
        months.setdefault(case_id, set()).add(month.replace(day=1))
    return months


# --- Triage and the robot's calculation (the case file and the shared queue) -------------------


def triage_for_application(*, application_id: int) -> Triage | None:
    """The automated function's triage of an application (reasons for a person), or None."""
    return Triage.objects.filter(application_id=application_id).first()


def triage_reasons(*, application_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    """Each triaged application's stored reasons, as stored (one query)."""
    return {
        application_id: list(reasons)
        for application_id, reasons in Triage.objects.filter(
            application_id__in=application_ids
        ).values_list("application_id", "reasons")
    }


def triage_calculation(*, application_id: int) -> Calculation | None:
    """The automated function's own calculation (never a case worker's preview)."""
    found = Triage.objects.select_related("calculation").filter(application_id=application_id)
    triage = found.first()
    return triage.calculation if triage is not None else None


def robot_calculation(*, application_id: int) -> Calculation | None:
    """The calculation the case worker starts from: the robot's own, else the first one made."""
    calculation = triage_calculation(application_id=application_id)
    if calculation is not None:
        return calculation
    return Calculation.objects.filter(application_id=application_id).order_by("pk").first()


def original_decision_for_application(*, application_id: int) -> Decision | None:
    """The application's first decision (not one that changed another), or None."""
    return Decision.objects.filter(application_id=application_id, supersedes__isnull=True).first()


# Expressions for a query over applications (OuterRef("pk") is the application): the shared
# queue filters and sorts by the triage reasons in the database (docs/adr/0185).


def _reason_q(codes: list[str]) -> Q:
    """Triage rows whose stored reasons include one of the codes: JSON containment on
    PostgreSQL; on SQLite the JSON text as Django stores it (json.dumps)."""
    found = Q(pk__in=[])
    for code in codes:
        if connection.vendor == "postgresql":
            found |= Q(reasons__contains=[{"code": code}])
        else:
            found |= Q(reasons_text__contains=f'"code": "{code}"')
    return found


def triage_has_reason(codes: list[str]) -> Exists:
    """The application's triage gives one of these reason codes."""
    triage = Triage.objects.filter(application_id=OuterRef("pk"))
    stored = triage.annotate(reasons_text=Cast("reasons", TextField()))
    return Exists(stored.filter(_reason_q(codes)))


def triage_has_reasons() -> Exists:
    """The application has a triage that gives any reason at all."""
    return Exists(Triage.objects.filter(application_id=OuterRef("pk")).exclude(reasons=[]))


def triage_first_reason_code() -> Subquery:
    """The code of the application's first triage reason (NULL without one)."""
    return Subquery(
        Triage.objects.filter(application_id=OuterRef("pk"))
        .annotate(code=KT("reasons__0__code"))
        .values("code")[:1]
    )
