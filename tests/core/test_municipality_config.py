"""The municipality outside the package: one configuration directory chosen by
BISTAND_MUNICIPALITY_DIR, checked against its schema at start-up and by `bistand check`
(docs/configuration.md)."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from django.utils import timezone

from bistand.casework.selectors import sla_due
from bistand.core.delegation import NotDelegatedError, delegation_in_force, delegation_reference
from bistand.core.municipality import EXAMPLE_DIR, load_municipality, problems


def run_bistand(args: list[str], municipality_dir: Path, tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BISTAND_")}
    env.update(
        {
            "BISTAND_DATA_DIR": str(tmp_path / "data"),
            "BISTAND_MUNICIPALITY_DIR": str(municipality_dir),
            "DJANGO_SETTINGS_MODULE": "bistand.settings",
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "bistand.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def own_copy(tmp_path: Path) -> Path:
    """A municipality's own directory, copied from the shipped example."""
    target = tmp_path / "vastra-exempel"
    shutil.copytree(EXAMPLE_DIR, target)
    return target


def edit(path: Path, change) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


def test_the_shipped_example_is_valid_synthetic_and_complete():
    assert problems(EXAMPLE_DIR) == []
    municipality = load_municipality(EXAMPLE_DIR)
    assert municipality.example is True
    assert municipality.name == "Exempelkommunen"
    contact = municipality.contact
    assert contact.phone and contact.email.endswith(".example")
    assert contact.address and contact.opening_hours and municipality.unit
    assert municipality.sla_decision_working_days == 1
    assert municipality.meeting_offer_within_hours == 24
    assert municipality.meeting_reminder_days_before == 1
    assert municipality.payments.fixed_days == ()
    assert municipality.payments.remittance == "Utbetalning {case_number}"


def test_payment_days_and_remittance_come_from_the_directory_and_are_checked(own_copy, tmp_path):
    path = own_copy / "municipality.yaml"
    edit(path, lambda d: d["payments"].update(fixed_days=[25, 10]))
    load_municipality.cache_clear()
    assert load_municipality(own_copy).payments.fixed_days == (10, 25)
    edit(path, lambda d: d["payments"].update(fixed_days=[32], remittance="x" * 141))
    assert set(problems(own_copy)) >= {
        "municipality.payments.fixed_days: must be a list of days of the month (1–31)",
        "municipality.payments.remittance: must be at most 140 characters with the case number",
    }
    edit(path, lambda d: d["meetings"].pop("reminder_days_before"))
    assert "municipality.meetings.reminder_days_before: must be a whole number ≥ 1" in problems(
        own_copy
    )


def test_the_directory_is_chosen_by_the_environment(own_copy, tmp_path):
    edit(own_copy / "municipality.yaml", lambda d: d.update(name="Västra Exempel kommun"))
    result = run_bistand(
        ["shell", "-c", "from django.conf import settings; print(settings.MUNICIPALITY_NAME)"],
        own_copy,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "Västra Exempel kommun"


def test_a_faulty_directory_stops_start_up_and_names_every_fault(own_copy, tmp_path):
    edit(own_copy / "municipality.yaml", lambda d: d["contact"].pop("phone"))
    edit(
        own_copy / "delegation.yaml",
        lambda d: d["versions"][0]["delegates"]["automated"]["points"][0].update(
            max_amount="mycket"
        ),
    )
    assert problems(own_copy) == [
        "municipality.contact.phone: must be a non-empty string",
        "delegation.versions[0].delegates.automated.points[0].max_amount: must be an amount",
    ]
    result = run_bistand(["check"], own_copy, tmp_path)
    assert result.returncode != 0
    assert "municipality.contact.phone: must be a non-empty string" in result.stderr
    assert "max_amount: must be an amount" in result.stderr


def test_a_missing_file_is_named(own_copy):
    (own_copy / "gallring.yaml").unlink()
    assert problems(own_copy) == [f"gallring.yaml: missing in {own_copy}"]


def test_bistand_check_passes_on_a_valid_copy(own_copy, tmp_path):
    result = run_bistand(["check"], own_copy, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_one_delegation_file_for_staff_roles_and_the_automated_function():
    on = date(2026, 12, 1)
    assert "punkt 4.1" in delegation_reference(role="ekonomisekreterare", on=on)
    assert "punkt 4.2" in delegation_in_force(on).reference
    with pytest.raises(NotDelegatedError):
        delegation_reference(role="granskare", on=on)
    with pytest.raises(NotDelegatedError):
        delegation_in_force(date(2025, 12, 31))


def test_the_sla_counts_the_configured_working_days(settings):
    received = timezone.make_aware(datetime(2026, 12, 4, 10, 0))  # a Friday
    assert timezone.localtime(sla_due(received)).date() == date(2026, 12, 7)
    settings.MUNICIPALITY = dataclasses.replace(settings.MUNICIPALITY, sla_decision_working_days=2)
    assert timezone.localtime(sla_due(received)).date() == date(2026, 12, 8)
