"""Rows written together at the end of a block, with one INSERT per model (the batch worker).

Inside :func:`rows_written_together` (one transaction), :func:`row_create` keeps the row and the
block's end writes every kept row of a model with one ``bulk_create``, in the order made; outside
it, :func:`row_create` saves at once, as ``Model.objects.create`` does. Only for rows whose primary
key nobody reads before the block ends, and whose model has no ``save`` of its own that matters
for a new row and no signal receivers: ``bulk_create`` calls neither. The database's constraints
apply as before (a duplicate fails the INSERT, which fails the block's transaction).
``auto_now_add`` fields get the time the block ended.
docs/adr/0256-pipeline-rows-written-together.md
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import models

__all__ = ["row_create", "rows_written_together"]

M = TypeVar("M", bound=models.Model)

_pending: ContextVar[dict[type[models.Model], list[models.Model]] | None] = ContextVar(
    "bistand_rows_pending", default=None
)


@contextmanager
def rows_written_together() -> Iterator[None]:
    if _pending.get() is not None:  # already inside one: the outer block writes them
        yield
        return
    token = _pending.set({})
    try:
        yield
        for model, rows in (_pending.get() or {}).items():
            model._default_manager.bulk_create(rows)
    finally:
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
