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
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from bistand.applications import selectors as application_selectors
from bistand.applications.answers import Answers, to_rules_input
from bistand.cases import selectors as case_selectors
from bistand.core import queue as core_queue
from bistand.core.format import kronor
from bistand.core.workdays import decision_due_day
from bistand.decisions import reasons as reason_catalogue
from bistand.decisions.models import Calculation, Decision, Triage
from bistand.rules.income_types import income_label

from .models import Claim, CompletionRequest, Escalation, JournalEntry, Kommunicering

CHANNEL_LABELS = {"digital": _l("E-tjänst"), "paper": _l("Pappersansökan")}
KIND_LABELS = {"new": _l("Nyansökan"), "recurring": _l("Fortsatt ansökan")}
MEMBER_LABELS = {"a1": _l("Sökande"), "p1": _l("Sambo eller make/maka")}
NEED_LABELS = {
    "tandvard": _l("Tandvård"),
    "lakarvard": _l("Läkarvård och medicin"),
    "medicin": _l("Medicin"),
    "glasogon": _l("Glasögon"),
    "barnomsorg": _l("Barnomsorg"),
    "hemutrustning": _l("Hemutrustning"),
    "flyttkostnad": _l("Flyttkostnad"),
    "spadbarnsutrustning": _l("Spädbarnsutrustning"),
    "umgangesresor": _l("Umgängesresor"),
    "other": _l("Annat behov"),
}
WORK_LABELS = {
    "registered_af": _l("Inskriven hos Arbetsförmedlingen"),
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


AGE_CHOICES = (("1", _l("Minst 1 dygn")), ("3", _l("Minst 3 dygn")), ("7", _l("Minst 7 dygn")))
SORT_CHOICES = (
    ("frist", _l("Senast klart, först")),
    ("nyast", _l("Senast inkommen, först")),
    ("orsak", _l("Orsak")),
    ("kanal", _l("Kanal")),
    ("handlaggare", _l("Handläggare")),
    ("arende", _l("Ärendenummer")),
)
PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueFilters:
    reason: str = ""
    channel: str = ""
    kind: str = ""
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
        try:
            page = max(1, int(str(query.get("sida", "1"))))
        except ValueError:
            page = 1
        return cls(
            reason=reason_catalogue.canonical(str(query.get("orsak", ""))),
            channel=str(query.get("kanal", "")),
            kind=str(query.get("typ", "")),
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


def triage_reasons(*, application_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    return {
        t.application_id: list(t.reasons)
        for t in Triage.objects.filter(application_id__in=application_ids)
    }


def claims_by_application(*, application_ids: list[int]) -> dict[int, Claim]:
    return {
        c.application_id: c
        for c in Claim.objects.select_related("claimed_by").filter(
            application_id__in=application_ids
        )
    }


def claim_for(*, application_id: int) -> Claim | None:
    return Claim.objects.select_related("claimed_by").filter(application_id=application_id).first()


def application_rows(*, now: datetime | None = None) -> list[QueueRow]:
    """Every application in the queue as a row. Reads only the columns the queue shows (one
    query each for applications, triage reasons, claims and escalations, the open set as a
    subquery), and works out each received day's due time and each reason list once."""
    now = now or timezone.now()
    in_queue = application_selectors.applications_in_queue()
    applications = list(
        in_queue.values_list(
            "pk", "kind", "month", "channel", "submitted_at", "created_at", "case__number"
        )
    )
    open_ids = in_queue.values("pk")
    reasons = dict(
        Triage.objects.filter(application_id__in=open_ids).values_list("application_id", "reasons")
    )
    claims = {
        application_id: (user_id, display_name or username)
        for application_id, user_id, display_name, username in Claim.objects.filter(
            application_id__in=open_ids
        ).values_list(
            "application_id", "claimed_by_id", "claimed_by__display_name", "claimed_by__username"
        )
    }
    escalated = set(
        Escalation.objects.filter(application_id__in=open_ids).values_list(
            "application_id", flat=True
        )
    )
    title = _("Ansökan för %(month)s")
    kind_labels = {k: str(v) for k, v in KIND_LABELS.items()}
    channel_labels = {k: str(v) for k, v in CHANNEL_LABELS.items()}
    due_by_day: dict[date, datetime] = {}
    reasons_by_key: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    rows = []
    for pk, kind, month, channel, submitted_at, created_at, case_number in applications:
        received = submitted_at or created_at
        day = timezone.localtime(received).date()
        if day not in due_by_day:
            due_by_day[day] = sla_due(received)
        due = due_by_day[day]
        stored = reasons.get(pk) or []
        key = f"{channel}|{stored!r}"
        if key not in reasons_by_key:
            found = reason_catalogue.merged(list(stored)) or reason_catalogue.fallback(
                channel=channel
            )
            reasons_by_key[key] = (
                tuple(r.get("text", "") for r in found),
                tuple(r.get("code", "") for r in found),
            )
        texts, codes = reasons_by_key[key]
        claim = claims.get(pk)
        rows.append(
            QueueRow(
                kind="application",
                kind_label=kind_labels.get(kind, kind),
                title=title % {"month": f"{month:%Y-%m}"},
                url=f"/handlaggning/ansokan/{pk}/",
                case_number=case_number,
                received_at=received,
                due_at=due,
                overdue=due < now,
                channel=channel,
                channel_label=channel_labels.get(channel, channel),
                reasons=texts,
                reason_codes=codes,
                application_kind=kind,
                application_id=pk,
                claimed_by_id=claim[0] if claim else None,
                claimed_by_label=claim[1] if claim else "",
                escalated=pk in escalated,
            )
        )
    return rows


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


def reason_choices(rows: list[QueueRow]) -> list[tuple[str, str]]:
    """The routing reasons (and contributed kinds) that occur, for the filter."""
    found: dict[str, str] = {}
    for row in rows:
        for code in row.reason_codes:
            found.setdefault(code, reason_catalogue.label(code))
        if row.kind != "application":
            found.setdefault(row.kind, row.kind_label)
    return sorted(found.items(), key=lambda item: item[1])


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


def _urgent(r: QueueRow) -> tuple[datetime, datetime]:
    return (r.due_at or _FAR, r.received_at)


def _sort_key(sort: str) -> Callable[[QueueRow], Any]:
    keys: dict[str, Callable[[QueueRow], Any]] = {
        "frist": _urgent,
        "nyast": lambda r: -r.received_at.timestamp(),
        "orsak": lambda r: (
            reason_catalogue.label(r.reason_codes[0]) if r.reason_codes else r.kind_label,
            *_urgent(r),
        ),
        "kanal": lambda r: (r.channel_label, *_urgent(r)),
        "handlaggare": lambda r: (r.claimed_by_label or "~", *_urgent(r)),
        "arende": lambda r: (r.case_number, *_urgent(r)),
    }
    return keys[sort]


def decider_choices() -> list[tuple[int, str]]:
    """Staff who may take applications (for the enhetschef's assignment), by name."""
    from bistand.accounts.models import Role, User

    users = User.objects.filter(
        is_active=True, role__in=[Role.EKONOMISEKRETERARE, Role.ENHETSCHEF]
    ).order_by("display_name", "username")
    return [(u.pk, u.display_name or u.username) for u in users]


def decider_by_id(value: str) -> Any:
    from bistand.accounts.models import Role, User

    if not value.isdigit():
        return None
    return User.objects.filter(
        pk=int(value), is_active=True, role__in=[Role.EKONOMISEKRETERARE, Role.ENHETSCHEF]
    ).first()


def queue_page(
    *,
    filters: QueueFilters,
    now: datetime | None = None,
    page_size: int = PAGE_SIZE,
    with_workers: bool = False,
) -> QueuePage:
    """One page of the queue: filtered, sorted, items of one case grouped under it, paged by
    case. The header counts leave out items someone has taken. A fixed number of queries,
    whatever the number of items."""
    now = now or timezone.now()
    rows = application_rows(now=now) + contributed_rows(now=now)
    waiting = [r for r in rows if r.claimed_by_id is None]
    matching = sorted((r for r in rows if filters.accepts(r, now)), key=_sort_key(filters.sort))
    grouped: dict[str, list[QueueRow]] = {}
    for row in matching:
        grouped.setdefault(row.case_number or row.url, []).append(row)
    groups = []
    for items in grouped.values():
        lead = next((r for r in items if r.kind == "application"), items[0])
        groups.append(QueueGroup(lead=lead, others=tuple(r for r in items if r is not lead)))
    pages = max(1, -(-len(groups) // page_size))
    page = min(filters.page, pages)
    workers: list[WorkerLoad] = []
    if with_workers:
        load: dict[int, list[QueueRow]] = defaultdict(list)
        for row in rows:
            if row.claimed_by_id is not None:
                load[row.claimed_by_id].append(row)
        workers = [
            WorkerLoad(
                user_id=user_id,
                label=label,
                claimed=len(load.get(user_id, [])),
                overdue=sum(1 for r in load.get(user_id, []) if r.overdue),
            )
            for user_id, label in decider_choices()
        ]
    return QueuePage(
        groups=groups[(page - 1) * page_size : page * page_size],
        matching=len(groups),
        page=page,
        pages=pages,
        waiting=len(waiting),
        waiting_overdue=sum(1 for r in waiting if r.overdue),
        claimed=len(rows) - len(waiting),
        reason_choices=reason_choices(rows),
        workers=workers,
    )


def next_unclaimed_application_ids(*, now: datetime | None = None) -> list[int]:
    """Unclaimed applications in the queue, oldest due first: what "Nästa ärende" hands out."""
    return [
        row.application_id
        for row in application_rows(now=now)
        if row.application_id is not None and row.claimed_by_id is None
    ]


def overdue_unescalated(*, now: datetime | None = None) -> list[QueueRow]:
    return [r for r in application_rows(now=now) if r.overdue and not r.escalated]


def escalations() -> list[Escalation]:
    """Escalations of applications that are still in the queue, oldest due first."""
    in_queue = {a.pk for a in application_selectors.applications_in_queue()}
    return [e for e in Escalation.objects.order_by("due_at") if e.application_id in in_queue]


# --- The case view -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    member_label: str
    declared: str
    register: str
    differs: bool


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


EFFECT_LABELS = {"add": _l("Räknas med"), "subtract": _l("Dras av"), "info": _l("Upplysning")}


def calculation_lines(output: dict[str, Any]) -> list[dict[str, str]]:
    """The rules engine's lines for a staff table: text, amount and what the amount does."""
    return [
        {
            "text": str(line.get("text") or line.get("what", "")),
            "amount_display": kronor(line.get("amount", "0")),
            "effect_label": str(EFFECT_LABELS.get(str(line.get("effect", "")), "")),
        }
        for line in output.get("lines", [])
    ]


def robot_calculation(*, application_id: int) -> Calculation | None:
    triage = Triage.objects.select_related("calculation").filter(application_id=application_id)
    found = triage.first()
    if found is not None and found.calculation is not None:
        return found.calculation
    return Calculation.objects.filter(application_id=application_id).order_by("pk").first()


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
    for member, data in sorted(register_snapshot.items()):
        snapshot = RegisterSnapshot.from_json(data)
        members.add(member)
        for income_type, amount in snapshot.income_totals().items():
            registered[(member, income_type)] += amount
        who = str(MEMBER_LABELS.get(member, member))
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
        rows.append(
            ComparisonRow(
                label=_(income_label(income_type)),
                member_label=str(MEMBER_LABELS.get(member, member)),
                declared=kronor(d),
                register=kronor(r) if register_snapshot else _("Uppgift saknas"),
                differs=bool(register_snapshot) and d != r,
            )
        )
    return af_rows + rows, notes


def case_file(*, application_id: int) -> CaseFile | None:
    """Everything the case view shows for one application (access is checked by the caller)."""
    try:
        application = application_selectors.application_by_id(application_id=application_id)
    except ObjectDoesNotExist:
        return None
    triage = Triage.objects.filter(application_id=application_id).first()
    calculation = robot_calculation(application_id=application_id)
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
            reason_catalogue.merged(list(triage.reasons))
            if triage and triage.reasons
            else []
            if triage and triage.automated
            else reason_catalogue.fallback(channel=application.channel)
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
        decision=Decision.objects.filter(
            application_id=application_id, supersedes__isnull=True
        ).first(),
        needs=needs,
    )


def journal_for_case(*, case_id: int) -> list[JournalEntry]:
    return list(JournalEntry.objects.filter(case_id=case_id).select_related("amends"))


def completion_requests_for_case(
    *, case_id: int, today: date | None = None
) -> list[dict[str, Any]]:
    """For Min sida: what the citizen has been asked to send, and by when."""
    today = today or timezone.localdate()
    return [
        {"text": r.text, "due_date": r.due_date, "overdue": r.due_date < today}
        for r in CompletionRequest.objects.filter(case_id=case_id)
    ]


def kommuniceringar_for_case(*, case_id: int) -> list[Kommunicering]:
    """Kommuniceringar (FL 25 §) of the case, newest first."""
    return list(Kommunicering.objects.filter(case_id=case_id).order_by("-sent_at", "-pk"))


def kommuniceringar_for_application(*, application_id: int) -> list[Kommunicering]:
    return list(Kommunicering.objects.filter(application_id=application_id).order_by("sent_at"))


def kommunicering_by_id(*, kommunicering_id: int) -> Kommunicering | None:
    return Kommunicering.objects.filter(pk=kommunicering_id).first()
