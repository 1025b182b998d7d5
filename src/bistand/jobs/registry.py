"""The job registry: a job name maps to one function.

Register with the `job` decorator in the owning app's `jobs.py`; every app's `jobs` module is
imported when Django starts (see JobsConfig.ready), so the worker knows every name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

JobFunction = Callable[..., Any]
_REGISTRY: dict[str, JobFunction] = {}


def job(name: str) -> Callable[[JobFunction], JobFunction]:
    def register(func: JobFunction) -> JobFunction:
        if name in _REGISTRY and _REGISTRY[name] is not func:
            raise ValueError(f"Job name {name!r} is registered twice")
        _REGISTRY[name] = func
        return func

    return register


def get(name: str) -> JobFunction:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise LookupError(f"No job is registered as {name!r}") from None


def names() -> list[str]:
    return sorted(_REGISTRY)
