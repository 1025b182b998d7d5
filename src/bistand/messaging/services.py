"""State changes in messaging: keyword-only, typed functions named <entity>_<action>.

A citizen writes to the unit (`thread_start`, `message_send`); the unit answers
(`message_send(from_unit=True)`). Every message is a MESSAGE case event that carries no text;
a staff member's reply is also written to the access log. The satisfaction question is answered
or skipped once per decision (`satisfaction_answer`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from bistand.accounts.models import User
from bistand.audit.models import AccessAction
from bistand.audit.services import access_log_record
from bistand.cases import services as case_services
from bistand.cases.models import Case
from bistand.messaging import events as messaging_events

from .models import Message, SatisfactionAnswer, Thread

if TYPE_CHECKING:
    from bistand.decisions.models import Decision  # in annotations only; no reads

UNIT_LABEL = "Enheten för ekonomiskt bistånd"


class AlreadyAnsweredError(Exception):
    """The satisfaction question for this decision was already answered or skipped."""


def thread_read_record(*, user: User, thread: Thread) -> None:
    """A staff member opened the thread: written to the access log."""
    access_log_record(
        user=user,
        action=AccessAction.READ,
        object_type="message_thread",
        object_id=thread.pk,
        reason="Läsa och svara på meddelande",
        case_number=thread.case.number,
        subject=thread.case.applicant.personnummer or "",
    )


def thread_list_read_record(*, user: User, listing: str) -> None:
    access_log_record(
        user=user,
        action=AccessAction.READ,
        object_type="message_list",
        object_id=listing,
        reason="Lista över meddelanden",
    )


def thread_start(*, case: Case, by: User, subject: str, body: str) -> Thread:
    """A citizen's new conversation with the unit (the caller checked the household's access)."""
    with transaction.atomic():
        now = timezone.now()
        thread = Thread.objects.create(
            case=case,
            subject=subject,
            started_by=by,
            last_message_at=now,
            awaiting_unit=True,
            waiting_since=now,
        )
        message_send(thread=thread, by=by, body=body, from_unit=False)
    return thread


def message_send(*, thread: Thread, by: User, body: str, from_unit: bool) -> Message:
    with transaction.atomic():
        locked = Thread.objects.select_for_update().select_related("case").get(pk=thread.pk)
        message = Message.objects.create(thread=locked, from_unit=from_unit, author=by, body=body)
        locked.last_message_at = message.sent_at
        if from_unit:
            locked.awaiting_unit = False
            locked.waiting_since = None
        else:
            locked.awaiting_unit = True
            locked.waiting_since = locked.waiting_since or message.sent_at
        locked.save(update_fields=["last_message_at", "awaiting_unit", "waiting_since"])
        case_services.event_record(
            case=locked.case,
            kind=messaging_events.MESSAGE,
            actor=by,
            actor_label=UNIT_LABEL if from_unit else "",
            # Never the text: events feed the timeline, figures and audit trail.
            data={"thread_id": locked.pk, "message_id": message.pk, "from_unit": from_unit},
        )
        if from_unit:
            access_log_record(
                user=by,
                action=AccessAction.CHANGE,
                object_type="message",
                object_id=message.pk,
                reason="Svar på meddelande",
                case_number=locked.case.number,
                subject=locked.case.applicant.personnummer or "",
            )
        thread.last_message_at = locked.last_message_at
        thread.awaiting_unit = locked.awaiting_unit
        thread.waiting_since = locked.waiting_since
    return message


def thread_mark_read(*, thread: Thread, by_unit: bool) -> int:
    """Mark the other side's messages in the thread as read; returns how many were unread."""
    return Message.objects.filter(
        thread=thread, from_unit=not by_unit, read_at__isnull=True
    ).update(read_at=timezone.now())


def satisfaction_answer(
    *, decision: Decision, by: User, score: int | None, comment: str = ""
) -> SatisfactionAnswer:
    """Answer (score 1–5, optional comment) or skip (score None) the question for a decision."""
    if score is not None and not 1 <= score <= 5:
        raise ValueError("score must be 1–5")
    try:
        with transaction.atomic():
            return SatisfactionAnswer.objects.create(
                decision=decision,
                case_id=decision.case_id,
                answered_by=by,
                score=score,
                comment=comment if score is not None else "",
                skipped=score is None,
            )
    except IntegrityError:
        raise AlreadyAnsweredError(str(decision.pk)) from None
