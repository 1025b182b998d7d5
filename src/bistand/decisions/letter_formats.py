"""How a decision letter formats its amounts and period, by letter format version.

A letter is stored as rendered (ADR 0009) and `bistand replay` renders it again from the stored
values; it must come out byte for byte. Each decision records the letter format it was made with
(`Decision.letter_format`), and replay uses that format. A change to how letters show amounts is
a new version here; an earlier version is never edited (docs/adr/0096).

- 1: until issue 18: ``7 100,00 kr`` with ordinary spaces between the groups.
- 2: the one Swedish formatter (:mod:`bistand.core.format`): ``7 100 kr``, ``7 100,50 kr`` with
  non-breaking spaces.
- 3: as 2, but an amount taken away (the income counted) shows its minus sign only when it is not
  zero: ``−4 200 kr``, and ``0 kr`` rather than ``−0 kr`` (versions 1 and 2 always put ``−``
  before it, and their letters replay so).
- 4: as 3, but a line of the calculation that only explains (the engine's ``info`` lines other
  than the result: another household's norm in a shared home, the whole rent before the share,
  the part of a child's income above its share …) shows no amount in the amount column; its text
  says the figures. No figure in "Så har vi räknat" then looks as if it were added to the
  household's need (ADR 0200). Every such line but another household's norm already has its
  amount in its text.
- 5: as 4, but the appeal section cites the socialtjänstlag's appeal provision beside FL 40–45 §§:
  "Socialtjänstlagen (2025:400) 35 kap. 1 §" for a decision made from 2025-07-01
  (`decisions.legal.appeal_provision`; ADR 0295). Letters of versions 1–4 replay without it.
- 6: as 5, but a decision with a post of bistånd utöver (SoL 2025:400 12 kap. 2 §; 4 kap. 2 § in
  SoL 2001:453) says which posts can be appealed to förvaltningsrätten and that the utöver posts
  cannot: only their legality can be tried, on a kommunmedlem's appeal within three weeks of the
  anslag (kommunallagen 13 kap.; ADR 0310). Its refusals say the same. A letter without such a
  post reads as in version 5. Letters of versions 1–5 replay without it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bistand.core import format as sv

__all__ = ["CURRENT", "LETTER_FORMATS", "LetterFormat"]


@dataclass(frozen=True)
class LetterFormat:
    kronor: Callable[[Decimal], str]
    month: Callable[[date], str]
    deduction: Callable[[Decimal], str]
    """An amount the letter subtracts (the income counted), with its minus sign."""
    explaining_lines_show_amount: bool = True
    """Whether a line that only explains (effect ``info``, not the result) shows its amount."""
    cites_sol_appeal: bool = False
    """Whether the appeal section cites the socialtjänstlag's appeal provision (35 kap. 1 §)."""
    separates_utover: bool = False
    """Whether the letter tells bistånd-utöver posts (only laglighetsprövning) apart from the
    posts that can be appealed to förvaltningsrätten (ADR 0310)."""


_MONTHS_V1 = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip


def _kronor_v1(amount: Decimal) -> str:
    whole, _, cents = f"{amount:.2f}".partition(".")
    sign = "−" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return f"{sign}{' '.join(groups)},{cents} kr"


def _month_v1(month: date) -> str:
    return f"{_MONTHS_V1[month.month - 1]} {month.year}"


def _deduction_v1(amount: Decimal) -> str:
    return "−" + _kronor_v1(amount)


def _deduction_v2(amount: Decimal) -> str:
    return "−" + sv.kronor(amount)


def _deduction(amount: Decimal) -> str:
    """``−4 200 kr`` for an amount taken away; nothing is taken away when it is zero: ``0 kr``."""
    return sv.kronor(amount) if amount == 0 else "−" + sv.kronor(amount)


LETTER_FORMATS: dict[int, LetterFormat] = {
    1: LetterFormat(kronor=_kronor_v1, month=_month_v1, deduction=_deduction_v1),
    2: LetterFormat(kronor=sv.kronor, month=sv.month_label, deduction=_deduction_v2),
    3: LetterFormat(kronor=sv.kronor, month=sv.month_label, deduction=_deduction),
    4: LetterFormat(
        kronor=sv.kronor,
        month=sv.month_label,
        deduction=_deduction,
        explaining_lines_show_amount=False,
    ),
    5: LetterFormat(
        kronor=sv.kronor,
        month=sv.month_label,
        deduction=_deduction,
        explaining_lines_show_amount=False,
        cites_sol_appeal=True,
    ),
    6: LetterFormat(
        kronor=sv.kronor,
        month=sv.month_label,
        deduction=_deduction,
        explaining_lines_show_amount=False,
        cites_sol_appeal=True,
        separates_utover=True,
    ),
}
CURRENT = 6
