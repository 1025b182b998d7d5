"""Reads from casework: the only way other apps and views fetch its data.

The shared queue "Inkomna ansökningar" is assembled here: applications the robot routed (status
`in_queue`, paper ones too) and the items other apps contribute through bistand.core.queue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Collate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bistand.accounts.models import User
from bistand.applications import selectors as application_selectors
from bistand.applications.answers import Answers, to_rules_input
from bistand.cases import selectors as case_selectors
from bistand.cases.hooks import PreparedMaterial, prepared_material_for
from bistand.core import queue as core_queue
from bistand.core.format import citizen_month, kronor
from bistand.core.workdays import decision_due_day
from bistand.decisions import reasons as reason_catalogue
from bistand.decisions import selectors as decision_selectors
from bistand.registers import selectors as register_selectors
from bistand.rules.income_types import income_label

from .models import Claim, CompletionRequest, Escalation, JournalEntry, Kommunicering

if TYPE_CHECKING:
    from bistand.decisions.models import Calculation, Decision

CHANNEL_LABELS = {"digital": gettext_lazy("E-tjänst"), "paper": gettext_lazy("Pappersansökan")}
KIND_LABELS = {"new": gettext_lazy("Nyansökan"), "recurring": gettext_lazy("Fortsatt ansökan")}
MEMBER_LABELS = {"a1": gettext_lazy("Sökande"), "p1": gettext_lazy("Sambo eller make/maka")}


def member_label(member: str) -> str:
    """A household member's id ("a1", "p1", "c2", "o1") as the case worker reads it: a child's
    or another adult's own income was shown as "c1" (found walking the demo)."""
    if member in MEMBER_LABELS:
        return str(MEMBER_LABELS[member])
    kind, number = member[:1], member[1:]
    if number.isdigit() and kind == "c":
        return _("Barn %(n)s") % {"n": number}
    if number.isdigit() and kind == "o":
        return _("Vuxen %(n)s") % {"n": number}
    return member


NEED_LABELS = {
    "tandvard": gettext_lazy("Tandvård"),
    "lakarvard": gettext_lazy("Läkarvård och medicin"),
    "medicin": gettext_lazy("Medicin"),
    "glasogon": gettext_lazy("Glasögon"),
    "barnomsorg": gettext_lazy("Barnomsorg"),
    "hemutrustning": gettext_lazy("Hemutrustning"),
    "flyttkostnad": gettext_lazy("Flyttkostnad"),
    "spadbarnsutrustning": gettext_lazy("Spädbarnsutrustning"),
    "umgangesresor": gettext_lazy("Umgängesresor"),
    "other": gettext_lazy("Annat behov"),
}
HOUSEHOLD_LABELS = {
    "ensam": gettext_lazy("Ensamstående utan barn"),
    "ensam_barn": gettext_lazy("Ensamstående med barn"),
    "par": gettext_lazy("Sammanboende utan barn"),
    "par_barn": gettext_lazy("Sammanboende med barn"),
}
WORK_LABELS = {
    "registered_af": gettext_lazy("Inskriven hos Arbetsförmedlingen"),
}


def sla_due(received_at: datetime) -> datetime:
    """Decision due by the end of the n:th working day after the application came in (n from the
    municipality's SLA, municipality.yaml `sla.decision_working_days`; the example: 1)."""
    due_day = decision_due_day(
        timezone.localtime(received_at).date(), settings.MUNICIPALITY.sla_decision_working_days
    )
    return timezone.make_aware(datetime.combine(due_day, time(23, 59, 59)))


@dataclass(frozen=True)
class QueueRow:
    kind: str  # "application" or a contributed item's kind ("appeal", "message" …)
    kind_label: str
    title: str
    url: str
    case_number: str
    received_at: datetime
    due_at: datetime | None
    overdue: bool
    channel: str
    channel_label: str
    reasons: tuple[str, ...]
    reason_codes: tuple[str, ...] = ()
    application_kind: str = ""  # "new" / "recurring" for applications
    application_id: int | None = None
    claimed_by_id: int | None = None
    claimed_by_label: str = ""
    escalated: bool = False
    household: str = ""  # a HOUSEHOLD_LABELS code, for applications
    household_label: str = ""


