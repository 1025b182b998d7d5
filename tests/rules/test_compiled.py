"""The rules compiled with mypyc say exactly what the rules as Python say (docs/adr/0275).

``scripts/build_rules_compiled.py`` compiles the engine's hot modules (``bistand.rules.compiled``);
``BISTAND_RULES_PURE=1`` runs the same modules as Python. The two forms run in two processes
here and must give the same output for every input, field by field — the explanation, every
line's sources and the refused inputs' errors included. The whole of tests/rules also runs in
both forms (scripts/test runs the SQLite part with ``BISTAND_RULES_PURE=1``, PostgreSQL compiled).
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings

import bistand.rules
from bistand.rules import compiled

from .strategies import households, households_every_field

SRC = Path(bistand.rules.__file__).resolve().parents[1].parent
FIXTURES = Path(__file__).parent / "fixtures"
CASES = Path(__file__).parent / "cases"

_RUN = """
import pickle, sys
import bistand.rules as rules
from bistand.rules import compiled
inputs = pickle.load(sys.stdin.buffer)
out = []
for data in inputs:
    try:
        result = rules.calculate(data)
        out.append(("ok", result.to_dict(), [c.to_dict() for c in result.what_would_change()]))
    except rules.InputError as exc:
        out.append(("refused", [e.to_dict() for e in exc.errors]))
pickle.dump((rules.COMPILED, compiled.in_use(), rules.RULES_VERSION, out), sys.stdout.buffer)
"""


def _run(inputs: list[object], *, pure: bool) -> tuple[bool, bool, str, list[Any]]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "BISTAND_RULES_PURE": "1" if pure else "0"}
    done = subprocess.run(
        [sys.executable, "-c", _RUN],
        input=pickle.dumps(inputs),
        capture_output=True,
        env=env,
        check=True,
    )
    form, loaded, version, out = pickle.loads(done.stdout)  # our own child's answer
    return form, loaded, version, out


def _inputs() -> list[object]:
    inputs: list[object] = []
    for path in sorted(FIXTURES.glob("release_*.json")):
        inputs.extend(o["input"] for o in json.loads(path.read_text(encoding="utf-8")))
    for path in sorted(CASES.glob("*.yaml")):
        inputs.extend(c["input"] for c in yaml.safe_load(path.read_text(encoding="utf-8")))
    generated: list[object] = []

    @settings(max_examples=300, deadline=None, database=None)
    @given(households_every_field())
    def every_field(data: dict[str, Any]) -> None:
        generated.append(data)

    @settings(max_examples=200, deadline=None, database=None)
    @given(households())
    def common(data: dict[str, Any]) -> None:
        generated.append(data)

    every_field()
    common()
    return inputs + generated + generated  # twice: the second time from what the first kept


built = pytest.mark.skipif(
    not compiled.stamp_matches(),
    reason="the rules are not compiled (scripts/build_rules_compiled.py has not run)",
)


def test_bistand_rules_pure_runs_the_rules_as_python() -> None:
    form, loaded, version, _ = _run([], pure=True)
    assert (form, loaded) == (False, False)
    assert version == bistand.rules.RULES_VERSION


@built
def test_the_build_is_used_when_it_was_made_from_todays_sources() -> None:
    form, loaded, version, _ = _run([], pure=False)
    assert (form, loaded) == (True, True)
    assert version == bistand.rules.RULES_VERSION  # the same rules, the same version


@built
def test_compiled_and_python_rules_give_the_same_output_for_every_input() -> None:
    """Every fixture household of every release, every YAML case (the refused ones with the
    same errors) and 500 generated households (every role, income type and cost, odd member
    rows), these twice (the second time from what the first kept)."""
    inputs = _inputs()
    _, _, _, python = _run(inputs, pure=True)
    _, _, _, native = _run(inputs, pure=False)
    assert len(python) == len(native) == len(inputs)
    refused = 0
    for data, a, b in zip(inputs, python, native, strict=True):
        assert json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False), data
        assert a == b
        refused += a[0] == "refused"
    assert 0 < refused < len(inputs)  # both kinds were compared


def test_a_build_of_other_sources_is_not_used(tmp_path: Path, monkeypatch) -> None:
    """A stamp that is not today's sources' digest (a rule module edited after the build)
    means Python, never stale compiled code."""
    stamp = tmp_path / "_compiled.txt"
    stamp.write_text("0" * 64 + "\n", encoding="utf-8")
    monkeypatch.setattr(compiled, "STAMP", stamp)
    assert not compiled.stamp_matches()
    monkeypatch.setattr(compiled, "STAMP", tmp_path / "missing.txt")
    assert not compiled.stamp_matches()
