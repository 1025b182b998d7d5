"""Read-only dicts and lists for the parts of an explanation every calculation shares.

A line's citations (the same for every line of the rule in the month) and a parameter value's
description (the same for every calculation that uses it) are made once per process and put
into every ``to_dict()`` output as they are, not copied: an explanation is mostly such text,
and copying it was a large part of the whole path (docs/adr/0225). So that no caller can
change what the next explanation says, these shared parts are read-only: any change raises
:class:`TypeError`. They are ``dict`` and ``list`` subclasses, so they compare equal to, and
serialise to JSON exactly as, the plain dicts and lists they replace; ``copy.copy`` and
``copy.deepcopy`` (and pickling) give plain, changeable ones.
"""

from __future__ import annotations

import copy
from typing import Any, NoReturn

__all__ = ["FrozenDict", "FrozenList", "frozen"]

_MESSAGE = (
    "This part of the explanation is shared by every calculation and cannot be changed; "
    "change a copy (copy.deepcopy)."
)


def _refuse(*_args: object, **_kwargs: object) -> NoReturn:
    raise TypeError(_MESSAGE)


class FrozenDict(dict[str, Any]):
    """A dict that refuses every change (see the module)."""

    __slots__ = ()

    __setitem__ = _refuse
    __delitem__ = _refuse
    __ior__ = _refuse
    clear = _refuse
    pop = _refuse
    popitem = _refuse
    setdefault = _refuse
    update = _refuse

    def __copy__(self) -> dict[str, Any]:
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return {key: copy.deepcopy(value, memo) for key, value in self.items()}

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self),))


class FrozenList(list[Any]):
    """A list that refuses every change (see the module)."""

    __slots__ = ()

    __setitem__ = _refuse
    __delitem__ = _refuse
    __iadd__ = _refuse
    __imul__ = _refuse
    append = _refuse
    extend = _refuse
    insert = _refuse
    pop = _refuse
    remove = _refuse
    clear = _refuse
    sort = _refuse
    reverse = _refuse

    def __copy__(self) -> list[Any]:
        return list(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        return [copy.deepcopy(value, memo) for value in self]

    def __reduce__(self) -> tuple[Any, ...]:
        return (list, (list(self),))


def frozen(value: Any) -> Any:
    """``value`` (JSON-safe data) with every dict and list in it made read-only."""
    if isinstance(value, dict):
        return FrozenDict({key: frozen(item) for key, item in value.items()})
    if isinstance(value, list):
        return FrozenList(frozen(item) for item in value)
    return value
