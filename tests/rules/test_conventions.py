"""Conventions an auditor checks: every parameter dated and referenced, every rule cited,
every rules module with its YAML test file, law kept apart from guidelines and practice."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import yaml

import bistand.rules
from bistand.rules.law import MODULES
from bistand.rules.parameters import (
    INTERPRETATION_DIR,
    LAW_DIR,
    ParameterSet,
    guideline_files,
)

PACKAGE = Path(bistand.rules.__file__).parent
CASES = Path(__file__).parent / "cases"


def all_yaml() -> list[Path]:
    return [
        *LAW_DIR.glob("*.yaml"),
        *INTERPRETATION_DIR.glob("*.yaml"),
        *guideline_files(),
    ]


def test_every_parameter_value_has_a_date_and_a_reference() -> None:
    checked = 0
    for path in all_yaml():
        params = ParameterSet((path,))
        for param_id in params.ids():
            assert params.description(param_id).strip(), param_id
            for valid_from, reference, provisional, note in params.raw_values(param_id):
                assert isinstance(valid_from, date), (path.name, param_id)
                assert len(reference.strip()) > 20, (path.name, param_id, valid_from)
                if provisional:
                    assert note and note.strip(), (
                        f"{param_id} {valid_from}: provisional needs a note"
                    )
                checked += 1
    assert checked > 50


def test_law_parameters_cite_sfs_and_guidelines_are_labelled() -> None:
    for path in LAW_DIR.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "SFS" in text or "socialtjänst" in text, path.name
    for path in guideline_files():
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert document["municipality"] and document["label"]
        if document.get("example"):
            assert "EXEMPEL" in document["label"].upper()
            for spec in document["parameters"].values():
                for value in spec["values"].values():
                    assert "EXEMPEL" in value["reference"].upper()
        assert all(p.startswith("guideline.") for p in document["parameters"])
    for path in INTERPRETATION_DIR.glob("*.yaml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert all(p.startswith("practice.") for p in document["parameters"])
        for spec in document["parameters"].values():
            for value in spec["values"].values():
                assert "Tolkning" in value["reference"]


def test_2026_norm_reproduces_the_government_totals() -> None:
    from bistand.rules.law.riksnorm import tables

    t = tables(date(2026, 1, 1))
    assert t.ensamstaende.value + t.shared_table[0] == 5220_00
    assert t.sambo.value + t.shared_table[1] == 8510_00


def test_every_rule_has_a_legal_citation() -> None:
    rules = [rule for module in MODULES for rule in module.RULES]
    assert len({r.id for r in rules}) == len(rules), "rule ids are unique"
    for rule in rules:
        assert rule.sources, rule.id
        assert rule.title.strip()
        statutory = [c for c in rule.sources if c.sfs and c.kapitel and c.paragraf]
        assert statutory, f"{rule.id} cites no SFS, kapitel and paragraf"
        if rule.kind == "interpretation":
            assert rule.interpretation, f"{rule.id}: say what the interpretation is"


def test_every_line_rule_is_registered() -> None:
    """Lines may only use rules listed in their module's RULES (so the citations are checked)."""
    registered = {rule.id for module in MODULES for rule in module.RULES}
    for module in MODULES:
        # The module's source (its __file__ is a C extension when compiled, ADR 0275).
        source = Path(module.__file__ or "").with_name(module.__name__.rsplit(".", 1)[-1] + ".py")
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Rule":
                first = node.args[0]
                assert isinstance(first, ast.Constant)
                assert first.value in registered, first.value


def test_every_rules_module_has_a_yaml_test_file() -> None:
    for module in MODULES:
        name = (module.__name__ or "").rsplit(".", 1)[-1]
        path = CASES / f"{name}.yaml"
        assert path.exists(), f"missing {path}"
        assert yaml.safe_load(path.read_text(encoding="utf-8")), path


def test_rules_never_import_django_or_other_apps() -> None:
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith("django"), path
                if name.startswith("bistand."):
                    assert name.startswith("bistand.rules"), (path, name)


def test_no_float_in_rules_code() -> None:
    """Money is int öre or Decimal: no float literal or float() call in the rules package."""
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            assert not (isinstance(node, ast.Constant) and isinstance(node.value, float)), path
            assert not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "float"), (
                path
            )
