"""Reads remembered for the length of one block of work (one batch of the worker).

Inside `memo_scope()`, `memoized(key, compute)` computes a value once and gives the same value
for the rest of the block; outside any scope it computes every time. Per thread (a context
variable), and nothing outlives the block, so a value read inside a transaction is never used
after that transaction (docs/adr/0180-batch-worker.md).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_scope: ContextVar[dict[Hashable, Any] | None] = ContextVar("memo_scope", default=None)


@contextmanager
def memo_scope() -> Iterator[None]:
    if _scope.get() is not None:  # nested: the outer scope keeps the values
        yield
        return
    token = _scope.set({})
    try:
        yield
    finally:
        _scope.reset(token)


def memoized(key: Hashable, compute: Callable[[], T]) -> T:
    scope = _scope.get()
    if scope is None:
        return compute()
    if key not in scope:
        scope[key] = compute()
    return scope[key]  # type: ignore[no-any-return]


def remember(key: Hashable, value: Any) -> None:
    """Put a value read in bulk into the current scope (nothing outside a scope)."""
    scope = _scope.get()
    if scope is not None:
        scope[key] = value
