"""Dated parameters from YAML: law (``parameters/``), practice (``interpretation/``) and the
municipality's guidelines (``guidelines.yaml`` in the municipality's configuration directory,
outside this package), kept apart.

Each parameter has a ``description``, a ``unit`` and ``values`` keyed by the date they apply from;
every value has a ``reference`` and may be ``provisional: true`` with a ``note``. A ``null`` value
ends the previous one ("not recorded"): asking for it raises :class:`ParameterMissingError`
instead of silently using an older year. Amounts with a ``SEK`` unit are whole kronor in YAML
and ``int`` öre here.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

import yaml

__all__ = [
    "PACKAGE_DIR",
    "Guideline",
    "ParamValue",
    "ParameterMissingError",
    "ParameterSet",
    "guideline_files",
    "guideline_for",
    "guidelines",
    "law_parameters",
]

PACKAGE_DIR = Path(__file__).resolve().parent
LAW_DIR = PACKAGE_DIR / "parameters"
INTERPRETATION_DIR = PACKAGE_DIR / "interpretation"
# The municipality's configuration directory (docs/configuration.md), read here without Django
# because the rules package stands alone; bistand.core.municipality reads the same variable.
MUNICIPALITY_DIR_ENV = "BISTAND_MUNICIPALITY_DIR"
EXAMPLE_MUNICIPALITY_DIR = PACKAGE_DIR.parent / "municipalities" / "exempelkommun"
GUIDELINES_FILE = "guidelines.yaml"


def guideline_files() -> tuple[Path, ...]:
    """The guideline file this release was computed with: a snapshot kept in the frozen package
    (``guidelines/guidelines.yaml``), never the municipality directory of today."""
    return (PACKAGE_DIR / "guidelines" / GUIDELINES_FILE,)


class ParameterMissingError(LookupError):
    """No value is recorded for the parameter on that date."""

    def __init__(self, param_id: str, on: date, reference: str | None = None) -> None:
        self.param_id = param_id
        self.on = on
        self.reference = reference
        detail = f" ({reference})" if reference else ""
        super().__init__(f"Parametern {param_id} saknar värde för {on.isoformat()}{detail}")


@dataclass(frozen=True, slots=True)
class ParamValue:
    """One dated value of a parameter, with where it comes from."""

    id: str
    valid_from: date
    value: Any  # int öre for SEK units, otherwise as in YAML
    unit: str
    reference: str
    provisional: bool
    note: str | None
    source_file: str

    def to_dict(self) -> dict[str, Any]:
        # Built once per value (values are immutable); each call gets its own copy.
        cached = _DICTS.get(id(self))
        if cached is None or cached[0] is not self:
            cached = _DICTS[id(self)] = (
                self,
                {
                    "id": self.id,
                    "valid_from": self.valid_from.isoformat(),
                    "value": _json_value(self.value, self.unit),
                    "unit": self.unit,
                    "reference": self.reference,
                    "provisional": self.provisional,
                    "note": self.note,
                    "source_file": self.source_file,
                },
            )
        out = dict(cached[1])
        value = out["value"]
        if isinstance(value, list):
            out["value"] = list(value)
        elif isinstance(value, dict):
            out["value"] = dict(value)
        return out


# id(value) → (the value, its dict); holding the value keeps its id from being reused.
_DICTS: Final[dict[int, tuple[ParamValue, dict[str, Any]]]] = {}


def _json_value(value: Any, unit: str) -> Any:
    if unit.startswith("SEK"):
        from bistand.rules.released.r2_0_8.money import format_kronor

        if isinstance(value, tuple):
            return [format_kronor(v) for v in value]
        return format_kronor(value)
    if isinstance(value, tuple):
        return list(value)
    return value


@dataclass(frozen=True, slots=True)
class _Entry:
    valid_from: date
    value: Any
    reference: str
    provisional: bool
    note: str | None


@dataclass(slots=True)
class ParameterSet:
    """Parameters from a group of YAML files, looked up by id and date."""

    files: tuple[Path, ...]
    _dates: dict[str, list[date]] = field(default_factory=dict)
    _entries: dict[str, list[_Entry]] = field(default_factory=dict)
    _meta: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    _cache: dict[tuple[str, date], ParamValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for path in self.files:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
            for param_id, spec in document["parameters"].items():
                self._add(param_id, spec, path)

    def _add(self, param_id: str, spec: Mapping[str, Any], path: Path) -> None:
        if param_id in self._entries:
            raise ValueError(f"{path.name}: parametern {param_id} finns redan")
        unit = str(spec["unit"])
        entries: list[_Entry] = []
        for when, raw in sorted(spec["values"].items()):
            if not isinstance(when, date):
                raise ValueError(f"{path.name}: {param_id}: {when!r} är inget datum")
            value = raw["value"]
            if value is not None and unit.startswith("SEK"):
                value = (
                    tuple(int(v) * 100 for v in value)
                    if isinstance(value, list)
                    else int(value) * 100
                )
            elif isinstance(value, list):
                value = tuple(value)
            entries.append(
                _Entry(
                    when,
                    value,
                    str(raw["reference"]),
                    bool(raw.get("provisional", False)),
                    raw.get("note"),
                )
            )
        self._entries[param_id] = entries
        self._dates[param_id] = [e.valid_from for e in entries]
        self._meta[param_id] = (unit, str(spec["description"]), path.name)

    def ids(self) -> list[str]:
        return sorted(self._entries)

    def __contains__(self, param_id: object) -> bool:
        return param_id in self._entries

    def at(self, param_id: str, on: date) -> ParamValue:
        """The value of ``param_id`` in force on ``on``; :class:`ParameterMissingError` if none."""
        cached = self._cache.get((param_id, on))
        if cached is not None:
            return cached
        dates = self._dates.get(param_id)
        if dates is None:
            raise ParameterMissingError(param_id, on)
        index = bisect_right(dates, on) - 1
        if index < 0:
            raise ParameterMissingError(param_id, on)
        entry = self._entries[param_id][index]
        if entry.value is None:
            raise ParameterMissingError(param_id, on, entry.reference)
        unit, _description, source = self._meta[param_id]
        found = self._cache[(param_id, on)] = ParamValue(
            param_id,
            entry.valid_from,
            entry.value,
            unit,
            entry.reference,
            entry.provisional,
            entry.note,
            source,
        )
        return found

    def description(self, param_id: str) -> str:
        return self._meta[param_id][1]

    def raw_values(self, param_id: str) -> list[tuple[date, str, bool, str | None]]:
        """(valid from, reference, provisional, note) of every dated value, for conventions."""
        return [(e.valid_from, e.reference, e.provisional, e.note) for e in self._entries[param_id]]


_LAW: ParameterSet | None = None


def law_parameters() -> ParameterSet:
    """The law's and our interpretation's parameters (loaded once)."""
    global _LAW
    if _LAW is None:
        _LAW = ParameterSet(
            tuple(sorted(LAW_DIR.glob("*.yaml"))) + tuple(sorted(INTERPRETATION_DIR.glob("*.yaml")))
        )
    return _LAW


@dataclass(frozen=True, slots=True)
class Guideline:
    """A municipality's riktlinjer: dated caps, kept apart from the law."""

    key: str
    label: str
    example: bool
    parameters: ParameterSet


_GUIDELINES: dict[str, Guideline] | None = None


def guidelines() -> dict[str, Guideline]:
    """The municipality's guideline set, by lower-case key and alias (loaded once)."""
    global _GUIDELINES
    if _GUIDELINES is None:
        found: dict[str, Guideline] = {}
        for path in guideline_files():
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
            guideline = Guideline(
                str(document["municipality"]),
                str(document["label"]),
                bool(document.get("example", False)),
                ParameterSet((path,)),
            )
            for name in [document["municipality"], *document.get("aliases", [])]:
                found[str(name).casefold()] = guideline
        _GUIDELINES = found
    return _GUIDELINES


def guideline_for(municipality: str) -> Guideline | None:
    """The guideline set for a municipality name or key (case-insensitive), or None."""
    return guidelines().get(municipality.casefold())
