"""``python -m bistand.synthetic --seed 1 --count 5 --month 2026-01``: households as JSON lines.

By default each line is the rules engine's input (``bistand calculate`` reads it); ``--full``
adds the fictional people (synthetic personnummer, names), assets, vehicles and needs.
"""

from __future__ import annotations

import argparse
import json
import sys

from bistand.synthetic.households import iter_households


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bistand.synthetic",
        description="Syntetiska hushåll (aldrig riktiga personuppgifter) som JSON-rader.",
    )
    parser.add_argument("--seed", type=int, default=1, help="slumpfrö (samma frö, samma data)")
    parser.add_argument("--count", type=int, default=5, help="antal hushåll")
    parser.add_argument("--month", required=True, help="månad, ÅÅÅÅ-MM")
    parser.add_argument("--municipality", default=None, help="kommun (valfri)")
    parser.add_argument(
        "--full", action="store_true", help="ta med personer, tillgångar och behov över norm"
    )
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count kan inte vara negativt")
    try:
        households = iter_households(
            args.seed, args.count, args.month, municipality=args.municipality
        )
        out = sys.stdout
        for h in households:
            data = h.to_dict() if args.full else h.to_rules_input()
            out.write(json.dumps(data, ensure_ascii=False) + "\n")
    except ValueError as exc:
        parser.error(str(exc))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
