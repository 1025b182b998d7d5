"""``bistand calculate FILE.json`` (or ``-`` for stdin): print the calculation as JSON.

Exit codes: 0 calculated; 2 bad input (the error names every field, as JSON on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

from bistand.rules.engine import calculate
from bistand.rules.inputs import FieldError, InputError

__all__ = ["main"]


def _fail(errors: list[FieldError]) -> int:
    json.dump(InputError(errors).to_dict(), sys.stderr, ensure_ascii=False, indent=2)
    sys.stderr.write("\n")
    for e in errors:
        sys.stderr.write(f"{e.field}: {e.message}\n")
    return 2


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="bistand calculate",
        description="Beräkna försörjningsstöd för ett hushåll och en månad (docs/rules-input.md).",
    )
    parser.add_argument("file", help="JSON-fil med indata, eller - för standard in")
    parser.add_argument("--compact", action="store_true", help="skriv JSON på en rad")
    args = parser.parse_args(argv)
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except OSError as exc:
        return _fail([FieldError("(fil)", f"Filen kan inte läsas: {exc.strerror}", "io")])
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        return _fail([FieldError("(json)", f"Ogiltig JSON på rad {exc.lineno}: {exc.msg}", "json")])
    try:
        result = calculate(data)
    except InputError as exc:
        return _fail(exc.errors)
    json.dump(
        result.to_dict(),
        sys.stdout,
        ensure_ascii=False,
        indent=None if args.compact else 2,
    )
    sys.stdout.write("\n")
    return 0
