"""Unanswered citizen messages in the shared queue, until the unit answers."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from bistand.core.queue import QueueItem, queue_source

from . import selectors


@queue_source
def unanswered_messages() -> list[QueueItem]:
    return [
        QueueItem(
            kind="message",
            kind_label=_("Meddelande"),
            title=(
                _("Meddelande till %(contact)s väntar på svar") % {"contact": thread.case.contact}
                if thread.case.contact is not None
                else _("Meddelande från den enskilde väntar på svar")
            ),
            url=reverse("messaging:staff_thread", args=[thread.pk]),
            case_number=thread.case.number,
            received_at=thread.waiting_since or thread.last_message_at,
            reasons=(
                _("Den enskilde har skrivit till sin handläggare och väntar på svar.")
                if thread.case.contact is not None
                else _("Den enskilde har skrivit och väntar på svar från enheten."),
            ),
        )
        for thread in selectors.threads_awaiting_unit()
    ]
