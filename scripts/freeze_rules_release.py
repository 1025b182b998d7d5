#!/usr/bin/env python3
"""Freeze the installed rules release into src/bistand/rules/released/r<X_Y_Z>/ (ADR 0100, 0171).

    .venv/bin/python scripts/freeze_rules_release.py

Copies the rule modules and parameter files as they are (only the import paths renamed to the
frozen package, the municipality's guideline file kept as a snapshot in ``guidelines/`` and read
from there, and ``replay`` limited to the release's own version), writes the version string the
release has now (release + digest) into the copy's ``version.py``, and writes
tests/rules/fixtures/release_<X_Y_Z>.json with outputs made by the installed code (every third
valid YAML case). Then: add the version to ``RELEASES`` in rules/released/__init__.py, run
``ruff check --fix`` and ``ruff format`` on the copy, and commit it in one commit. Refuses if the
release is frozen already: a frozen package is never edited.
"""

import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src/bistand/rules"
sys.path.insert(0, str(ROOT / "src"))
from bistand.rules.parameters import guideline_files  # noqa: E402
from bistand.rules.version import RELEASE, RULES_VERSION  # noqa: E402

name = "r" + RELEASE.replace(".", "_")
pkg = f"bistand.rules.released.{name}"
DST = SRC / "released" / name
if DST.exists():
    sys.exit(f"{DST} exists: release {RELEASE} is frozen already (raise RELEASE for new rules).")
SKIP = {"cli.py", "compiled.py", "version.py", "batch.py", "__init__.py"}
files = [
    p
    for p in (*SRC.rglob("*.py"), *SRC.rglob("*.yaml"))
    if "__pycache__" not in p.parts
    and p.relative_to(SRC).parts[0] != "released"
    and not (p.parent == SRC and p.name in SKIP)
]
for p in files:
    rel = p.relative_to(SRC)
    out = DST / rel
    out.parent.mkdir(parents=True, exist_ok=True)
    text = p.read_text(encoding="utf-8")
    if p.suffix == ".py":
        text = re.sub(
            r"^(\s*(?:from|import) )bistand\.rules\b(?!\.released)",
            lambda m: m.group(1) + pkg,
            text,
            flags=re.M,
        )
    out.write_text(text, encoding="utf-8")
# guidelines: a snapshot of the municipality guideline file the version was computed with
(guides,) = guideline_files()
(DST / "guidelines").mkdir()
shutil.copyfile(guides, DST / "guidelines" / "guidelines.yaml")
# parameters.py: read the snapshot, not the municipality directory
par = DST / "parameters.py"
t = par.read_text(encoding="utf-8")
start = t.index("def guideline_files() -> tuple[Path, ...]:")
end = t.index("\n\n\n", start)
t = (
    t[:start]
    + '''def guideline_files() -> tuple[Path, ...]:
    """The guideline file this release was computed with: a snapshot kept in the frozen package
    (``guidelines/guidelines.yaml``), never the municipality directory of today."""
    return (PACKAGE_DIR / "guidelines" / GUIDELINES_FILE,)'''
    + t[end:]
)
par.write_text(t, encoding="utf-8")
# engine.py: replay only its own version (no chain to other releases)
eng = DST / "engine.py"
t = eng.read_text(encoding="utf-8")
t = t.replace(f"from {pkg} import released\n", "")
start = t.index("def replay(")
end = t.index("def verify(")
t = (
    t[:start]
    + '''def replay(stored_input: Mapping[str, Any], rules_version: str) -> CalculationResult:
    """Recalculate a stored input with the stored rules version; raises
    :class:`RulesVersionMismatchError` if this frozen release is not that version."""
    if rules_version != RULES_VERSION:
        raise RulesVersionMismatchError(rules_version, RULES_VERSION)
    return calculate(HouseholdInput.from_dict(stored_input))


'''
    + t[end:]
)
t = t.replace(
    "def verify(stored_output: Mapping[str, Any]) -> Any:",
    "def verify(stored_output: Mapping[str, Any]) -> CalculationResult:",
)
eng.write_text(t, encoding="utf-8")
(DST / "version.py").write_text(
    f'''"""The frozen release's version string, as it was computed when the release was in use."""

from __future__ import annotations

__all__ = ["RELEASE", "RULES_VERSION"]

RELEASE = "{RELEASE}"
RULES_VERSION = "{RULES_VERSION}"
''',
    encoding="utf-8",
)
(DST / "__init__.py").write_text(
    f'''"""Rules release {RELEASE} (``{RULES_VERSION}``), frozen: the rules that made the
decisions of release {RELEASE}, kept byte for byte (only the import paths renamed, the
guideline file read from the snapshot in ``guidelines/`` and ``replay`` limited to its own
version) so that those decisions replay identically under their own version after the rules
change (docs/adr/0100-rules-releases-kept-for-replay.md, docs/adr/0171-rules-release-2-frozen.md).

Never edit this package: a change here would make the old decisions unverifiable.
"""

from {pkg}.engine import (
    ReplayMismatchError,
    RulesVersionMismatchError,
    calculate,
    replay,
    verify,
)
from {pkg}.version import RULES_VERSION

__all__ = [
    "RULES_VERSION",
    "ReplayMismatchError",
    "RulesVersionMismatchError",
    "calculate",
    "replay",
    "verify",
]
''',
    encoding="utf-8",
)
print(name, RULES_VERSION, len(files), "files")

# --- the fixture: outputs made by the installed code ---
import yaml  # noqa: E402

from bistand.rules import InputError, calculate  # noqa: E402

cases = []
for path in sorted((ROOT / "tests/rules/cases").glob("*.yaml")):
    cases.extend(yaml.safe_load(path.read_text(encoding="utf-8")))
outputs = []
for case in cases[::3]:
    if "error_field" in case:
        continue
    try:
        outputs.append(calculate(case["input"]).to_dict())
    except InputError:
        continue
name = "release_" + RELEASE.replace(".", "_") + ".json"
(ROOT / "tests/rules/fixtures" / name).write_text(
    json.dumps(outputs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
)
print(name, len(outputs))