AGE_CHOICES = (
    ("1", gettext_lazy("Minst 1 dygn")),
    ("3", gettext_lazy("Minst 3 dygn")),
    ("7", gettext_lazy("Minst 7 dygn")),
)
SORT_CHOICES = (
    ("frist", gettext_lazy("Senast klart, först")),
    ("nyast", gettext_lazy("Senast inkommen, först")),
    ("orsak", gettext_lazy("Orsak")),
    ("kanal", gettext_lazy("Kanal")),
    ("handlaggare", gettext_lazy("Handläggare")),
    ("arende", gettext_lazy("Ärendenummer")),
)
PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueFilters:
    reason: str = ""
    channel: str = ""
    kind: str = ""
    household: str = ""  # a HOUSEHOLD_LABELS code
    overdue: bool = False
    claimed_by_id: int | None = None  # "Bara mina ärenden"
    worker: str = ""  # "" all, "ingen" unclaimed, or a user id
    min_age_days: int = 0
    sort: str = "frist"
    page: int = 1

    @classmethod
    def from_query(cls, query: Any, user_id: int | None = None) -> QueueFilters:
        age = str(query.get("alder", ""))
        sort = str(query.get("sortera", "frist"))
        worker = str(query.get("handlaggare", ""))
        household = str(query.get("hushall", ""))
        try:
            page = max(1, int(str(query.get("sida", "1"))))
        except ValueError:
            page = 1
        return cls(
            reason=reason_catalogue.canonical(str(query.get("orsak", ""))),
            channel=str(query.get("kanal", "")),
            kind=str(query.get("typ", "")),
            household=household if household in HOUSEHOLD_LABELS else "",
            overdue=query.get("forsenade") == "ja",
            claimed_by_id=user_id if query.get("mina") == "ja" else None,
            worker=worker if worker == "ingen" or worker.isdigit() else "",
            min_age_days=int(age) if age in {code for code, _ in AGE_CHOICES} else 0,
            sort=sort if sort in {code for code, _ in SORT_CHOICES} else "frist",
            page=min(page, 100_000),
        )

    @property
    def active(self) -> bool:
        return bool(
            self.reason
            or self.channel
            or self.kind
            or self.household
            or self.overdue
            or self.claimed_by_id
            or self.worker
            or self.min_age_days
        )

    def query(self, **changes: Any) -> str:
        """The query string of these filters (for sort links and paging), with changes."""
        values = {
            "orsak": self.reason,
            "kanal": self.channel,
            "typ": self.kind,
            "hushall": self.household,
            "forsenade": "ja" if self.overdue else "",
            "mina": "ja" if self.claimed_by_id else "",
            "handlaggare": self.worker,
            "alder": str(self.min_age_days or ""),
            "sortera": self.sort if self.sort != "frist" else "",
            "sida": str(self.page) if self.page > 1 else "",
        }
        values.update({k: str(v) for k, v in changes.items()})
        return urlencode({k: v for k, v in values.items() if v})

    def accepts(self, row: QueueRow, now: datetime | None = None) -> bool:
        if self.reason and self.reason not in row.reason_codes and self.reason != row.kind:
            return False
        if self.channel and row.channel != self.channel:
            return False
        if self.kind and row.application_kind != self.kind:
            return False
        if self.household and row.household != self.household:
            return False
        if self.claimed_by_id is not None and row.claimed_by_id != self.claimed_by_id:
            return False
        if self.worker == "ingen" and row.claimed_by_id is not None:
            return False
        if self.worker.isdigit() and row.claimed_by_id != int(self.worker):
            return False
        if self.min_age_days and row.received_at > (now or timezone.now()) - timedelta(
            days=self.min_age_days
        ):
            return False
        return not (self.overdue and not row.overdue)


def claim_for(*, application_id: int) -> Claim | None:
    return Claim.objects.select_related("claimed_by").filter(application_id=application_id).first()


def application_rows(*, now: datetime | None = None) -> list[QueueRow]:
    """Every application in the queue as a row, due first (for the demo check and the tests;
    the queue page reads one page, see queue_page)."""
    now = now or timezone.now()
    ids = list(_queue_base().order_by("received", "pk").values_list("pk", flat=True))
    rows = _application_rows(ids, now)
    return [rows[pk] for pk in ids if pk in rows]


def contributed_rows(*, now: datetime | None = None) -> list[QueueRow]:
    now = now or timezone.now()
    rows = []
    for item in core_queue.contributed_items():
        due = item.due_at or sla_due(item.received_at)
        rows.append(
            QueueRow(
                kind=item.kind,
                kind_label=item.kind_label,
                title=item.title,
                url=item.url,
                case_number=item.case_number,
                received_at=item.received_at,
                due_at=due,
                overdue=due < now,
                channel=item.channel,
                channel_label=str(CHANNEL_LABELS.get(item.channel, item.channel)),
                reasons=tuple(item.reasons),
            )
        )
    return rows


def queue_rows(
    *, filters: QueueFilters | None = None, now: datetime | None = None
) -> list[QueueRow]:
    """The shared queue, most urgent first (due time, then received time)."""
    now = now or timezone.now()
    rows = application_rows(now=now) + contributed_rows(now=now)
    if filters is not None:
        rows = [r for r in rows if filters.accepts(r)]
    far = datetime.max.replace(year=9000, tzinfo=UTC)
    return sorted(rows, key=lambda r: (r.due_at or far, r.received_at))


@dataclass(frozen=True)
class QueueGroup:
    """One case's open items: the lead (its application, else its most urgent item) and the
    others (e.g. messages in the same case), shown under it."""

    lead: QueueRow
    others: tuple[QueueRow, ...] = ()


@dataclass(frozen=True)
class WorkerLoad:
    user_id: int
    label: str
    claimed: int
    overdue: int


@dataclass
class QueuePage:
    groups: list[QueueGroup]
    matching: int  # cases matching the filters
    page: int
    pages: int
    waiting: int  # open items nobody has taken (the header count)
    waiting_overdue: int
    claimed: int
    reason_choices: list[tuple[str, str]]
    workers: list[WorkerLoad]

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


_FAR = datetime.max.replace(year=9000, tzinfo=UTC)


def decider_choices() -> list[tuple[int, str]]:
    """Staff who may take applications (for the enhetschef's assignment), by name."""
    from bistand.accounts.models import Role, User

    users = (
        User.objects.filter(is_active=True, role__in=[Role.EKONOMISEKRETERARE, Role.ENHETSCHEF])
        .order_by("display_name", "username")
        .values_list("pk", "display_name", "username")
    )
    return [(pk, display_name or username) for pk, display_name, username in users]


