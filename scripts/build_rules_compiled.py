#!/usr/bin/env python3
"""Compile the rules engine's hot modules with mypyc (docs/adr/0275), in place, if they changed.

    .venv/bin/python scripts/build_rules_compiled.py [--force] [--clean]

Writes a C extension next to each module in :data:`bistand.rules.compiled.MODULES`
(``src/bistand/rules/inputs.cpython-311-….so`` and so on, plus their shared library
``src/bistand_rules__mypyc.cpython-311-….so``) and the stamp ``src/bistand/rules/_compiled.txt``:
the sha256 of exactly the sources that were compiled. ``bistand.rules`` uses the compiled
modules only while that stamp matches the sources (an edited rule module is used as Python
until the next build) and never when ``BISTAND_RULES_PURE=1``. The rules are the same either way
(tests/rules/test_compiled.py); the build only makes them faster. Needs gcc and the Python
headers; mypy (which brings mypyc) is in requirements.txt. The extensions are not in git.

Run by scripts/bootstrap.sh (``ensure_venv``); nothing is built when the stamp already matches.
A failed build leaves the pure-Python rules in use and says so (exit status 1).
``--clean`` removes the extensions and the stamp.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
sys.path.insert(0, str(SRC))

# bistand.rules.compiled reads only files: importing it does not import the rules.
from bistand.rules.compiled import (  # noqa: E402
    GROUP,
    MODULES,
    STAMP,
    source_digest,
    stamp_matches,
)

SETUP = """
from setuptools import setup
from mypyc.build import mypycify

setup(
    name="bistand-rules-compiled",
    ext_modules=mypycify(
        ["--config-file", "mypy.ini", *{paths!r}], opt_level="3", group_name={group!r}
    ),
    script_args=["build_ext", "--inplace"],
)
"""


def compiled_files() -> list[Path]:
    rules = SRC / "bistand" / "rules"
    return [
        *SRC.glob(f"{GROUP}__mypyc.*.so"),
        *(p for p in rules.rglob("*.so") if "released" not in p.relative_to(rules).parts),
    ]


def clean() -> None:
    for path in compiled_files():
        path.unlink()
    STAMP.unlink(missing_ok=True)


def build() -> None:
    paths = [f"bistand/{m.replace('.', '/')}.py" for m in MODULES]
    digest = source_digest()
    with tempfile.TemporaryDirectory(prefix="bistand-mypyc-") as tmp:
        work = Path(tmp)
        shutil.copytree(SRC / "bistand", work / "bistand", ignore=shutil.ignore_patterns("*.so"))
        config = work / "mypy.ini"
        config.write_text(
            "[mypy]\npython_version = 3.11\nignore_missing_imports = True\nstrict = True\n",
            encoding="utf-8",
        )
        (work / "setup.py").write_text(SETUP.format(paths=paths, group=GROUP), encoding="utf-8")
        run = subprocess.run(
            [sys.executable, "setup.py"], cwd=work, capture_output=True, text=True, check=False
        )
        if run.returncode != 0:
            sys.stderr.write(run.stdout[-4000:] + run.stderr[-4000:])
            raise SystemExit("mypyc build failed: the rules run as Python (no compiled modules).")
        clean()
        for built in work.rglob("*.so"):
            rel = built.relative_to(work)
            target = SRC / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(built, target)
    STAMP.write_text(digest + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    if "--clean" in argv:
        clean()
        print("compiled rules modules removed: the rules run as Python")
        return 0
    if "--force" not in argv and stamp_matches():
        print("compiled rules modules are up to date")
        return 0
    build()
    print(f"compiled {len(MODULES)} rules modules with mypyc ({source_digest()[:12]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
