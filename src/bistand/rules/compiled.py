"""Which form of the rules runs: the modules compiled with mypyc, or the same modules as Python.

The hot modules of the engine (:data:`MODULES`) can be compiled to C extensions with mypyc by
``scripts/build_rules_compiled.py`` (run by scripts/bootstrap.sh; docs/adr/0275). The compiled
modules are made from exactly these Python sources and give exactly the same results
(tests/rules/test_compiled.py); they only run faster. They are used when

- ``BISTAND_RULES_PURE`` is not ``1``,
- the build's stamp (``_compiled.txt``) is the digest of the package's Python sources as they
  are now — a rule module edited after the build runs as Python until the next build, never
  as stale compiled code — and
- every compiled module's extension file is there.

Otherwise :func:`activate` puts a finder first on ``sys.meta_path`` that loads these modules
from their ``.py`` files, so Python's preference for an extension module never picks up a
compiled module that should not run. Not part of the rules' digest (``version.py``), like the
CLI: it changes how the rules run, not what they say. Imports nothing of the rules.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec
from pathlib import Path
from types import ModuleType

__all__ = ["GROUP", "MODULES", "STAMP", "activate", "in_use", "source_digest", "stamp_matches"]

PACKAGE = Path(__file__).resolve().parent
STAMP = PACKAGE / "_compiled.txt"
GROUP = "bistand_rules"
"""The name of the compiled modules' shared library (``bistand_rules__mypyc``, next to
``bistand``)."""

MODULES: tuple[str, ...] = (
    "rules.inputs",
    "rules.household",
    "rules.income_types",
    "rules.money",
    "rules.parameters",
    "rules.citations",
    "rules.context",
    "rules.explain",
    "rules.result",
    "rules.law.forsorjningsstod",
    "rules.law.riksnorm",
    "rules.law.inkomster",
    "rules.law.skaliga_kostnader",
    "rules.law.livsforing_i_ovrigt",
    "rules.law.aktivitetskrav",
)
"""The compiled modules (under ``bistand.``): the reader, the calculation and the output."""

_NAMES = frozenset(f"bistand.{m}" for m in MODULES)


def source_digest() -> str:
    """sha256 over every Python source of the rules package (the frozen releases aside) and
    the mypyc version: what a compiled build was made from. Every source counts, not only the
    compiled ones, because the compiled code relies on the types of the modules it imports."""
    digest = hashlib.sha256()
    files = sorted(
        p
        for p in PACKAGE.rglob("*.py")
        if "__pycache__" not in p.parts and "released" not in p.relative_to(PACKAGE).parts[:1]
    )
    for path in files:
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    try:
        from importlib.metadata import version

        digest.update(f"mypy {version('mypy')}".encode())
    except Exception:  # no mypy: no build can match either
        digest.update(b"mypy missing")
    return digest.hexdigest()


def _extension(module: str) -> bool:
    base = PACKAGE.parent / module.replace(".", "/")
    return any(base.with_name(base.name + suffix).is_file() for suffix in EXTENSION_SUFFIXES)


def stamp_matches() -> bool:
    """A compiled build of today's sources is there (stamp and every extension file)."""
    try:
        stamp = STAMP.read_text(encoding="utf-8").strip()
    except OSError:
        return False
    if stamp != source_digest():
        return False
    group = PACKAGE.parent.parent / f"{GROUP}__mypyc"
    return all(_extension(m) for m in MODULES) and any(
        group.with_name(group.name + suffix).is_file() for suffix in EXTENSION_SUFFIXES
    )


class _PythonSource(MetaPathFinder):
    """Finds the compiled modules' ``.py`` files (the rules as Python)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname not in _NAMES:
            return None
        source = PACKAGE.parent / (fullname.removeprefix("bistand.").replace(".", "/") + ".py")
        return importlib.util.spec_from_file_location(fullname, source)


_FINDER = _PythonSource()


def activate() -> bool:
    """Choose the form before any compiled module is imported; True for the compiled one."""
    if os.environ.get("BISTAND_RULES_PURE") != "1" and stamp_matches():
        return True
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    return False


def in_use() -> bool:
    """The rules modules loaded so far are the compiled ones (each of them)."""
    loaded = [m for m in map(sys.modules.get, _NAMES) if m is not None]
    return bool(loaded) and all(
        str(getattr(m, "__file__", "")).endswith(tuple(EXTENSION_SUFFIXES)) for m in loaded
    )