def decider_by_id(value: str) -> Any:
    from bistand.accounts.models import Role, User

    if not value.isdigit():
        return None
    return User.objects.filter(
        pk=int(value), is_active=True, role__in=[Role.EKONOMISEKRETERARE, Role.ENHETSCHEF]
    ).first()


# --- The queue page, in the database -----------------------------------------------------------
#
# With 10 000 open applications the page must not read them all (issue 14 item 2, issue 16 item
# 5): the database filters, counts, sorts and pages the applications, and only the page's rows are
# read. The items other apps contribute (messages, appeals, reviews) are few and come from their
# own sources; they are merged into the sorted applications through a window (_merge_page).


def overdue_boundary(now: datetime) -> datetime:
    """An application received before this moment is past its SLA due time at `now`. The due
    day never falls when the received day grows, so one moment separates the two."""
    days = settings.MUNICIPALITY.sla_decision_working_days
    day = timezone.localtime(now).date()
    while _end_of(decision_due_day(day, days)) >= now:
        day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def household_kind(has_partner: Any, children: Any) -> str:
    """The household type of an application's answers (the queue's filter and column)."""
    with_children = isinstance(children, int) and not isinstance(children, bool) and children > 0
    if has_partner is True or has_partner == 1:
        return "par_barn" if with_children else "par"
    return "ensam_barn" if with_children else "ensam"


def _household_q(kind: str) -> Q:
    partner = Q(answers__household__has_partner=True)
    children = Q(answers__household__children_count__gt=0)
    return {
        "ensam": ~partner & ~children,
        "ensam_barn": ~partner & children,
        "par": partner & ~children,
        "par_barn": partner & children,
    }.get(kind, Q())


def _reason_codes(canonical: str) -> list[str]:
    """A reason code and its aliases (the stored rows use both)."""
    known = {*reason_catalogue.REASON_LABELS, *reason_catalogue.ALIASES}
    return sorted(code for code in known if reason_catalogue.canonical(code) == canonical)


def _queue_base() -> QuerySet[Any]:
    """Every application in the queue with its received time. Who has taken it is asked with
    EXISTS (a semi-join) where a filter needs it, and as a column only where a sort or a count
    per worker needs it (`_with_claimer`): a subquery per row costs on 10 000 rows."""
    return (
        application_selectors.applications_in_queue()
        .select_related(None)
        .order_by()
        .annotate(received=Coalesce("submitted_at", "created_at"))
    )


def _claims(**conditions: Any) -> Exists:
    return Exists(Claim.objects.filter(application_id=OuterRef("pk"), **conditions))


def _with_claimer(found: QuerySet[Any]) -> QuerySet[Any]:
    claims = Claim.objects.filter(application_id=OuterRef("pk"))
    annotated: QuerySet[Any] = found.annotate(
        claimed_by=Subquery(claims.values("claimed_by_id")[:1])
    )
    return annotated


def _applications_matching(filters: QueueFilters, now: datetime) -> QuerySet[Any]:
    found = _queue_base()
    if filters.reason:
        condition: Any = decision_selectors.triage_has_reason(_reason_codes(filters.reason))
        without_reasons = ~decision_selectors.triage_has_reasons()
        if filters.reason == "paper_application":
            condition |= Q(channel="paper") & without_reasons
        elif filters.reason == "no_triage":
            condition |= ~Q(channel="paper") & without_reasons
        found = found.filter(condition)
    if filters.channel:
        found = found.filter(channel=filters.channel)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.household:
        found = found.filter(_household_q(filters.household))
    if filters.claimed_by_id is not None:
        found = found.filter(_claims(claimed_by_id=filters.claimed_by_id))
    if filters.worker == "ingen":
        found = found.filter(~_claims())
    elif filters.worker.isdigit():
        found = found.filter(_claims(claimed_by_id=int(filters.worker)))
    if filters.min_age_days:
        found = found.filter(received__lte=now - timedelta(days=filters.min_age_days))
    if filters.overdue:
        found = found.filter(received__lt=overdue_boundary(now))
    return found


@dataclass(frozen=True)
class _Order:
    """One sort order, the same in the database (for applications) and in Python (for the
    merge with the other items): ties are broken by the received time, then by the row."""

    db: list[Any]
    key: Callable[[QueueRow], tuple[Any, ...]]
    annotate: dict[str, Any] = field(default_factory=dict)


def _row_tiebreak(r: QueueRow, newest: bool = False) -> tuple[Any, ...]:
    if r.application_id is None:
        return (1, r.url)
    return (0, -r.application_id if newest else r.application_id)


def _urgent_key(r: QueueRow) -> tuple[Any, ...]:
    return (r.due_at or _FAR, r.received_at, *_row_tiebreak(r))


