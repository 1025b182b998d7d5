"""Swedish personnummer: parsing and validation for production (format, date, Luhn).

A Swedish personnummer is ``YYYYMMDD-NNNC`` (12-digit form) or ``YYMMDD-NNNC`` /
``YYMMDD+NNNC`` (10-digit form, ``+`` once the person has turned 100). ``NNN`` is the birth
number (odd third digit: man, even: woman) and ``C`` the control digit, computed with the
Luhn algorithm over the ten-digit ``YYMMDDNNN``. A samordningsnummer has 60 added to the day.

Synthetic numbers add **20 to the month** (months 21–32), after Norway's synthetic
fødselsnummer (NAV/Skatteetaten add 40 or 80 to the month). No real personnummer or
samordningsnummer has a month above 12, so a synthetic number can never identify a real
person, while it still passes every format and Luhn check. See
docs/adr/0020-synthetic-personnummer.md. Production must refuse synthetic numbers
(:func:`is_synthetic`); generating them is `bistand.synthetic.personnummer`'s job, never
production's. Plain Python: no Django, so the rules-free tools and the generator can use it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

__all__ = [
    "SYNTHETIC_MONTH_OFFSET",
    "PersonnummerError",
    "birth_date",
    "is_synthetic",
    "is_valid",
    "luhn_check_digit",
    "luhn_ok",
    "normalise",
    "parse",
    "to_ten_digit",
]

SYNTHETIC_MONTH_OFFSET = 20
"""Added to the month of a synthetic personnummer (months 21–32)."""

SAMORDNING_DAY_OFFSET = 60
"""Added to the day of a samordningsnummer (days 61–91)."""

_STOCKHOLM = ZoneInfo("Europe/Stockholm")
_SHAPE = re.compile(r"^(\d{2})?(\d{6})([-+]?)(\d{4})$")

# Luhn contribution of a digit at a weight-2 position (a two-digit product counts as its sum).
_DOUBLED = tuple(2 * d if d < 5 else 2 * d - 9 for d in range(10))


class PersonnummerError(ValueError):
    """A personnummer that cannot be parsed or does not pass validation (Swedish message)."""


def _today() -> date:
    return datetime.now(tz=_STOCKHOLM).date()


def luhn_check_digit(nine_digits: str) -> int:
    """The Luhn control digit for ``YYMMDDNNN`` (nine digits, the 10-digit form minus ``C``)."""
    if len(nine_digits) != 9 or not nine_digits.isdigit() or not nine_digits.isascii():
        raise PersonnummerError("Kontrollsiffran beräknas på exakt nio siffror (ÅÅMMDDNNN).")
    total = 0
    for i, ch in enumerate(nine_digits):
        d = ord(ch) - 48
        # Weights 2, 1, 2, 1, … from the left; a two-digit product counts as its digit sum.
        total += _DOUBLED[d] if i % 2 == 0 else d
    return -total % 10


def luhn_ok(ten_digits: str) -> bool:
    """True if the last of ten digits is the Luhn control digit of the first nine."""
    if len(ten_digits) != 10 or not ten_digits.isdigit() or not ten_digits.isascii():
        return False
    return luhn_check_digit(ten_digits[:9]) == ord(ten_digits[9]) - 48


def _real_month_day(month: int, day: int) -> tuple[int, int, bool]:
    """(calendar month, calendar day, synthetic?) from the month/day fields of a number."""
    synthetic = month > 12
    if synthetic:
        month -= SYNTHETIC_MONTH_OFFSET
    if day > SAMORDNING_DAY_OFFSET:
        day -= SAMORDNING_DAY_OFFSET
    return month, day, synthetic


def _check_date(year: int, month_field: int, day_field: int) -> date:
    month, day, _ = _real_month_day(month_field, day_field)
    if not (1 <= month_field <= 12 or 21 <= month_field <= 32):
        raise PersonnummerError("Personnumret har en ogiltig månad.")
    if not (1 <= day_field <= 31 or 61 <= day_field <= 91):
        raise PersonnummerError("Personnumret har en ogiltig dag.")
    try:
        return date(year, month, day)
    except ValueError:
        raise PersonnummerError("Personnumret innehåller ett datum som inte finns.") from None


def normalise(pnr: str, *, today: date | None = None) -> str:
    """Return ``YYYYMMDD-NNNN`` for a number in 10- or 12-digit form, with or without ``-``/``+``.

    For the 10-digit form the century is inferred as Skatteverket does: ``-`` (or no separator)
    means the person is under 100 on ``today``, ``+`` means 100 or older. Checks the shape and
    that the date exists (a synthetic month is read as month − 20, a samordningsnummer day as
    day − 60), but not the control digit: use :func:`parse` or :func:`is_valid` for that.
    """
    if not isinstance(pnr, str):
        raise PersonnummerError("Personnumret måste vara en textsträng.")
    m = _SHAPE.match(pnr.strip())
    if m is None or not pnr.strip().isascii():
        raise PersonnummerError(
            "Personnumret har fel format. Skriv det som ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN."
        )
    century, yymmdd, sep, tail = m.groups()
    yy, mm, dd = int(yymmdd[0:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    if century is not None:
        year = int(century) * 100 + yy
        _check_date(year, mm, dd)
        return f"{century}{yymmdd}-{tail}"
    ref = today if today is not None else _today()
    year = ref.year - ((ref.year - yy) % 100)
    month, day, _ = _real_month_day(mm, dd)
    # Born later this year than today: then it was a century earlier.
    if (month, day) > (ref.month, ref.day) and year == ref.year:
        year -= 100
    if sep == "+":
        year -= 100
    if year < 1:
        raise PersonnummerError("Personnumret innehåller ett datum som inte finns.")
    _check_date(year, mm, dd)
    return f"{year // 100:02d}{yymmdd}-{tail}"


def parse(pnr: str, *, today: date | None = None) -> str:
    """Normalise and fully validate (format, date, Luhn); raise :class:`PersonnummerError`."""
    norm = normalise(pnr, today=today)
    if not luhn_ok(norm[2:8] + norm[9:13]):
        raise PersonnummerError("Personnumret är felaktigt: kontrollsiffran stämmer inte.")
    return norm


def is_valid(pnr: str, *, today: date | None = None) -> bool:
    """True if ``pnr`` has a valid shape, an existing date and a correct control digit.

    Accepts ordinary and synthetic numbers, and samordningsnummer (day + 60).
    """
    try:
        parse(pnr, today=today)
    except PersonnummerError:
        return False
    return True


def is_synthetic(pnr: str, *, today: date | None = None) -> bool:
    """True if ``pnr`` is a valid number marked synthetic (month 21–32)."""
    try:
        norm = parse(pnr, today=today)
    except PersonnummerError:
        return False
    return int(norm[4:6]) > 12


def birth_date(pnr: str, *, today: date | None = None) -> date:
    """The birth date of a valid number (synthetic month − 20, samordningsnummer day − 60)."""
    norm = parse(pnr, today=today)
    month, day, _ = _real_month_day(int(norm[4:6]), int(norm[6:8]))
    return date(int(norm[0:4]), month, day)


def to_ten_digit(pnr: str, *, today: date | None = None) -> str:
    """The 10-digit form ``YYMMDD-NNNN``, with ``+`` if the person is 100 or older on ``today``."""
    norm = parse(pnr, today=today)
    ref = today if today is not None else _today()
    born = birth_date(norm)
    age = ref.year - born.year - ((ref.month, ref.day) < (born.month, born.day))
    sep = "+" if age >= 100 else "-"
    return f"{norm[2:8]}{sep}{norm[9:13]}"
