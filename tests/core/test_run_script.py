"""scripts/run: the demo's letters link to the port the demo actually runs on."""

from __future__ import annotations

import subprocess
from pathlib import Path

RUN = Path(__file__).resolve().parents[2] / "scripts" / "run"


def _public_url(env: dict[str, str]) -> str:
    lines = [
        line
        for line in RUN.read_text(encoding="utf-8").splitlines()
        if line.startswith(("PORT=", "export BISTAND_PUBLIC_BASE_URL="))
    ]
    script = "\n".join([*lines, 'printf %s "$BISTAND_PUBLIC_BASE_URL"'])
    result = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def test_the_letters_link_follows_the_port_the_demo_runs_on():
    """Found walking the demo on PORT=8040: the decision letter said "överklaga digitalt på
    Min sida: http://127.0.0.1:8000/overklaga/", a port nothing listened on."""
    assert _public_url({"PORT": "8040"}) == "http://127.0.0.1:8040"
    assert _public_url({}) == "http://127.0.0.1:8000"
    given = {"PORT": "8040", "BISTAND_PUBLIC_BASE_URL": "https://bistand.example"}
    assert _public_url(given) == "https://bistand.example"
