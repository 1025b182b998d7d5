"""Text arrays for PostgreSQL quoted without a regular expression per element.

Django 5.2 writes a ``bulk_create`` on PostgreSQL as ``INSERT … SELECT * FROM UNNEST(%s::text[],
…)``: every column of the batch travels as one array, and psycopg's text ``ListDumper`` escapes
each element that needs quotes with ``re.sub(rb'(["\\])', rb"\\\1", element)``. A JSON value is
full of double quotes, so that substitution (a template expansion per match) was a noticeable
part of the batch worker's CPU (docs/performance.md, session 4). The same escaping is two
``bytes.replace``: a backslash before every backslash and every double quote, byte for byte the
same output (tests/core/test_pgarrays.py).
"""

from __future__ import annotations

from typing import Any

__all__ = ["escape", "install"]


def escape(data: Any) -> bytes:
    """``data`` with a backslash before each backslash and each double quote."""
    raw = bytes(data)
    return raw.replace(b"\\", b"\\\\").replace(b'"', b'\\"')


class _Escape:
    """Stands in for ListDumper's compiled pattern: only ``sub`` with its one template is used."""

    pattern = rb'(["\\])'

    @staticmethod
    def sub(template: bytes, data: Any) -> bytes:
        if template != rb"\\\1":  # not the use this stands in for: the regular expression
            import re

            return re.sub(_Escape.pattern, template, data)
        return escape(data)


def install() -> None:
    """Swap the pattern of psycopg's text list dumper (no-op without psycopg)."""
    try:
        from psycopg.types.array import ListDumper
    except ImportError:  # SQLite only
        return
    ListDumper._re_esc = _Escape()  # type: ignore[assignment]