def _queue_order(sort: str, other_labels: list[str], workers: dict[int, str]) -> _Order:
    by_received: list[Any] = ["received", "pk"]  # = by due time: it grows with the received day
    if sort == "nyast":
        return _Order(
            db=[F("received").desc(), F("pk").desc()],
            key=lambda r: (-r.received_at.timestamp(), *_row_tiebreak(r, newest=True)),
        )
    if sort == "orsak":
        labels = {
            label: rank
            for rank, label in enumerate(
                sorted({*reason_catalogue.REASON_LABELS.values(), _label(""), *other_labels})
            )
        }
        whens = [
            When(
                first_code__isnull=True, channel="paper", then=labels[_label("paper_application")]
            ),
            When(first_code__isnull=True, then=Value(labels[_label("no_triage")])),
            *[
                When(first_code=code, then=Value(labels[_label(code)]))
                for code in sorted({*reason_catalogue.REASON_LABELS, *reason_catalogue.ALIASES})
            ],
        ]
        first_code = decision_selectors.triage_first_reason_code()

        def reason_rank(r: QueueRow) -> int:
            label = _label(r.reason_codes[0]) if r.reason_codes else r.kind_label
            return labels.get(label, len(labels))

        rank = Case(*whens, default=Value(labels[_label("")]), output_field=IntegerField())
        return _Order(
            db=[rank, *by_received],
            key=lambda r: (reason_rank(r), *_urgent_key(r)),
            annotate={"first_code": first_code},
        )
    if sort == "kanal":
        order = sorted(CHANNEL_LABELS, key=lambda code: str(CHANNEL_LABELS[code]))
        channels = {code: n for n, code in enumerate(order)}
        rank = Case(
            *[When(channel=code, then=Value(n)) for code, n in channels.items()],
            default=Value(len(channels)),
            output_field=IntegerField(),
        )
        return _Order(
            db=[rank, *by_received],
            key=lambda r: (channels.get(r.channel, len(channels)), *_urgent_key(r)),
        )
    if sort == "handlaggare":
        ranks = {pk: n for n, pk in enumerate(sorted(workers, key=lambda pk: (workers[pk], pk)))}
        nobody = len(ranks)
        rank = Case(
            *[When(claimed_by=pk, then=Value(n)) for pk, n in ranks.items()],
            default=Value(nobody),
            output_field=IntegerField(),
        )
        return _Order(
            db=[rank, *by_received],
            key=lambda r: (ranks.get(r.claimed_by_id or 0, nobody), *_urgent_key(r)),
        )
    if sort == "arende":
        collation = "C" if connection.vendor == "postgresql" else "BINARY"
        return _Order(
            db=[Collate("case__number", collation), *by_received],
            key=lambda r: (r.case_number, *_urgent_key(r)),
        )
    return _Order(db=by_received, key=_urgent_key)


def _label(code: str) -> str:
    return reason_catalogue.label(code)


def _application_rows(ids: list[int], now: datetime) -> dict[int, QueueRow]:
    """The queue rows of a page's applications: four queries, whatever the page size."""
    if not ids:
        return {}
    in_queue = application_selectors.applications_in_queue().select_related(None).order_by()
    # One query for the page's rows: who has taken each one and whether it is escalated are
    # asked per row of the page (at most a page's worth of index lookups), not in queries of
    # their own.
    claims = Claim.objects.filter(application_id=OuterRef("pk"))
    applications = (
        in_queue.filter(pk__in=ids)
        .annotate(
            claimer_id=Subquery(claims.values("claimed_by_id")[:1]),
            claimer_name=Subquery(claims.values("claimed_by__display_name")[:1]),
            claimer_username=Subquery(claims.values("claimed_by__username")[:1]),
            is_escalated=Exists(Escalation.objects.filter(application_id=OuterRef("pk"))),
        )
        .values_list(
            "pk",
            "kind",
            "month",
            "channel",
            "submitted_at",
            "created_at",
            "case__number",
            "answers__household__has_partner",
            "answers__household__children_count",
            "claimer_id",
            "claimer_name",
            "claimer_username",
            "is_escalated",
        )
    )
    reasons = decision_selectors.triage_reasons(application_ids=ids)
    title = _("Ansökan för %(month)s")
    rows = {}
    for (
        pk,
        kind,
        month,
        channel,
        submitted,
        created,
        number,
        partner,
        children,
        claimer_id,
        claimer_name,
        claimer_username,
        is_escalated,
    ) in applications:
        received = submitted or created
        due = sla_due(received)
        found = reason_catalogue.merged(
            list(reasons.get(pk) or []), translate=True
        ) or reason_catalogue.fallback(channel=channel, translate=True)
        claim = (claimer_id, claimer_name or claimer_username) if claimer_id else None
        household = household_kind(partner, children)
        rows[pk] = QueueRow(
            kind="application",
            kind_label=str(KIND_LABELS.get(kind, kind)),
            title=title % {"month": citizen_month(month)},  # as elsewhere: "december 2026"
            url=f"/handlaggning/ansokan/{pk}/",
            case_number=number,
            received_at=received,
            due_at=due,
            overdue=due < now,
            channel=channel,
            channel_label=str(CHANNEL_LABELS.get(channel, channel)),
            reasons=tuple(r.get("text", "") for r in found),
            reason_codes=tuple(r.get("code", "") for r in found),
            application_kind=kind,
            application_id=pk,
            claimed_by_id=claim[0] if claim else None,
            claimed_by_label=claim[1] if claim else "",
            escalated=bool(is_escalated),
            household=household,
            household_label=str(HOUSEHOLD_LABELS[household]),
        )
    return rows


