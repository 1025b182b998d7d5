"""The job registry: a job name maps to its functions.

Register with the `job` decorator in the owning app's `jobs.py`; every app's `jobs` module is
imported when Django starts (see JobsConfig.ready), so the worker knows every name.

A job has an `apply` function, run inside one database transaction together with the job's DONE
mark, and optionally a `prepare` function, run first and outside any transaction, for slow
work without database effects of its own that must be undone (fetching register data over HTTP).
`apply` then receives what `prepare` returned as `prepared=`. Keeping slow I/O out of the
transaction matters on SQLite, where a write transaction holds the database's one write lock.

A job may also have `prepare_many(payloads) -> [prepared, …]` and `apply_many(payloads,
prepared) -> [result, …]`: the worker then runs a claimed batch of such jobs together (the I/O
of all at once, one transaction with bulk writes). Both must give exactly what `prepare` and
`apply` give one by one; the worker falls back to those when the batch fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

JobFunction = Callable[..., Any]


@dataclass(frozen=True)
class RegisteredJob:
    name: str
    apply: JobFunction
    prepare: JobFunction | None = None
    prepare_many: JobFunction | None = None
    apply_many: JobFunction | None = None


_REGISTRY: dict[str, RegisteredJob] = {}


def job(
    name: str,
    *,
    prepare: JobFunction | None = None,
    prepare_many: JobFunction | None = None,
    apply_many: JobFunction | None = None,
) -> Callable[[JobFunction], JobFunction]:
    def register(func: JobFunction) -> JobFunction:
        existing = _REGISTRY.get(name)
        if existing is not None and existing.apply is not func:
            raise ValueError(f"Job name {name!r} is registered twice")
        _REGISTRY[name] = RegisteredJob(
            name=name,
            apply=func,
            prepare=prepare,
            prepare_many=prepare_many,
            apply_many=apply_many,
        )
        return func

    return register


def get(name: str) -> RegisteredJob:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise LookupError(f"No job is registered as {name!r}") from None


def names() -> list[str]:
    return sorted(_REGISTRY)
