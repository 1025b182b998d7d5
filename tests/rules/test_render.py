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
