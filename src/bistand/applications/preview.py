"""The preliminary calculation on the "check your answers" page.

THE ONE CALL SITE of the rules engine from the e-service. The rules engine (`bistand.rules`) is
being written in parallel; until it offers `calculate(input: dict) -> dict`, this returns None
and the page says that the preliminary calculation is not available. Never decides anything:
the decision pipeline (decisions.process_application) calculates again after submission.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Preview:
    amount: Decimal
    eligible: bool
    lines: list[tuple[str, Decimal]] = field(default_factory=list)


def _calculate_function() -> Any:
    try:
        rules = importlib.import_module("bistand.rules")
    except ImportError:
        return None
    return getattr(rules, "calculate", None)


def preliminary_calculation(rules_input: dict[str, Any]) -> Preview | None:
    calculate = _calculate_function()
    if calculate is None:
        return None
    try:
        output = calculate(rules_input)
        if isinstance(output, tuple):  # (output, rules_version)
            output = output[0]
        output = output if isinstance(output, dict) else getattr(output, "to_dict", dict)()
        lines = []
        for line in output.get("lines") or output.get("items") or []:
            if isinstance(line, dict) and "amount" in line:
                text = line.get("text") or line.get("label") or line.get("rule_id") or ""
                lines.append((str(text), Decimal(str(line["amount"]))))
        return Preview(
            amount=Decimal(str(output.get("amount", "0"))),
            eligible=output.get("status", "eligible") == "eligible",
            lines=lines,
        )
    except (InvalidOperation, KeyError, TypeError, ValueError, AttributeError):
        logger.exception("Preliminary calculation failed")
        return None
