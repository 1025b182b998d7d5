"""The person and the case, read through each app's own selectors (no other app's models).

:func:`person_file` gives who the person is (name, personnummer, folkbokföring address and
household, or "Skyddad folkbokföring") and :func:`case_history` everything that happened in the
case, newest first, each item with a link to its own page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bistand.appeals import selectors as appeal_selectors
from bistand.applications import answers as a
from bistand.applications import selectors as application_selectors
from bistand.cases.models import Case
from bistand.casework import selectors as casework_selectors
from bistand.core.format import kronor, month_label
from bistand.decisions import selectors as decision_selectors
from bistand.messaging import selectors as message_selectors
from bistand.payments import selectors as payment_selectors
from bistand.planning import selectors as planning_selectors
from bistand.registers import selectors as register_selectors
from bistand.registers.folkbokforing import PROTECTED_LABEL
from bistand.registers.selectors import FolkbokforingRecord

__all__ = ["HistoryItem", "PersonView", "case_history", "person_file"]

TEXT_MAX = 160


@dataclass(frozen=True)
class Member:
    name: str
    personnummer: str
    relation: str


@dataclass(frozen=True)
class PersonView:
    role: str  # "Sökande" or "Sambo, make eller maka"
    name: str
    personnummer: str
    record: FolkbokforingRecord | None
    protected: bool
    address_lines: list[str]
    registered_household: list[Member] = field(default_factory=list)
    registered_name: str = ""  # folkbokföring's name, when it differs from the login's

    @property
    def address_text(self) -> str:
        if self.protected:
            return PROTECTED_LABEL
        return ", ".join(self.address_lines)


@dataclass(frozen=True)
class HistoryItem:
    at: datetime
    kind: str  # a Swedish label: Ansökan, Beslut, Utbetalning …
    text: str
    url: str
    amount: str = ""


def _person(user: Any, role: str) -> PersonView:
    personnummer = user.personnummer or ""
    record = register_selectors.person_record(personnummer=personnummer) if personnummer else None
    protected = bool(record and record.protected)
    data = record.data if record else None
    registered = data.name.display if data and data.name else ""
    name = user.display_name or registered
    return PersonView(
        role=role,
        name=name,
        personnummer=personnummer,
        record=record,
        protected=protected,
        address_lines=data.address.lines() if data and data.address and not protected else [],
        registered_household=[
            Member(m.name.display, m.personnummer, m.relation) for m in data.household
        ]
        if data and not protected
        else [],
        registered_name=registered if registered and registered != name else "",
    )


def person_file(*, case: Case) -> dict[str, Any]:
    """The applicant (and partner) as folkbokföring and the case know them, and the household
    the latest application declares."""
    people = [_person(case.applicant, _("Sökande"))]
    if case.partner is not None:
        people.append(_person(case.partner, _("Sambo, make eller maka")))
    latest = application_selectors.applications_for_case(case_id=case.pk).first()
    declared = None
    if latest is not None and latest.answers:
        household = a.Answers.from_json(latest.answers).household
        declared = {
            "month": month_label(latest.month),
            "has_partner": household.has_partner,
            "children": household.children_count,
            "other_adults": household.other_adults_count,
        }
    return {"people": people, "declared": declared}


def _at(value: datetime | date | None) -> datetime:
    if value is None:
        return datetime(1970, 1, 1, tzinfo=UTC)
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time.min))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TEXT_MAX else text[: TEXT_MAX - 1] + "…"


def case_history(*, case: Case) -> list[HistoryItem]:
    """Every application, decision, payment, letter, meeting, plan, message, appeal, review,
    kommunicering and journal entry of the case, newest first."""
    items: list[HistoryItem] = []
    applications = list(application_selectors.applications_for_case(case_id=case.pk))
    for app in applications:
        items.append(
            HistoryItem(
                at=_at(app.submitted_at or app.created_at),
                kind=_("Ansökan"),
                text=_("%(kind)s för %(month)s, %(channel)s: %(status)s")
                % {
                    "kind": app.get_kind_display(),
                    "month": month_label(app.month),
                    "channel": app.get_channel_display().lower(),
                    "status": app.get_status_display().lower(),
                },
                url=reverse("casework:case", args=[app.pk]),
            )
        )
    for decision in decision_selectors.decisions_for_case(case_id=case.pk):
        items.append(
            HistoryItem(
                at=decision.decided_at,
                kind=_("Beslut och beslutsbrev"),
                text=_("%(outcome)s för %(month)s, beslutat av %(by)s")
                % {
                    "outcome": decision.get_outcome_display(),
                    "month": month_label(decision.period_start),
                    "by": decision.decided_by_label,
                },
                url=reverse("decisions:letter", args=[decision.pk]),
                amount=kronor(decision.amount),
            )
        )
    for letter in decision_selectors.standalone_letters_for_case(case_id=case.pk):
        items.append(
            HistoryItem(
                at=letter.decided_at,
                kind=_("Beslutsbrev"),
                text=letter.title,
                url=reverse("decisions:standalone_letter", args=[letter.pk]),
            )
        )
    for order in payment_selectors.payment_orders_for_case(case_id=case.pk):
        items.append(
            HistoryItem(
                at=order.paid_at or order.created_at,
                kind=_("Utbetalning"),
                text=_("%(status)s, utbetalningsdag %(day)s")
                % {"status": order.get_status_display(), "day": f"{order.payment_date:%Y-%m-%d}"},
                url=reverse("payments:order", args=[order.pk]),
                amount=kronor(order.amount),
            )
        )
    for meeting in planning_selectors.meetings_for_case(case_id=case.pk):
        items.append(
            HistoryItem(
                at=meeting.slot.starts_at,
                kind=_("Möte"),
                text=_("%(status)s med %(worker)s")
                % {
                    "status": meeting.get_status_display(),
                    "worker": meeting.slot.worker.display_name,
                },
                url=reverse("planning:meeting", args=[meeting.pk]),
            )
        )
    for version in planning_selectors.action_plan_versions(case_id=case.pk):
        items.append(
            HistoryItem(
                at=version.created_at,
                kind=_("Handlingsplan"),
                text=_("Version %(n)s") % {"n": version.number},
                url=reverse("planning:case", args=[case.pk]),
            )
        )
    for thread in message_selectors.threads_for_staff().filter(case_id=case.pk):
        items.append(
            HistoryItem(
                at=thread.last_message_at,
                kind=_("Meddelande"),
                text=_short(thread.subject),
                url=reverse("messaging:staff_thread", args=[thread.pk]),
            )
        )
    for appeal in appeal_selectors.appeals_for_staff().filter(case_id=case.pk):
        items.append(
            HistoryItem(
                at=appeal.received_at,
                kind=_("Överklagande"),
                text=appeal.get_status_display(),
                url=reverse("appeals:staff_detail", args=[appeal.pk]),
            )
        )
    for review in appeal_selectors.reviews_for_case(case_id=case.pk):
        items.append(
            HistoryItem(
                at=review.requested_at,
                kind=_("Begäran om prövning av en handläggare"),
                text=review.get_status_display(),
                url=reverse("appeals:review_staff", args=[review.pk]),
            )
        )
    for kommunicering in casework_selectors.kommuniceringar_for_case(case_id=case.pk):
        items.append(
            HistoryItem(
                at=kommunicering.sent_at,
                kind=_("Kommunicering"),
                text=_short(kommunicering.material),
                url=reverse("casework:case", args=[kommunicering.application_id]),
            )
        )
    latest_application = applications[0].pk if applications else None
    for entry in casework_selectors.journal_for_case(case_id=case.pk):
        target = entry.application_id or latest_application
        items.append(
            HistoryItem(
                at=entry.at,
                kind=_("Journalanteckning"),
                text=_("%(author)s: %(text)s")
                % {"author": entry.author_label, "text": _short(entry.text)},
                url=reverse("casework:case", args=[target]) + "#journal"
                if target
                else reverse("planning:case", args=[case.pk]),
            )
        )
    items.sort(key=lambda item: item.at, reverse=True)
    return items
