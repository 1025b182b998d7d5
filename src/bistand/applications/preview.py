"""The preliminary calculation on the "check your answers" page.

THE ONE CALL SITE of the rules engine from the e-service, imported by name (it was once looked
up by string while the rules package was being written). When the answers cannot be calculated
this returns None and the page says that the preliminary calculation is not available. Never
decides anything: the decision pipeline (decisions.process_application) calculates again after
submission.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings

from bistand.rules import calculate

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Preview:
    amount: Decimal
    eligible: bool
    # (text, amount): the amount is None for a line that only explains (the engine's "info"
    # lines: another household's norm in a shared home, the whole rent before the share …), so
    # that no amount on the page looks as if it were added to the citizen's.
    lines: list[tuple[str, Decimal | None]] = field(default_factory=list)


def with_municipality(rules_input: dict[str, Any]) -> dict[str, Any]:
    """The input with the municipality whose guideline (riktlinjer) caps the costs, from
    settings. The automated decision (decisions.rules_adapter) and this preliminary calculation
    both use it, so the preliminary amount is the one the decision would give."""
    if "municipality" not in rules_input and settings.MUNICIPALITY_GUIDELINE:
        return {**rules_input, "municipality": settings.MUNICIPALITY_GUIDELINE}
    return rules_input


def preliminary_calculation(rules_input: dict[str, Any]) -> Preview | None:
    try:
        output: Any = calculate(rules_input)
        if isinstance(output, tuple):  # (output, rules_version)
            output = output[0]
        output = output if isinstance(output, dict) else getattr(output, "to_dict", dict)()
        lines = []
        for line in output.get("lines") or output.get("items") or []:
            if isinstance(line, dict) and "amount" in line:
                text = line.get("text") or line.get("label") or line.get("rule_id") or ""
                explains = line.get("effect") == "info" and line.get("category") != "resultat"
                lines.append((str(text), None if explains else Decimal(str(line["amount"]))))
        return Preview(
            amount=Decimal(str(output.get("amount", "0"))),
            eligible=output.get("status", "eligible") == "eligible",
            lines=lines,
        )
    except (InvalidOperation, KeyError, TypeError, ValueError, AttributeError):
        logger.exception("Preliminary calculation failed")
        return None
