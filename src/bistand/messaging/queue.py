"""Unanswered citizen messages in the shared queue, until the unit answers."""

from __future__ import annotations

from django.urls import reverse

from bistand.core.queue import QueueItem, queue_source

from . import selectors


@queue_source
def unanswered_messages() -> list[QueueItem]:
    return [
        QueueItem(
            kind="message",
            kind_label="Meddelande",
            title=(
                f"Meddelande till {thread.case.contact} väntar på svar"
                if thread.case.contact is not None
                else "Meddelande från den enskilde väntar på svar"
            ),
            url=reverse("messaging:staff_thread", args=[thread.pk]),
            case_number=thread.case.number,
            received_at=thread.waiting_since or thread.last_message_at,
            reasons=(
                "Den enskilde har skrivit till sin handläggare och väntar på svar."
                if thread.case.contact is not None
                else "Den enskilde har skrivit och väntar på svar från enheten.",
            ),
        )
        for thread in selectors.threads_awaiting_unit()
    ]