def _merge_page(
    *,
    applications: QuerySet[Any],
    total: int,
    order: _Order,
    others: list[QueueGroup],
    offset: int,
    size: int,
    now: datetime,
) -> list[tuple[QueueRow | None, QueueGroup | None]]:
    """The places [offset, offset + size) of the applications (sorted and sliced by the
    database) merged with the other groups (m of them, sorted by the same key in Python).

    Reads a window of at most size + m applications: an application on the page has at most m
    groups before it, so it is in the window; a group's place is its rank among the
    applications (counted in the window) plus the groups before it. Returns the page's items
    in order: an application row or another group."""
    m = len(others)
    low = max(0, offset - m)
    high = offset + size
    ids = list(applications.order_by(*order.db).values_list("pk", flat=True)[low:high])
    rows = _application_rows(ids, now)
    window = [rows[pk] for pk in ids if pk in rows]
    keys = [order.key(r) for r in window]
    other_keys = [order.key(g.lead) for g in others]
    placed: list[tuple[int, QueueRow | None, QueueGroup | None]] = []
    for i, (row, key) in enumerate(zip(window, keys, strict=True)):
        placed.append((low + i + sum(1 for k in other_keys if k < key), row, None))
    for n, (group, key) in enumerate(zip(others, other_keys, strict=True)):
        if not window:
            rank = total
        else:
            inside = sum(1 for k in keys if k < key)
            if low > 0 and inside == 0:
                continue  # before the window, so before the page
            if inside == len(window) and low + len(window) < total:
                continue  # after the window, so after the page
            rank = low + inside
        placed.append((rank + n, None, group))
    placed.sort(key=lambda p: p[0])
    return [(row, group) for position, row, group in placed if offset <= position < high]


def _worker_loads(base: QuerySet[Any], boundary: datetime) -> list[WorkerLoad]:
    counts = {
        user_id: (claimed, overdue)
        for user_id, claimed, overdue in _with_claimer(base.filter(_claims()))
        .values("claimed_by")
        .annotate(
            n=Count("pk"),
            late=Count("pk", filter=Q(received__lt=boundary)),
        )
        .values_list("claimed_by", "n", "late")
    }
    return [
        WorkerLoad(
            user_id=user_id,
            label=label,
            claimed=counts.get(user_id, (0, 0))[0],
            overdue=counts.get(user_id, (0, 0))[1],
        )
        for user_id, label in decider_choices()
    ]


