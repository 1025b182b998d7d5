"""Convention tests: the layout in docs/adr/0005-layout.md holds."""

import ast
import importlib
from pathlib import Path

import pytest
from django.db import models

SRC = Path(__file__).resolve().parents[2] / "src" / "bistand"
# Installed apps that are not domain apps, with the reason (no services/selectors of their own).
NOT_DOMAIN_APPS = {
    "demo": "demo data and the register simulator: commands only, no state of its own",
}
DJANGO_APPS = sorted(
    p.name
    for p in SRC.iterdir()
    if (p / "apps.py").exists() and p.name not in {"rules", *NOT_DOMAIN_APPS}
)
WEB_LAYER = ("views.py", "forms.py", "urls.py", "presenters.py")


def _type_checking_only(tree: ast.AST) -> set[int]:
    """Nodes under `if TYPE_CHECKING:`: names used in annotations only, never a read."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and (
            (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
            or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
        ):
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    return skipped


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    annotations_only = _type_checking_only(tree)
    for node in ast.walk(tree):
        if id(node) in annotations_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_the_domain_apps_exist():
    assert {"applications", "registers", "decisions", "casework", "payments", "followup"} <= set(
        DJANGO_APPS
    )


@pytest.mark.parametrize("app", DJANGO_APPS)
def test_every_app_keeps_services_and_selectors(app):
    assert (SRC / app / "services.py").exists() or (SRC / app / "services").is_dir()
    assert (SRC / app / "selectors.py").exists() or (SRC / app / "selectors").is_dir()


@pytest.mark.parametrize("app", DJANGO_APPS)
def test_web_layer_does_not_reach_into_other_apps_models(app):
    offenders = []
    for path in (SRC / app).rglob("*.py"):
        if path.name not in WEB_LAYER and path.parent.name not in {"views", "forms"}:
            continue
        for module in imported_modules(path):
            parts = module.split(".")
            foreign_models = parts[0] == "bistand" and parts[2:3] == ["models"] and parts[1] != app
            if foreign_models:
                offenders.append(f"{path.relative_to(SRC)} imports {module}")
    assert not offenders, "use the other app's selectors/services instead:\n" + "\n".join(offenders)


def test_convention_check_catches_an_offender(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text("from bistand.payments.models import Payment\n")
    assert "bistand.payments.models" in imported_modules(sample)


def test_an_import_for_annotations_only_is_not_a_read(tmp_path):
    sample = tmp_path / "selectors.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from bistand.decisions.models import Decision\n"
        "from bistand.payments.models import Payment\n"
    )
    found = imported_modules(sample)
    assert "bistand.decisions.models" not in found
    assert "bistand.payments.models" in found


# Models every app may name in its services and selectors: the user and roles, the audit
# actions, and the case (the shared kernel below the domain apps; ADR 0092).
SHARED_MODELS = {"bistand.accounts.models", "bistand.audit.models", "bistand.cases.models"}
# Services and selectors that still read another domain app's models directly, each with the
# reason it stays. Explicit, so the list can only shrink: a new entry fails the test, and so
# does an entry no longer needed.
MODEL_READS_ALLOWED = {
    # The follow-up dashboard aggregates over applications and decisions in the database, in a
    # handful of queries for a whole year (issue 16 item 5); it is being rewritten for speed
    # (session 3, helper "pageperf"), so its reads move with that rewrite.
    ("followup/selectors.py", "bistand.applications.models"): "aggregates for the dashboard",
    ("followup/selectors.py", "bistand.decisions.models"): "aggregates for the dashboard",
}


def _is_choices(module: str, name: str) -> bool:
    """A model module's choices (`Outcome.GRANTED`): the app's vocabulary, not a read."""
    found = getattr(importlib.import_module(module), name, None)
    return isinstance(found, type) and issubclass(found, models.Choices)


def foreign_model_imports(path: Path, app: str) -> set[str]:
    """Another domain app's model modules that `path` imports for more than annotations
    (under TYPE_CHECKING) and choices."""
    tree = ast.parse(path.read_text(), filename=str(path))
    annotations_only = _type_checking_only(tree)
    found: set[str] = set()

    def foreign(module: str) -> bool:
        parts = module.split(".")
        return (
            parts[0] == "bistand"
            and parts[2:3] == ["models"]
            and parts[1] != app
            and ".".join(parts[:3]) not in SHARED_MODELS
        )

    for node in ast.walk(tree):
        if id(node) in annotations_only:
            continue
        if isinstance(node, ast.Import):
            found.update(".".join(a.name.split(".")[:3]) for a in node.names if foreign(a.name))
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and foreign(node.module)
            and not all(_is_choices(node.module, alias.name) for alias in node.names)
        ):
            found.add(".".join(node.module.split(".")[:3]))
    return found


def service_and_selector_model_reads() -> set[tuple[str, str]]:
    found = set()
    for app in DJANGO_APPS:
        for path in (SRC / app).rglob("*.py"):
            if path.name not in {"services.py", "selectors.py"} and path.parent.name not in {
                "services",
                "selectors",
            }:
                continue
            found.update(
                (str(path.relative_to(SRC)), module) for module in foreign_model_imports(path, app)
            )
    return found


def test_choices_and_annotations_are_not_reads(tmp_path):
    sample = tmp_path / "services.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "from bistand.decisions.models import Outcome\n"
        "if TYPE_CHECKING:\n"
        "    from bistand.decisions.models import Decision\n"
    )
    assert foreign_model_imports(sample, "payments") == set()
    sample.write_text("from bistand.decisions.models import Decision, Outcome\n")
    assert foreign_model_imports(sample, "payments") == {"bistand.decisions.models"}


def test_services_and_selectors_use_other_apps_through_their_selectors_and_services():
    found = service_and_selector_model_reads()
    new = sorted(found - set(MODEL_READS_ALLOWED))
    assert not new, "use the other app's selectors/services instead:\n" + "\n".join(map(str, new))
    gone = sorted(set(MODEL_READS_ALLOWED) - found)
    assert not gone, "no longer needed, remove from MODEL_READS_ALLOWED:\n" + "\n".join(
        map(str, gone)
    )


ROOT = SRC.parents[1]
PACKAGES = sorted(p.name for p in SRC.iterdir() if (p / "__init__.py").exists())


@pytest.mark.parametrize("package", PACKAGES)
def test_the_docs_name_every_app(package):
    """The README's layout, ADR 0005's list of apps and the layers table in docs/architecture.md
    ("How to find your way") name every package there is (issue 18: they listed 10 of 14)."""
    readme = (ROOT / "README.md").read_text()
    layout = readme[readme.index("## Layout") : readme.index("## Configuration")]
    assert f"  {package}/" in layout, f"README.md's layout does not list {package}/"
    architecture = (ROOT / "docs" / "architecture.md").read_text()
    way = architecture[architecture.index("## How to find your way") :]
    assert f"`{package}`" in way.split("\n\n")[1], f"architecture.md's layers omit {package}"
    if (SRC / package / "apps.py").exists():
        adr = (ROOT / "docs" / "adr" / "0005-layout.md").read_text()
        decision = " ".join(adr[adr.index("## Decision") :].split())
        assert (
            f" {package}," in decision
            or f" {package} (" in decision
            or (f"and {package} " in decision)
        ), f"ADR 0005 does not list the app {package}"
