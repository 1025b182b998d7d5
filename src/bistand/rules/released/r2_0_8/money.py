"""Money in the rules engine: integer öre inside, ``Decimal`` kronor at the edges.

See docs/adr/0004-money.md and docs/adr/0011-rules-money-in-ore.md. There is no float anywhere:
input kronor are parsed from ``str``, ``int`` or ``Decimal`` (never ``float``) into ``int`` öre,
and output kronor are rendered as strings with two decimals (``"5220.00"``).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Final

__all__ = ["Ore", "format_kronor", "ore_to_decimal", "parse_kronor"]

Ore = int
"""An amount in whole öre (1 krona = 100 öre)."""

_HUNDRED: Final = Decimal(100)


class MoneyFormatError(ValueError):
    """The value is not an amount in kronor with at most two decimals."""


def parse_kronor(value: object) -> Ore:
    """Kronor as ``"1234.50"``, ``1234`` or ``Decimal("1234.5")`` → öre. Floats are refused."""
    if isinstance(value, bool | float):
        raise MoneyFormatError("float")
    if isinstance(value, int):
        return value * 100
    if isinstance(value, str):
        text = value.strip().replace(" ", "").replace("\u00a0", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise MoneyFormatError(value) from exc
    elif isinstance(value, Decimal):
        amount = value
    else:
        raise MoneyFormatError(type(value).__name__)
    if not amount.is_finite():
        raise MoneyFormatError(str(value))
    ore = amount * _HUNDRED
    if ore != ore.to_integral_value():
        raise MoneyFormatError("more than two decimals")
    return int(ore)


_KR_CACHE: Final[dict[int, str]] = {}

_CENTS: Final[tuple[str, ...]] = tuple(f"{c:02d}" for c in range(100))
"""``"00"`` … ``"99"``: the öre of an amount as two digits (a look-up, not a format)."""


def format_kronor(ore: Ore) -> str:
    """öre → ``"5220.00"`` (negative amounts get a leading minus). Pure, so the text of an
    amount is kept once made (a bounded cache: every explanation formats the same norms)."""
    cached = _KR_CACHE.get(ore)
    if cached is not None:
        return cached
    # The same text as f"{sign}{whole}.{cents:02d}", without a format spec: the öre looked up
    # (for a compiled module several times faster than the formatted string; rules 2.0.7).
    size = -ore if ore < 0 else ore
    whole = size // 100
    cents = _CENTS[size - whole * 100]
    text = f"-{whole}.{cents}" if ore < 0 else f"{whole}.{cents}"
    if len(_KR_CACHE) < 100_000:
        _KR_CACHE[ore] = text
    return text


_SV_CACHE: Final[dict[int, str]] = {}


def format_kronor_sv(ore: Ore) -> str:
    """öre → Swedish display form for klarspråk sentences: ``"5 220 kr"``, ``"12,50 kr"``."""
    cached = _SV_CACHE.get(ore)
    if cached is not None:
        return cached
    text = _format_kronor_sv(ore)
    if len(_SV_CACHE) < 100_000:
        _SV_CACHE[ore] = text
    return text


def _format_kronor_sv(ore: Ore) -> str:
    """The kronor grouped by three with a no-break space (as f"{whole:,}" with the commas
    replaced), the öre after a comma unless there are none, a minus sign (U+2212) first."""
    size = -ore if ore < 0 else ore
    whole = size // 100
    cents = size - whole * 100
    if whole < 1000:
        grouped = str(whole)
    elif whole < 1_000_000:
        thousands = whole // 1000
        grouped = f"{thousands}\u00a0{_THREE[whole - thousands * 1000]}"
    else:
        digits = str(whole)
        head = len(digits) % 3 or 3
        parts = [digits[:head]]
        for start in range(head, len(digits), 3):
            parts.append(digits[start : start + 3])
        grouped = "\u00a0".join(parts)
    sign = "−" if ore < 0 else ""
    if cents:
        return f"{sign}{grouped},{_CENTS[cents]}\u00a0kr"
    return f"{sign}{grouped}\u00a0kr"


_THREE: Final[tuple[str, ...]] = tuple(f"{n:03d}" for n in range(1000))
"""``"000"`` … ``"999"``: a group of three digits after the first."""


def ore_to_decimal(ore: Ore) -> Decimal:
    """öre → ``Decimal`` kronor with two decimals."""
    return Decimal(ore).scaleb(-2)