def queue_page(
    *,
    filters: QueueFilters,
    now: datetime | None = None,
    page_size: int = PAGE_SIZE,
    with_workers: bool = False,
) -> QueuePage:
    """One page of the queue: filtered, sorted and paged by the database, other items of a case
    grouped under its application. The header counts leave out items someone has taken. A
    fixed number of queries, and only the page's rows are read, whatever the number of items."""
    now = now or timezone.now()
    boundary = overdue_boundary(now)
    base = _queue_base()
    overdue = Q(received__lt=boundary)
    counts = base.aggregate(  # one query: the claims asked once per queued row (a semi-join)
        all=Count("pk"),
        overdue=Count("pk", filter=overdue),
        claimed=Count("pk", filter=Q(_claims())),
        claimed_overdue=Count("pk", filter=overdue & Q(_claims())),
    )
    header = {
        "all": counts["all"],
        "claimed": counts["claimed"],
        "waiting_overdue": counts["overdue"] - counts["claimed_overdue"],
    }
    contributed = contributed_rows(now=now)
    matching_others = [r for r in contributed if filters.accepts(r, now)]
    applications = _applications_matching(filters, now)
    total = applications.count() if filters.active else header["all"]

    workers_by_id: dict[int, str] = {}
    if filters.sort == "handlaggare":
        workers_by_id = dict(
            Claim.objects.values_list("claimed_by_id", "claimed_by__display_name")
            .distinct()
            .order_by()
        )
        for pk, username in User.objects.filter(pk__in=list(workers_by_id)).values_list(
            "pk", "username"
        ):
            workers_by_id[pk] = workers_by_id[pk] or username
    order = _queue_order(filters.sort, sorted({r.kind_label for r in contributed}), workers_by_id)
    if filters.sort == "handlaggare":
        applications = _with_claimer(applications)
    if order.annotate:
        applications = applications.annotate(**order.annotate)

    # Other items whose case has a matching application go under it; the rest group by case.
    under: dict[int, list[QueueRow]] = defaultdict(list)
    lead_of_case: dict[str, int] = {}
    numbers = {r.case_number for r in matching_others if r.case_number}
    if numbers:
        for number, pk in (
            applications.filter(case__number__in=numbers)
            .order_by(*order.db)
            .values_list("case__number", "pk")
        ):
            lead_of_case.setdefault(number, pk)
    by_case: dict[str, list[QueueRow]] = {}
    for row in sorted(matching_others, key=order.key):
        if row.case_number in lead_of_case:
            under[lead_of_case[row.case_number]].append(row)
        else:
            by_case.setdefault(row.case_number or row.url, []).append(row)
    others = [QueueGroup(lead=items[0], others=tuple(items[1:])) for items in by_case.values()]
    others.sort(key=lambda g: order.key(g.lead))

    matching = total + len(others)
    pages = max(1, -(-matching // page_size))
    page = min(filters.page, pages)
    items = _merge_page(
        applications=applications,
        total=total,
        order=order,
        others=others,
        offset=(page - 1) * page_size,
        size=page_size,
        now=now,
    )
    groups: list[QueueGroup] = []
    for application_row, other_group in items:
        if other_group is not None:
            groups.append(other_group)
        elif application_row is not None:
            below = tuple(under.get(application_row.application_id or 0, ()))
            groups.append(QueueGroup(lead=application_row, others=below))
    waiting_others = len(contributed)
    return QueuePage(
        groups=groups,
        matching=matching,
        page=page,
        pages=pages,
        waiting=header["all"] - header["claimed"] + waiting_others,
        waiting_overdue=header["waiting_overdue"] + sum(1 for r in contributed if r.overdue),
        claimed=header["claimed"],
        reason_choices=reason_choices(contributed),
        workers=_worker_loads(base, boundary) if with_workers else [],
    )


def reason_choices(contributed: list[QueueRow]) -> list[tuple[str, str]]:
    """Every routing reason in Swedish (merged with its aliases) and the kinds of the other
    items in the queue, for the filter."""
    found = {
        code: reason_catalogue.label(code, translate=True)
        for code in reason_catalogue.REASON_LABELS
    }
    for row in contributed:
        found.setdefault(row.kind, row.kind_label)
    return sorted(found.items(), key=lambda item: item[1])


def next_unclaimed_application_ids(*, now: datetime | None = None, limit: int = 50) -> list[int]:
    """Unclaimed applications in the queue, due first: what "Nästa ärende" hands out."""
    return list(
        _queue_base()
        .filter(~_claims())
        .order_by("received", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def overdue_unescalated(*, now: datetime | None = None) -> list[QueueRow]:
    """Applications in the queue past their due time and not yet escalated."""
    now = now or timezone.now()
    ids = list(
        _queue_base()
        .filter(received__lt=overdue_boundary(now))
        .exclude(pk__in=Escalation.objects.values("application_id"))
        .order_by("received", "pk")
        .values_list("pk", flat=True)
    )
    rows = _application_rows(ids, now)
    return [rows[pk] for pk in ids if pk in rows]


def escalations() -> list[Escalation]:
    """Escalations of applications that are still in the queue, oldest due first."""
    in_queue = application_selectors.applications_in_queue().order_by().values("pk")
    return list(Escalation.objects.filter(application_id__in=in_queue).order_by("due_at"))


# --- The case view -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    member_label: str
    declared: str
    register: str
    differs: bool
    compared: bool = True
    """False when the registers have nothing to compare with (a child's income, no consent):
    the row says "Uppgift saknas", never "Skiljer sig" or "Samma"."""


@dataclass
class CaseFile:
    application: Any
    case: Any
    reasons: list[dict[str, str]]
    robot_calculation: Calculation | None
    rules_input: dict[str, Any]
    comparison: list[ComparisonRow]
    register_notes: list[str]
    events: list[Any]
    journal: list[JournalEntry]
    completion_requests: list[CompletionRequest]
    claim: Claim | None
    decision: Decision | None
    needs: list[dict[str, str]] = field(default_factory=list)
    # Nödprövningar in the case; those not yet followed up are followed up by this decision.
    emergencies: list[dict[str, Any]] = field(default_factory=list)

    @property
    def emergencies_open(self) -> list[dict[str, Any]]:
        return [e for e in self.emergencies if not e["followed_up"]]


EFFECT_LABELS = {
    "add": gettext_lazy("Räknas med"),
    "subtract": gettext_lazy("Dras av"),
    "info": gettext_lazy("Upplysning"),
}


def calculation_lines(output: dict[str, Any]) -> list[dict[str, str]]:
    """The rules engine's lines for a staff table: text, amount and what the amount does."""
    return [
        {
            "text": str(line.get("text") or line.get("what", "")),
            # A line that only explains and has no amount (another household in the home)
            # shows no figure, never "0 kr".
            "amount_display": ""
            if line.get("effect") == "info" and Decimal(str(line.get("amount", "0"))) == 0
            else kronor(line.get("amount", "0")),
            "effect_label": str(EFFECT_LABELS.get(str(line.get("effect", "")), "")),
        }
        for line in output.get("lines", [])
    ]


def declared_vs_register(
    rules_input: dict[str, Any],
    register_snapshot: dict[str, Any],
    declared_situations: dict[str, str] | None = None,
) -> tuple[list[ComparisonRow], list[str]]:
    """Income per type per adult member as declared and as the registers report it, and the
    register facts a case worker weighs (AF registration, sources that did not answer)."""
    from bistand.registers.types import AfData, RegisterSnapshot, Source

    declared: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for income in rules_input.get("incomes", []):
        declared[(income["member"], income["type"])] += Decimal(str(income["amount"]))
    registered: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    notes: list[str] = []
    af_rows: list[ComparisonRow] = []
    members = {"a1"} | {m["id"] for m in rules_input.get("household", []) if m["role"] == "partner"}
    unanswered: dict[str, frozenset[str]] = {}
    for member, data in sorted(register_snapshot.items()):
        snapshot = RegisterSnapshot.from_json(data)
        members.add(member)
        unanswered[member] = register_selectors.unanswered_income_types(snapshot)
        for income_type, amount in snapshot.income_totals().items():
            registered[(member, income_type)] += amount
        who = member_label(member)
        af = snapshot.results.get(Source.AF)
        if af is not None and af.ok and isinstance(af.data, AfData):
            declared_af = (declared_situations or {}).get(member, "") == "registered_af"
            af_rows.append(
                ComparisonRow(
                    label=_("Inskriven hos Arbetsförmedlingen"),
                    member_label=who,
                    declared=_("Ja") if declared_af else _("Nej"),
                    register=_("Ja") if af.data.registered else _("Nej"),
                    differs=declared_af != af.data.registered,
                )
            )
            if not af.data.registered:
                af_note = _("%(who)s: inte inskriven hos Arbetsförmedlingen.")
            elif af.data.active_plan:
                af_note = _("%(who)s: inskriven hos Arbetsförmedlingen med aktiv planering.")
            else:
                af_note = _("%(who)s: inskriven hos Arbetsförmedlingen utan aktiv planering.")
            notes.append(af_note % {"who": who})
        for source in snapshot.unavailable:
            notes.append(
                _("%(who)s: %(source)s svarade inte. Uppgifterna saknas.")
                % {"who": who, "source": Source(source).value}
            )
    if not register_snapshot:
        notes.append(_("Inga uppgifter hämtades från andra myndigheter (samtycke saknas)."))
    rows = []
    for member, income_type in sorted(set(declared) | set(registered)):
        d = declared.get((member, income_type), Decimal("0"))
        r = registered.get((member, income_type), Decimal("0"))
        # Only the people the registers were asked about can differ from them: a child's own
        # income (never fetched) showed "Skiljer sig" against a 0 kr that was no answer at all.
        # Nor can an adult's income whose source did not answer: 0 kr there is no answer either.
        fetched = member in register_snapshot and income_type not in unanswered.get(
            member, frozenset()
        )
        rows.append(
            ComparisonRow(
                label=_comparison_income_label(member, income_type),
                member_label=member_label(member),
                declared=kronor(d),
                register=kronor(r) if fetched else _("Uppgift saknas"),
                differs=fetched and d != r,
                compared=fetched,
            )
        )
    return af_rows + rows, notes


# A child's income named as the application names it ("Barnpension", not "Pension" beside it).
CHILD_INCOME_LABELS = {"pension": gettext_lazy("Barnpension")}


def _comparison_income_label(member: str, income_type: str) -> str:
    if member.startswith("c") and income_type in CHILD_INCOME_LABELS:
        return str(CHILD_INCOME_LABELS[income_type])
    return _(income_label(income_type))


def case_file(*, application_id: int) -> CaseFile | None:
    """Everything the case view shows for one application (access is checked by the caller)."""
    try:
        application = application_selectors.application_by_id(application_id=application_id)
    except ObjectDoesNotExist:
        return None
    triage = decision_selectors.triage_for_application(application_id=application_id)
    calculation = decision_selectors.robot_calculation(application_id=application_id)
    rules_input = (
        dict(calculation.input) if calculation is not None else to_rules_input(application)
    )
    snapshot = dict(calculation.register_snapshot) if calculation is not None else {}
    situations = {
        member: work.situation
        for member, work in Answers.from_json(application.answers).work.by_member.items()
    }
    comparison, notes = declared_vs_register(rules_input, snapshot, situations)
    needs = [
        {
            "id": str(need["id"]),
            "label": str(NEED_LABELS.get(str(need.get("kind")), str(need.get("kind")))),
            "amount": str(need["amount"]),
            "amount_display": kronor(need["amount"]),
        }
        for need in rules_input.get("other_needs", [])
    ]
    return CaseFile(
        application=application,
        case=application.case,
        reasons=(
            reason_catalogue.merged(list(triage.reasons), translate=True)
            if triage and triage.reasons
            else []
            if triage and triage.automated
            else reason_catalogue.fallback(channel=application.channel, translate=True)
        ),
        robot_calculation=calculation,
        rules_input=rules_input,
        comparison=comparison,
        register_notes=notes,
        events=list(case_selectors.events_for_case(case_id=application.case_id)),
        journal=list(journal_for_case(case_id=application.case_id)),
        completion_requests=list(
            CompletionRequest.objects.filter(application_id=application_id).select_related(
                "requested_by"
            )
        ),
        claim=claim_for(application_id=application_id),
        decision=decision_selectors.original_decision_for_application(
            application_id=application_id
        ),
        needs=needs,
        emergencies=emergency_rows(case_id=application.case_id),
    )


def emergency_rows(*, case_id: int) -> list[dict[str, Any]]:
    """The case's nödprövningar for the case worker, newest first."""
    rows = []
    for emergency in decision_selectors.emergencies_for_case(case_id=case_id):
        follow_up = getattr(emergency, "follow_up", None)
        rows.append(
            {
                "pk": emergency.pk,
                "decided_on": f"{timezone.localtime(emergency.decided_at):%Y-%m-%d}",
                "need": emergency.need_label,
                "applied": kronor(emergency.applied),
                "amount": kronor(emergency.amount),
                "outcome": emergency.get_outcome_display(),
                "decided_by": emergency.decided_by_label,
                "followed_up": follow_up is not None,
                "followed_up_on": f"{timezone.localtime(follow_up.at):%Y-%m-%d}"
                if follow_up is not None
                else "",
            }
        )
    return rows


def emergency_view(*, user: User, emergency_id: int) -> dict[str, Any] | None:
    """The nödprövning page: the decision, its payment and its letter (the read is logged)."""
    from bistand.audit.models import AccessAction
    from bistand.audit.services import access_log_record
    from bistand.core.emergency import MEANS_LABELS
    from bistand.decisions.letters import letter_article
    from bistand.payments import selectors as payment_selectors

    emergency = decision_selectors.emergency_by_id(emergency_id=emergency_id)
    if emergency is None:
        return None
    case = case_selectors.case_by_id(case_id=emergency.case_id)
    access_log_record(
        user=user,
        action=AccessAction.READ,
        object_type="emergency_decision",
        object_id=emergency.pk,
        reason="Handläggning av ansökan om ekonomiskt bistånd",
        case_number=case.number if case else "",
        subject=(emergency.person.personnummer or ""),
    )
    payment = payment_selectors.emergency_payment_for(emergency_id=emergency.pk)
    letter = decision_selectors.standalone_letter_of(kind="nodprovning", object_id=emergency.pk)
    return {
        "emergency": emergency,
        "case": case,
        "amount": kronor(emergency.amount),
        "applied": kronor(emergency.applied),
        "payment": payment,
        "payment_means": MEANS_LABELS.get(payment.means, payment.means) if payment else "",
        "letter": letter,
        "article": letter_article(emergency.letter_html),
        "follow_up": getattr(emergency, "follow_up", None),
    }


def journal_for_case(*, case_id: int) -> list[JournalEntry]:
    return list(JournalEntry.objects.filter(case_id=case_id).select_related("amends"))


def completion_requests_for_case(
    *, case_id: int, today: date | None = None
) -> list[dict[str, Any]]:
    """For Min sida: what the citizen has been asked to send, and by when."""
    today = today or timezone.localdate()
    return [
        {"text": r.text, "due_date": r.due_date, "overdue": r.due_date < today}
        for r in completion_request_rows(case_id=case_id)
    ]


def completion_request_rows(*, case_id: int) -> QuerySet[CompletionRequest]:
    """The case's completion requests as a query (Min sida asks whether there are any)."""
    return CompletionRequest.objects.filter(case_id=case_id)


def kommunicering_rows(*, case_id: int) -> QuerySet[Kommunicering]:
    """The case's kommuniceringar as a query (Min sida asks whether there are any)."""
    return Kommunicering.objects.filter(case_id=case_id)


def kommuniceringar_for_case(*, case_id: int) -> list[Kommunicering]:
    """Kommuniceringar (FL 25 §) of the case, newest first."""
    return list(kommunicering_rows(case_id=case_id).order_by("-sent_at", "-pk"))


def kommuniceringar_for_application(*, application_id: int) -> list[Kommunicering]:
    return list(Kommunicering.objects.filter(application_id=application_id).order_by("sent_at"))


def kommunicering_by_id(*, kommunicering_id: int) -> Kommunicering | None:
    return Kommunicering.objects.filter(pk=kommunicering_id).first()


def register_income_totals(register_snapshot: dict[str, Any]) -> dict[tuple[str, str], Decimal]:
    """Income per (member, type) as the registers report it; {} when nothing was fetched."""
    from bistand.registers.types import RegisterSnapshot

    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for member, data in register_snapshot.items():
        for income_type, amount in RegisterSnapshot.from_json(data).income_totals().items():
            totals[(member, income_type)] += amount
    return dict(totals)


@dataclass(frozen=True)
class LedgerView:
    """The case's jobbstimulans ledger (12 kap. 8 § SoL 2025:400) for the case worker: the
    period, this month's standing and every month counted, with the months that broke a run."""

    start: str
    end: str
    active_this_month: bool
    months: list[dict[str, Any]]
    breaks: list[dict[str, Any]]
    run: int
    law: str


def jobbstimulans_ledger_view(*, application: Any) -> LedgerView | None:
    """The ledger the automated function uses for this application's month (None without any
    granted month before it)."""
    from bistand.core.format import month_label
    from bistand.decisions.pipeline import jobbstimulans_ledger_of
    from bistand.rules.citations import NEW_LAW_FROM

    ledger = jobbstimulans_ledger_of(application)
    if ledger is None:
        return None

    def label(ym: tuple[int, int] | None) -> str:
        return month_label(date(ym[0], ym[1], 1)) if ym is not None else ""

    month = (application.month.year, application.month.month)
    active = (
        ledger.start is not None and ledger.end is not None and ledger.start <= month <= ledger.end
    )
    months = [
        {
            "label": label(e.month),
            "granted": e.granted,
            "run": e.run,
            "note": e.note,
            "breaks_run": e.breaks_run,
        }
        for e in reversed(ledger.entries)
    ]
    return LedgerView(
        start=label(ledger.start),
        end=label(ledger.end),
        active_this_month=active,
        months=months,
        breaks=[m for m in months if m["breaks_run"]],
        run=ledger.entries[-1].run if ledger.entries else 0,
        # The month's law: 12 kap. 8 § SoL (2025:400) from July 2025, 4 kap. 1 b § before.
        law=_("12 kap. 8 § socialtjänstlagen (2025:400)")
        if application.month >= NEW_LAW_FROM
        else _("4 kap. 1 b § socialtjänstlagen (2001:453)"),
    )


def guideline_rent_max(rules_input: dict[str, Any]) -> Decimal | None:
    """The municipality's highest rent for the household in `rules_input` (kronor), or None."""
    from bistand import rules
    from bistand.rules.law.skaliga_kostnader import guideline_rent_max as rent_max
    from bistand.rules.money import ore_to_decimal

    try:
        ore = rent_max(rules.HouseholdInput.from_dict(rules_input))
    except rules.InputError:
        return None
    return ore_to_decimal(ore) if ore is not None else None


def prepared_decision_material(*, application: Any) -> list[PreparedMaterial]:
    """What other apps prepared for this decision (the aktivitetskrav decision planning
    prepared, docs/adr/0211), through the hook in cases: casework never imports planning."""
    return prepared_material_for(case_id=application.case_id, month=application.month)
