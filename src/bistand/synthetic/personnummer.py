"""Synthetic Swedish personnummer: Luhn-valid, but marked so they can never be a real person's.

Synthetic numbers add **20 to the month** (months 21–32), after Norway's synthetic
fødselsnummer; see docs/adr/0020-synthetic-personnummer.md. This module generates them, for the
demo, the tests and the benchmarks only. Parsing and validation are production's
(`bistand.core.personnummer`) and are re-exported here so that a test can check what it
generated without a second import.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Literal

from bistand.core.personnummer import (
    _DOUBLED,
    SYNTHETIC_MONTH_OFFSET,
    PersonnummerError,
    birth_date,
    is_synthetic,
    is_valid,
    luhn_check_digit,
    luhn_ok,
    normalise,
    parse,
    to_ten_digit,
)

__all__ = [
    "SYNTHETIC_MONTH_OFFSET",
    "PersonnummerError",
    "Sex",
    "birth_date",
    "generate",
    "is_synthetic",
    "is_valid",
    "luhn_check_digit",
    "luhn_ok",
    "normalise",
    "parse",
    "to_ten_digit",
]

# Luhn contributions, for speed (generation of millions of numbers): a two-digit field at
# weights (2, 1), and a three-digit birth number at (2, 1, 2).
_PAIR = tuple(_DOUBLED[v // 10] + v % 10 for v in range(100))
_SERIAL = tuple(_DOUBLED[v // 100] + (v // 10) % 10 + _DOUBLED[v % 10] for v in range(1000))

Sex = Literal["F", "M"]


def generate(rng: random.Random, birth_date: date, sex: Sex | None = None) -> str:
    """A synthetic personnummer ``YYYYMMDD-NNNN`` (month + 20) for ``birth_date``.

    The birth number is drawn from ``rng`` (001–999, third digit odd for ``"M"``, even for
    ``"F"``, either if ``sex`` is None). The result passes :func:`is_valid` and
    :func:`is_synthetic`.
    """
    serial = int(rng.random() * 999) + 1  # 001–999
    if sex is not None:
        odd = serial % 2 == 1
        if odd != (sex == "M"):
            serial = serial + 1 if serial < 999 else serial - 1
    return _compose(birth_date, serial)


def _compose(born: date, serial: int) -> str:
    yy, mm, dd = born.year % 100, born.month + SYNTHETIC_MONTH_OFFSET, born.day
    check = -(_PAIR[yy] + _PAIR[mm] + _PAIR[dd] + _SERIAL[serial]) % 10
    return f"{born.year // 100:02d}{yy:02d}{mm:02d}{dd:02d}-{serial:03d}{check}"
