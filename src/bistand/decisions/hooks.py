"""Declared hooks of the decisions app: what another app does inside a decision's transaction.

Payments sits beside decisions and depends on it, so decisions cannot import payments. Instead
decisions declares, typed, what it needs — someone to make the payment order of a decision that
grants money — and payments registers the function in its `AppConfig.ready()`. A decision that
grants money while nobody is registered is refused (it would never be paid), so the coupling
is as strict as an import, without a string naming another app's job.
"""

from __future__ import annotations

from typing import Any, Protocol


class PayableDecisionHandler(Protocol):
    def __call__(
        self, *, decision_id: int, decision: Any = None, application: Any = None
    ) -> object: ...


_payable_decision: PayableDecisionHandler | None = None


class NoPaymentHandlerError(RuntimeError):
    """A decision grants money but no app has registered to make its payment order."""


def register_payable_decision_handler(handler: PayableDecisionHandler) -> None:
    """Called once by the payments app: `handler(decision_id=…)` makes the decision's order."""
    global _payable_decision
    _payable_decision = handler


def payable_decision_recorded(
    *, decision_id: int, decision: Any = None, application: Any = None
) -> None:
    """Inside the decision's transaction: make its payment order (and stickprov draw).

    `decision` and `application` are the objects just written (the decision created in this
    very transaction, so no order can exist yet); the handler then reads neither again."""
    if _payable_decision is None:
        raise NoPaymentHandlerError("No app makes payment orders (is bistand.payments installed?)")
    _payable_decision(decision_id=decision_id, decision=decision, application=application)
