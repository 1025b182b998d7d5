"""Personnummer: Luhn, parsing, normalising and the synthetic month + 20 convention.

No real-person-shaped number is written out here: every ordinary-shaped number is built in
the test from arbitrary digits with ``luhn_check_digit``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bistand.synthetic import personnummer as pn
from bistand.synthetic.personnummer import PersonnummerError

TODAY = date(2026, 1, 15)

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)
birth_dates = st.dates(min_value=TODAY - timedelta(days=199 * 365), max_value=TODAY)


def build(yyyy: int, mm: int, dd: int, serial: int) -> str:
    """A 12-digit number with a correct control digit, from arbitrary parts."""
    nine = f"{yyyy % 100:02d}{mm:02d}{dd:02d}{serial:03d}"
    return f"{yyyy // 100:02d}{nine[:6]}-{nine[6:]}{pn.luhn_check_digit(nine)}"


def test_luhn_check_digit_known_arithmetic() -> None:
    # 2·1, 2, 2·3 … over "123456789": 2+2+6+4+(1+0)+6+(1+4)+8+(1+8) = 43 → control digit 7.
    assert pn.luhn_check_digit("123456789") == 7
    assert pn.luhn_check_digit("000000000") == 0


@pytest.mark.parametrize("bad", ["", "12345678", "1234567890", "12345678a", "１２３４５６７８９"])
def test_luhn_check_digit_rejects_non_nine_digits(bad: str) -> None:
    with pytest.raises(PersonnummerError):
        pn.luhn_check_digit(bad)


@given(nine_digits)
def test_luhn_check_digit_makes_the_number_pass(nine: str) -> None:
    assert pn.luhn_ok(nine + str(pn.luhn_check_digit(nine)))


@given(nine_digits, st.integers(0, 9), st.integers(1, 9))
def test_luhn_catches_every_single_digit_error(nine: str, pos: int, delta: int) -> None:
    ten = nine + str(pn.luhn_check_digit(nine))
    wrong = ten[:pos] + str((int(ten[pos]) + delta) % 10) + ten[pos + 1 :]
    assert not pn.luhn_ok(wrong)


@given(birth_dates, st.integers(0, 2**32))
def test_generated_numbers_are_valid_synthetic_and_keep_the_birth_date(
    born: date, seed: int
) -> None:
    p = pn.generate(random.Random(seed), born)
    assert len(p) == 13 and p[8] == "-"
    assert pn.is_valid(p, today=TODAY)
    assert pn.is_synthetic(p, today=TODAY)
    assert 21 <= int(p[4:6]) <= 32
    assert pn.birth_date(p) == born
    assert pn.luhn_ok(p[2:8] + p[9:])


@given(birth_dates, st.integers(0, 2**32), st.sampled_from(["F", "M"]))
def test_sex_digit(born: date, seed: int, sex: pn.Sex) -> None:
    p = pn.generate(random.Random(seed), born, sex)
    assert (int(p[11]) % 2 == 1) == (sex == "M")


@given(birth_dates, st.integers(0, 2**32))
def test_normalise_round_trips_through_all_forms(born: date, seed: int) -> None:
    p = pn.generate(random.Random(seed), born)
    digits12 = p.replace("-", "")
    short = pn.to_ten_digit(p, today=TODAY)
    assert pn.normalise(p, today=TODAY) == p
    assert pn.normalise(digits12, today=TODAY) == p
    assert pn.normalise(short, today=TODAY) == p
    assert pn.normalise(f"  {p}  ", today=TODAY) == p
    age = TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))
    assert short[6] == ("+" if age >= 100 else "-")
    if age < 100:
        assert pn.normalise(short.replace("-", ""), today=TODAY) == p


@given(st.integers(1900, 2025), st.integers(1, 12), st.integers(1, 28), st.integers(1, 999))
def test_ordinary_shaped_numbers_validate_but_are_not_synthetic(
    year: int, month: int, day: int, serial: int
) -> None:
    p = build(year, month, day, serial)
    assert pn.is_valid(p, today=TODAY)
    assert not pn.is_synthetic(p, today=TODAY)
    assert pn.birth_date(p) == date(year, month, day)


def test_samordningsnummer_day_plus_sixty() -> None:
    p = build(1987, 7, 14 + 60, 123)
    assert pn.is_valid(p)
    assert pn.birth_date(p) == date(1987, 7, 14)
    synthetic = build(1987, 7 + 20, 14 + 60, 123)
    assert pn.is_synthetic(synthetic)
    assert pn.birth_date(synthetic) == date(1987, 7, 14)


def test_wrong_control_digit_is_invalid() -> None:
    p = build(1987, 27, 14, 123)
    wrong = p[:-1] + str((int(p[-1]) + 1) % 10)
    assert not pn.is_valid(wrong)
    assert not pn.is_synthetic(wrong)
    with pytest.raises(PersonnummerError, match="kontrollsiffran"):
        pn.parse(wrong)


@pytest.mark.parametrize(
    ("month", "day"),
    [(0, 10), (13, 10), (20, 10), (33, 10), (5, 0), (5, 32), (5, 60), (5, 92), (2, 30), (22, 30)],
)
def test_impossible_dates_are_invalid(month: int, day: int) -> None:
    p = build(1987, month, day, 123)
    assert not pn.is_valid(p)
    with pytest.raises(PersonnummerError):
        pn.normalise(p)


@pytest.mark.parametrize(
    "bad", ["", "abc", "1987271412", "19872714-12345", "1987-27-14-1234", "19872714 1234", "x" * 13]
)
def test_bad_shapes_raise_a_swedish_value_error(bad: str) -> None:
    with pytest.raises(ValueError, match="Personnumret"):
        pn.normalise(bad)
    assert not pn.is_valid(bad)


def test_error_is_a_value_error() -> None:
    assert issubclass(PersonnummerError, ValueError)


def test_century_of_ten_digit_form() -> None:
    # A synthetic number for someone born later in the year than "today", 60 years ago.
    p = pn.generate(random.Random(1), date(1966, 6, 1))
    short = pn.to_ten_digit(p, today=TODAY)
    assert short.startswith("66")
    assert pn.normalise(short, today=TODAY).startswith("1966")
    assert pn.normalise(short.replace("-", "+"), today=TODAY).startswith("1866")
