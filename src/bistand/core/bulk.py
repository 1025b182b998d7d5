"""Rows written together at the end of a block, with one INSERT per model (the batch worker).

Inside :func:`rows_written_together` (one transaction), :func:`row_create` keeps the row and the
block's end writes every kept row of a model with one ``bulk_create``, in the order made; outside
it, :func:`row_create` saves at once, as ``Model.objects.create`` does. Only for rows whose primary
key nobody reads before the block ends, and whose model has no ``save`` of its own that matters
for a new row and no signal receivers: ``bulk_create`` calls neither. The database's constraints
apply as before (a duplicate fails the INSERT, which fails the block's transaction).
``auto_now_add`` fields get the time the block ended.

:func:`row_create_keyed` is for a row whose key is read before the block ends (a decision, whose
id goes into its case events and payment order): on PostgreSQL the key is taken from the
table's sequence at once (one ``nextval`` query for up to ``KEYS_AT_ONCE`` rows of a model per
block) and the row is written with the block's one INSERT; elsewhere it is saved at once.
docs/adr/0256-pipeline-rows-written-together.md, docs/adr/0270-pipeline-keys-taken-ahead.md
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import connection, models

__all__ = ["KEYS_AT_ONCE", "row_create", "row_create_keyed", "rows_written_together"]

KEYS_AT_ONCE = 64  # keys taken from a sequence with one query (a batch of the worker is 50)

M = TypeVar("M", bound=models.Model)

_pending: ContextVar[dict[type[models.Model], list[models.Model]] | None] = ContextVar(
    "bistand_rows_pending", default=None
)
# Keys taken from a table's sequence and not yet used, per model, for the block in force.
_keys: ContextVar[dict[type[models.Model], list[int]] | None] = ContextVar(
    "bistand_rows_keys", default=None
)


@contextmanager
def rows_written_together() -> Iterator[None]:
    if _pending.get() is not None:  # already inside one: the outer block writes them
        yield
        return
    token = _pending.set({})
    keys_token = _keys.set({})
    try:
        yield
        for model, rows in (_pending.get() or {}).items():
            model._default_manager.bulk_create(rows)
    finally:
        _keys.reset(keys_token)
        _pending.reset(token)


def row_create(model: type[M], **fields: Any) -> M:
    """A new row of `model`: saved now, or at the end of the enclosing
    :func:`rows_written_together` (then without its primary key until then)."""
    row = model(**fields)
    pending = _pending.get()
    if pending is None:
        row.save(force_insert=True)
    else:
        pending.setdefault(model, []).append(row)
    return row


def _next_key(model: type[models.Model]) -> int:
    keys = _keys.get()
    assert keys is not None
    free = keys.setdefault(model, [])
    if not free:
        table, column = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, KEYS_AT_ONCE],
            )
            free.extend(sorted((row[0] for row in cursor.fetchall()), reverse=True))
    return free.pop()


def row_create_keyed(model: type[M], **fields: Any) -> M:
    """A new row of `model` with its primary key set now: inside :func:`rows_written_together`
    on PostgreSQL the key is taken from the table's sequence and the row written at the block's
    end with the others of its model; otherwise saved now, as ``Model.objects.create`` does.
    Keys taken and not used are a gap in the sequence, as after any rolled-back INSERT."""
    pending = _pending.get()
    if pending is None or connection.vendor != "postgresql":
        row = model(**fields)
        row.save(force_insert=True)
        return row
    row = model(pk=_next_key(model), **fields)
    pending.setdefault(model, []).append(row)
    return row
