"""A line's sentence is the same whichever way its template is filled in (release 2.0.2
compiles each template once into a function; docs/adr/0225)."""

from __future__ import annotations

from string import Formatter
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bistand.rules.context import _format_renderer, _make_renderer, render_text
from bistand.rules.money import format_kronor_sv


def by_str_format(template: str, args: tuple[Any, ...]) -> str:
    """The sentence as release 2.0.1 made it: ``:kr`` arguments as Swedish kronor, then
    :meth:`str.format`."""
    plain: list[str] = []
    money: list[int] = []
    for literal, name, spec, conversion in Formatter().parse(template):
        plain.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        if spec == "kr":
            money.append(int(name))
            spec = ""
        plain.append(
            "{"
            + name
            + (f"!{conversion}" if conversion else "")
            + (f":{spec}" if spec else "")
            + "}"
        )
    values = list(args)
    for i in dict.fromkeys(money):
        values[i] = format_kronor_sv(values[i])
    return "".join(plain).format(*values)


TEMPLATES = [
    "Hyran {0:kr} godkänns.",
    "Barnet är {0} år. Barnets personliga kostnader enligt riksnormen är {1:kr}.",
    "{0:kr} och igen {0:kr}, {1}",
    "Ingen mall alls {{så}} här",
    "Citat 'enkla' och \"dubbla\" och \\ snedstreck\nny rad\u00a0hårt mellanslag {0}",
    "{0!r} {1!s:>8} {2:05d}",
    "{1} före {0}",
    "Skäl: {0}.",
]


@pytest.mark.parametrize("template", TEMPLATES)
@given(
    a=st.integers(-(10**9), 10**9),
    b=st.integers(0, 10**9),
    c=st.integers(0, 99999),
    text=st.text(max_size=30),
)
def test_a_compiled_template_gives_the_str_format_sentence(
    template: str, a: int, b: int, c: int, text: str
) -> None:
    args: tuple[Any, ...] = (a, b, c)
    if "{0}" in template or "Skäl" in template:
        args = (text, b, c)  # a reason typed by a person: braces and quotes stay text
    expected = by_str_format(template, args)
    assert _make_renderer(template)(args) == expected
    assert _format_renderer(template)(args) == expected
    assert render_text(template, args) == expected


def test_a_template_without_arguments_is_its_own_text() -> None:
    assert render_text("Inget {{att}} fylla i", ()) == "Inget {{att}} fylla i"


def kronor_as_2_0_6(ore: int) -> str:
    """``format_kronor`` as release 2.0.6 wrote it (a formatted string)."""
    sign = "-" if ore < 0 else ""
    whole, cents = divmod(abs(ore), 100)
    return f"{sign}{whole}.{cents:02d}"


def kronor_sv_as_2_0_6(ore: int) -> str:
    """``format_kronor_sv`` as release 2.0.6 wrote it (grouping by the ``,`` format)."""
    sign = "−" if ore < 0 else ""
    whole, cents = divmod(abs(ore), 100)
    grouped = f"{whole:,}".replace(",", "\u00a0")
    if cents:
        return f"{sign}{grouped},{cents:02d}\u00a0kr"
    return f"{sign}{grouped}\u00a0kr"


AMOUNTS = [
    *range(-1_200, 1_200),
    *(
        sign * 10**k + d
        for k in range(2, 19)
        for d in (-101, -100, -1, 0, 1, 99, 100)
        for sign in (1, -1)
    ),
    2**63 - 1,
    -(2**63),
]


@pytest.mark.parametrize("fresh", [True, False], ids=["made", "kept"])
def test_amounts_are_written_as_release_2_0_6_wrote_them(fresh: bool) -> None:
    """Rules 2.0.7 writes kronor without format strings (faster compiled); every text is the
    same, made or taken from the cache: every sign, öre, and grouping by three."""
    from bistand.rules import money

    for ore in AMOUNTS:
        if fresh:
            money._KR_CACHE.pop(ore, None)
            money._SV_CACHE.pop(ore, None)
        assert money.format_kronor(ore) == kronor_as_2_0_6(ore), ore
        assert money.format_kronor_sv(ore) == kronor_sv_as_2_0_6(ore), ore


@given(st.integers(-(10**15), 10**15))
def test_any_amount_is_written_as_release_2_0_6_wrote_it(ore: int) -> None:
    from bistand.rules import money

    assert money._format_kronor_sv(ore) == kronor_sv_as_2_0_6(ore)
    money._KR_CACHE.pop(ore, None)
    assert money.format_kronor(ore) == kronor_as_2_0_6(ore)
