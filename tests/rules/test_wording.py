"""Release 2.0.1: the calculation speaks to the household it is about (a jurist's reading).

One person alone ("du", "din", "ditt"), a couple ("ni", "er"), a parent alone with children
("du och barnen"), each also in a home shared with adults who are their own household. Only the
words changed: the amounts are those of release 2.0.0 (tests/rules/test_cases.py, the YAML cases,
and test_properties.py, batch against single).
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings

from bistand.rules import calculate
from bistand.rules.household import household_of
from bistand.rules.inputs import HouseholdInput

from .strategies import households

PLURAL_YOU = re.compile(r"\b(Ni|ni|Er|er|Ert|ert|Era|era)\b")


def texts(data: dict[str, Any]) -> list[str]:
    out = calculate(data).to_dict()
    return [f"{x['what']} | {x['text']}" for x in out["lines"]]


def shared_line(data: dict[str, Any]) -> str:
    out = calculate(data).to_dict()
    (line,) = [x for x in out["lines"] if x["rule"] == "riksnorm.shared.own_share"]
    return f"{line['what']} | {line['text']}"


def home(*members: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"month": "2026-03", "household": list(members), **more}


APPLICANT = {"id": "a1", "role": "applicant", "age": 40}
PARTNER = {"id": "p1", "role": "partner", "age": 41}
FRIEND = {"id": "o1", "role": "other_adult", "age": 45}
CHILD = {"id": "c1", "role": "child", "age": 7}
CHILD_2 = {"id": "c2", "role": "child", "age": 10}


def test_one_person_sharing_a_home_is_told_du_and_din_andel() -> None:
    text = shared_line(home(APPLICANT, FRIEND))
    assert "Du är en av dem, så din andel är" in text
    assert "din andel (1 av 2 personer)" in text
    assert "Ni är 1" not in text and "er andel" not in text


def test_a_couple_sharing_a_home_is_told_ni() -> None:
    text = shared_line(home(APPLICANT, PARTNER, FRIEND))
    assert "Ni är 2 av dem, så er andel är" in text


def test_a_parent_alone_with_children_is_told_du_och_barnen() -> None:
    assert "Du och barnet är 2 av dem, så er andel är" in shared_line(
        home(APPLICANT, CHILD, FRIEND)
    )
    assert "Du och barnen är 3 av dem, så er andel är" in shared_line(
        home(APPLICANT, CHILD, CHILD_2, FRIEND)
    )


def test_one_person_sharing_rent_and_income_lines_say_du() -> None:
    data = home(
        APPLICANT,
        FRIEND,
        costs={"rent": "9000.00", "household_electricity": "400.00"},
        incomes=[{"member": "o1", "type": "salary", "amount": "12000.00"}],
    )
    lines = texts(data)
    assert any("Du delar hemmet med någon som är ett eget hushåll" in t for t in lines)
    assert any("räknas inte i din beräkning" in t for t in lines)
    assert any("ingår inte i din beräkning" in t for t in lines)


@settings(max_examples=200, deadline=None)
@given(households())
def test_no_line_says_ni_or_er_to_one_person(data: dict[str, Any]) -> None:
    """Whatever the rest of the home, when the applicant is the whole family no line calls
    him or her "ni" / "er" (the other adult in "ni har ingen försörjningsplikt mot varandra" is
    two people, and is left out)."""
    if household_of(HouseholdInput.from_dict(data)).family_size != 1:
        return
    for text in texts(data):
        text = text.replace("ni har ingen försörjningsplikt mot varandra", "")
        assert not PLURAL_YOU.search(text), text
