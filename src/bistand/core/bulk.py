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

import enum
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import connection, models

__all__ = [
    "KEYS_AT_ONCE",
    "row_create",
    "row_create_keyed",
    "row_update",
    "rows_copied",
    "rows_written_together",
]

KEYS_AT_ONCE = 64  # keys taken from a sequence with one query (a batch of the worker is 50)

M = TypeVar("M", bound=models.Model)

_pending: ContextVar[dict[type[models.Model], list[models.Model]] | None] = ContextVar(
    "bistand_rows_pending", default=None
)
# Field updates kept for the block's end: per model and field names, the values per key.
_updates: ContextVar[
    dict[tuple[type[models.Model], tuple[str, ...]], dict[Any, tuple[Any, ...]]] | None
] = ContextVar("bistand_rows_updates", default=None)
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
    updates_token = _updates.set({})
    try:
        yield
        for model, rows in (_pending.get() or {}).items():
            model._default_manager.bulk_create(rows)
        for (model, names), values in (_updates.get() or {}).items():
            _update_together(model, names, values)
    finally:
        _updates.reset(updates_token)
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


def row_update(model: type[models.Model], pk: Any, **fields: Any) -> None:
    """``model.objects.filter(pk=pk).update(**fields)``: now, or inside
    :func:`rows_written_together` on PostgreSQL at the block's end, with the block's other
    updates of the same model and fields in one ``UPDATE … FROM (VALUES …)``. For rows the
    block holds locked and nobody reads back from the database before the block ends; as
    ``update()``, no ``save``, no signals, no ``auto_now``. A later update of the same row in
    the block replaces an earlier one."""
    updates = _updates.get()
    if updates is None or connection.vendor != "postgresql":
        model._default_manager.filter(pk=pk).update(**fields)
        return
    names = tuple(sorted(fields))
    updates.setdefault((model, names), {})[pk] = tuple(fields[name] for name in names)


def _quote(name: str | None) -> str:
    """A table or column name from a model's metadata, quoted for the connection's SQL."""
    assert name is not None
    return str(connection.ops.quote_name(name))


def _update_together(
    model: type[models.Model], names: tuple[str, ...], values: dict[Any, tuple[Any, ...]]
) -> None:
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    fields: list[models.Field[Any, Any]] = []
    for name in names:
        field = meta.get_field(name)
        assert isinstance(field, models.Field)
        fields.append(field)

    columns = [pk, *fields]
    row = "(" + ", ".join(f"%s::{field.db_type(connection)}" for field in columns) + ")"
    params: list[Any] = []
    for key, row_values in values.items():
        params.append(pk.get_db_prep_save(key, connection))
        params += [
            field.get_db_prep_save(value, connection)
            for field, value in zip(fields, row_values, strict=True)
        ]
    sets = ", ".join(f"{_quote(f.column)} = v.{_quote(f.column)}" for f in fields)
    aliases = ", ".join(_quote(f.column) for f in columns)
    # Names from the model's metadata, every value a parameter.
    table, key = _quote(meta.db_table), _quote(pk.column)
    rows = ", ".join([row] * len(values))
    sql = f"UPDATE {table} AS t SET {sets} FROM (VALUES {rows}) AS v({aliases}) "  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql + f"WHERE t.{key} = v.{key}", params)


def rows_copied(model: type[M], rows: Sequence[M]) -> None:
    """Write new rows (keys made by the database and not read afterwards) with one ``COPY`` on
    PostgreSQL, their values taken as they are, without Django's preparation per field and row
    (for the register log: about 150 values per application); elsewhere ``bulk_create``. As
    ``bulk_create``: no ``save``, no signals; fields with ``auto_now``/``auto_now_add`` are not
    supported (give the time). The constraints apply as to any INSERT."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(rows)
        return
    from psycopg.types.json import Jsonb

    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    if any(
        getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        for field in fields
    ):
        raise ValueError(f"{model.__name__}: rows_copied does not set auto_now fields")
    if any(row.pk is not None for row in rows):
        raise ValueError(f"{model.__name__}: rows_copied writes new rows only")
    json_fields = {n for n, field in enumerate(fields) if isinstance(field, models.JSONField)}
    names = [field.attname for field in fields]

    def value(n: int, raw: Any) -> Any:
        if raw is None:
            return None
        if n in json_fields:
            return Jsonb(raw)
        if isinstance(raw, enum.Enum):
            return raw.value
        return raw

    sql = (
        f"COPY {_quote(meta.db_table)} ({', '.join(_quote(field.column) for field in fields)}) "
        "FROM STDIN"
    )
    with connection.cursor() as cursor:

        def copy(sql: str, params: Any, many: bool, context: Any) -> None:
            connection.validate_no_broken_transaction()
            with connection.wrap_database_errors, cursor.cursor.copy(sql) as copying:
                for row in rows:
                    data = row.__dict__
                    copying.write_row([value(n, data[name]) for n, name in enumerate(names)])

        # Through the connection's execute wrappers, so that a statement counter counts it.
        cursor._execute_with_wrappers(sql, None, False, executor=copy)
