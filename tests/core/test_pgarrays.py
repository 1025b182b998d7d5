"""Text arrays are quoted for PostgreSQL exactly as psycopg's regular expression quoted them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bistand.core.pgarrays import escape

ORIGINAL = re.compile(rb'(["\\])')


@given(st.binary())
def test_escape_is_the_regular_expression_byte_for_byte(data: bytes) -> None:
    assert escape(data) == ORIGINAL.sub(rb"\\\1", data)


@given(st.text())
def test_escape_of_json_text(text: str) -> None:
    data = ('{"a": "' + text + '\\\\"}').encode()
    assert escape(memoryview(data)) == ORIGINAL.sub(rb"\\\1", data)


def test_the_list_dumper_uses_it_and_dumps_the_same() -> None:
    psycopg = pytest.importorskip("psycopg")
    from psycopg.types.array import ListDumper

    import bistand.core.pgarrays as pgarrays

    pgarrays.install()
    assert isinstance(ListDumper._re_esc, pgarrays._Escape)
    dumper = ListDumper(list, psycopg.adapt.Transformer())
    value = ['{"x": "a\\\\b"}', "plain", None, 'with "quotes"', "back\\slash", ""]
    expected = b'{"{\\"x\\": \\"a\\\\\\\\b\\"}",plain,NULL,"with \\"quotes\\"","back\\\\slash",""}'
    assert dumper.dump(value) == expected
