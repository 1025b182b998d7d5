"""The fault-injection seam: production code only marks checkpoints; a test decides what happens."""

import ast
from pathlib import Path

from bistand.core import checkpoints

SRC = Path(__file__).resolve().parents[2] / "src" / "bistand"


def test_a_checkpoint_does_nothing_until_a_test_installs_a_hook():
    reached: list[str] = []
    checkpoints.checkpoint("payment_file.assign")  # no hook: nothing happens
    previous = checkpoints.install(reached.append)
    try:
        checkpoints.checkpoint("payment_file.assign")
    finally:
        checkpoints.install(previous)
    checkpoints.checkpoint("payment_file.render")
    assert reached == ["payment_file.assign"]


def test_production_code_has_no_pause_of_its_own():
    """No `time.sleep` in the payment services: a pause exists only in a test's hook."""
    tree = ast.parse((SRC / "payments" / "services.py").read_text())
    sleeps = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "sleep"
    ]
    assert sleeps == []
