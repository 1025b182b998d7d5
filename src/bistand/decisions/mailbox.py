"""The second delivery channel for decision letters (issue 12 item 3): a digital mailbox shaped
like Mina meddelanden (Myndigheten för digital förvaltning), with a local simulator.

Mina meddelanden works in two calls: `is_reachable(personnummer)` (has the person a digital
mailbox that accepts messages from authorities?) and `send(...)` (deliver a signed message with
the letter as PDF; the answer is a message id). A letter not opened on Min sida within
`BISTAND_LETTER_SECOND_CHANNEL_DAYS` days goes to the citizen's digital mailbox if she has one;
otherwise it is left for post (`delivery.letters_for_post`). Every delivery is a `Delivery` row.

The adapter in use is `settings.DIGITAL_MAILBOX_ADAPTER` (dotted path). Empty (the default): no
digital mailbox, so unopened letters go to post. "local" is the simulator: it accepts every
synthetic personnummer whose last digit is even, never contacts anyone, and keeps the messages in
memory for tests and the demo; production refuses it (never "delivered" to nobody).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class MailboxError(Exception):
    """The mailbox service refused or could not be reached (the letter is then sent by post)."""


class MailboxClient(Protocol):
    def is_reachable(self, personnummer: str) -> bool: ...

    def send(self, *, personnummer: str, subject: str, pdf: bytes, reference: str) -> str: ...


@dataclass
class SentMessage:
    personnummer: str
    subject: str
    pdf: bytes
    reference: str
    message_id: str


@dataclass
class LocalMailboxSimulator:
    """In-process stand-in for Mina meddelanden. Reachable: synthetic personnummer whose last
    digit is even. Messages are kept in `sent` (tests read them)."""

    sent: list[SentMessage] = field(default_factory=list)
    unreachable: set[str] = field(default_factory=set)

    def is_reachable(self, personnummer: str) -> bool:
        digits = personnummer.replace("-", "")
        return bool(digits) and digits not in self.unreachable and int(digits[-1]) % 2 == 0

    def send(self, *, personnummer: str, subject: str, pdf: bytes, reference: str) -> str:
        if not self.is_reachable(personnummer):
            raise MailboxError("Mottagaren har ingen digital brevlåda.")
        if not pdf.startswith(b"%PDF"):
            raise MailboxError("Meddelandet måste vara en PDF.")
        message_id = f"sim-{len(self.sent) + 1:06d}"
        self.sent.append(SentMessage(personnummer, subject, pdf, reference, message_id))
        return message_id


SIMULATOR = LocalMailboxSimulator()


def mailbox_client() -> MailboxClient | None:
    path = getattr(settings, "DIGITAL_MAILBOX_ADAPTER", "")
    if not path:
        return None
    if path == "local":
        if getattr(settings, "ENVIRONMENT", "") == "production":
            raise MailboxError("Simulatorn för digital brevlåda får inte användas i produktion.")
        return SIMULATOR
    client: MailboxClient = import_string(path)()
    return client
