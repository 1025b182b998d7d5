"""Item 9: the delegationsordning as dated data. The version in force on the decision day
applies, the code refuses a decision outside the delegate's points, and the automated function's
delegation never includes refusals."""

from __future__ import annotations

import copy
import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.utils import timezone

from bistand.applications.models import ApplicationStatus
from bistand.core import delegation
from bistand.core.delegation import (
    NotDelegatedError,
    OutsideDelegationError,
    delegation_authorise,
    delegation_in_force,
    delegation_reference,
)
from bistand.core.municipality import EXAMPLE_DIR, problems
from bistand.decisions import pipeline
from bistand.decisions.models import Calculation, Decision, Triage
from bistand.decisions.services import Post, decision_make
from tests.decisions.conftest import process, recurring_application

TODAY = timezone.localdate()
TOMORROW = TODAY + timedelta(days=1)


def example() -> dict:
    return yaml.safe_load((EXAMPLE_DIR / "delegation.yaml").read_text(encoding="utf-8"))


def own_directory(tmp_path: Path, document: dict) -> Path:
    target = tmp_path / "kommun"
    shutil.copytree(EXAMPLE_DIR, target)
    (target / "delegation.yaml").write_text(
        yaml.safe_dump(document, allow_unicode=True), encoding="utf-8"
    )
    return target


def with_new_version(valid_from: date, paragraph: str, **automated_point: str) -> dict:
    """The example, plus a later decision of the nämnd that changes the robot's point."""
    document = example()
    newer = copy.deepcopy(document["versions"][0])
    newer["valid_from"] = valid_from
    newer["namnd_decision"] = {"date": valid_from - timedelta(days=20), "paragraph": paragraph}
    newer["delegates"]["automated"]["points"][0].update(automated_point)
    newer["delegates"]["ekonomisekreterare"]["points"][0]["max_amount"] = "1000.00"
    document["versions"].append(newer)
    return document


@pytest.fixture
def changed_tomorrow(tmp_path, monkeypatch) -> Path:
    """The nämnd's new delegationsordning (§ 150) is in force from tomorrow: the robot may
    grant at most 100 kr and the ekonomisekreterare at most 1 000 kr."""
    directory = own_directory(
        tmp_path, with_new_version(TOMORROW, "§ 150", point="4.2 a", max_amount="100.00")
    )
    monkeypatch.setenv("BISTAND_MUNICIPALITY_DIR", str(directory))
    return directory


def test_the_version_in_force_on_the_day_applies(changed_tomorrow):
    assert "§ 112, punkt 4.2" in delegation_in_force(TODAY).reference
    assert "§ 150, punkt 4.2 a" in delegation_in_force(TOMORROW).reference
    assert delegation_in_force(TODAY).max_amount == Decimal("40000.00")
    assert delegation_in_force(TOMORROW).max_amount == Decimal("100.00")
    assert "§ 112" in delegation_reference(role="ekonomisekreterare", on=TODAY)
    assert "§ 150" in delegation_reference(role="ekonomisekreterare", on=TOMORROW)


@pytest.mark.django_db
@pytest.mark.usefixtures("registers_settings")
def test_the_robot_uses_the_delegation_of_the_decision_day_not_of_the_month(
    changed_tomorrow, citizen, worker, monkeypatch
):
    # The application is for this month, under the old delegationsordning; it is decided
    # tomorrow, when the new one is in force: the new one applies (100 kr at most), so the
    # robot may not grant this month's amount and a case worker decides.
    application = recurring_application(citizen, worker)
    monkeypatch.setattr(pipeline, "decision_day", lambda: TOMORROW)
    assert process(application) == "done"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_QUEUE
    triage = Triage.objects.get(application_id=application.pk)
    assert [r["code"] for r in triage.reasons] == ["above_max_amount"]
    assert "§ 150" in triage.delegation_reference


@pytest.mark.django_db
@pytest.mark.usefixtures("registers_settings")
def test_decided_today_the_old_version_applies(changed_tomorrow, citizen, worker):
    application = recurring_application(citizen, worker)
    assert process(application) == "done"
    decision = Decision.objects.get(application_id=application.pk)
    assert decision.automated and "§ 112, punkt 4.2" in decision.delegation_reference


def _decide(application, *, applied: str, granted: str, decided_by, utover: str = ""):
    """Försörjningsstöd (`applied`, `granted`) and, with `utover`, a granted post of bistånd
    utöver of that amount (SoL 2025:400 12 kap. 2 §)."""
    from bistand.decisions.legal import legal_basis
    from bistand.decisions.services import UTOVER

    basis = legal_basis(application.month)
    posts = [
        Post(
            post="forsorjningsstod",
            label="Försörjningsstöd",
            applied=Decimal(applied),
            granted=Decimal(granted),
            reason="Test",
            legal_source=basis.forsorjningsstod,
        )
    ]
    if utover:
        posts.append(
            Post(
                post="utover_n1",
                label="Tandvård",
                applied=Decimal(utover),
                granted=Decimal(utover),
                reason="Test",
                legal_source=basis.utover,
                basis=UTOVER,
            )
        )
    calculation = Calculation.objects.create(
        application_id=application.pk, rules_version="test", input={}, output={"lines": []}
    )
    return decision_make(
        application=application,
        calculation=calculation,
        posts=posts,
        motivering={"paragraphs": []},
        decided_by=decided_by,
        delegation_reference="test",
    )


@pytest.mark.django_db
def test_the_code_refuses_a_decision_outside_the_delegates_points(
    tmp_path, monkeypatch, citizen, worker
):
    from bistand.accounts.models import Role, User

    application = recurring_application(citizen, worker)  # last month decided before the change
    # From today the ekonomisekreterare may grant at most 1 000 kr.
    directory = own_directory(tmp_path, with_new_version(TODAY, "§ 150"))
    monkeypatch.setenv("BISTAND_MUNICIPALITY_DIR", str(directory))
    with pytest.raises(OutsideDelegationError):
        _decide(application, applied="5000.00", granted="5000.00", decided_by=worker)
    # The automated function never refuses, not even in part.
    with pytest.raises(OutsideDelegationError):
        _decide(application, applied="5000.00", granted="4000.00", decided_by=None)
    with pytest.raises(OutsideDelegationError):
        _decide(application, applied="500.00", granted="0.00", decided_by=None)
    # A role without any point may not decide at all.
    reviewer = User.objects.create(username="gun", role=Role.GRANSKARE)
    with pytest.raises(NotDelegatedError):
        _decide(application, applied="500.00", granted="500.00", decided_by=reviewer)
    assert not Decision.objects.filter(application_id=application.pk).exists()
    # Within the points: the enhetschef (point 4.1 without a limit) decides.
    manager = User.objects.create(username="elin", role=Role.ENHETSCHEF)
    decision = _decide(application, applied="5000.00", granted="4500.00", decided_by=manager)
    # Bistånd utöver (12 kap. 2 §, point 4.3) is a matter of its own: a decision on the right
    # alone cites 4.1, one with a post of bistånd utöver 4.1 and 4.3.
    assert "§ 150, punkt 4.1 (" in delegation_reference(role="enhetschef", on=TODAY)
    assert "§ 150, punkt 4.1 och 4.3" in delegation_reference(
        role="enhetschef", on=TODAY, kind=("bistand", "utover")
    )
    assert decision.outcome == "partly_granted"


@pytest.mark.django_db
def test_bistand_utover_needs_a_point_of_its_own(tmp_path, monkeypatch, citizen, worker):
    """12 kap. 2 § is delegated apart from the right (the example: the ekonomisekreterare up to
    10 000 kr a decision, the enhetschef without a limit); the amount of the utöver posts is
    checked against the utöver point, the rest against the bistånd point."""
    from bistand.accounts.models import Role, User

    application = recurring_application(citizen, worker)
    with pytest.raises(OutsideDelegationError):
        _decide(
            application, applied="1000.00", granted="1000.00", decided_by=worker, utover="10000.01"
        )
    # Without any utöver point the ekonomisekreterare may not decide it at all.
    document = example()
    points = document["versions"][0]["delegates"]["ekonomisekreterare"]["points"]
    document["versions"][0]["delegates"]["ekonomisekreterare"]["points"] = [
        p for p in points if p.get("kind") != "utover"
    ]
    monkeypatch.setenv("BISTAND_MUNICIPALITY_DIR", str(own_directory(tmp_path, document)))
    with pytest.raises(NotDelegatedError):
        _decide(
            application, applied="1000.00", granted="1000.00", decided_by=worker, utover="500.00"
        )
    assert not Decision.objects.filter(application_id=application.pk).exists()
    manager = User.objects.create(username="elin", role=Role.ENHETSCHEF)
    decision = _decide(
        application, applied="1000.00", granted="1000.00", decided_by=manager, utover="12000.00"
    )
    assert decision.amount == Decimal("13000.00")


@pytest.mark.django_db
def test_the_automated_function_never_holds_an_utover_point():
    document = example()
    document["versions"][0]["delegates"]["automated"]["points"][0]["kind"] = "utover"
    assert any(
        "automated decision function decides no utover" in fault
        for fault in delegation.problems(document)
    )


def test_a_partial_refusal_needs_a_point_that_may_refuse():
    delegate = delegation.delegate_on(key="ekonomisekreterare", on=date(2026, 12, 1))
    assert delegate.allows(refuses=True, amount=Decimal("100.00"))
    assert delegation_authorise(
        key="automated", on=date(2026, 12, 1), refuses=False, amount=Decimal("39999.00")
    )
    with pytest.raises(OutsideDelegationError):
        delegation_authorise(
            key="automated", on=date(2026, 12, 1), refuses=False, amount=Decimal("40000.01")
        )


def test_nothing_is_delegated_before_the_first_version():
    with pytest.raises(NotDelegatedError):
        delegation_authorise(
            key="ekonomisekreterare", on=date(2025, 12, 31), refuses=False, amount=Decimal("1")
        )


def test_a_delegationsordning_that_lets_the_robot_refuse_does_not_start(tmp_path):
    document = example()
    robot = document["versions"][0]["delegates"]["automated"]
    robot["points"][0]["may"] = ["grant", "refuse"]
    robot["conditions"]["may_reject"] = True
    del document["versions"][0]["namnd_decision"]
    assert problems(own_directory(tmp_path, document)) == [
        "delegation.versions[0].namnd_decision: needs date (YYYY-MM-DD) and paragraph (§ …)",
        "delegation.versions[0].delegates.automated.points[0].may: the automated decision "
        "function may never refuse",
        "delegation.versions[0].delegates.automated.may_reject: removed; the automated function "
        "never refuses",
    ]


def test_the_shipped_example_names_the_namnds_decision_for_every_delegate():
    assert problems(EXAMPLE_DIR) == []
    for version in example()["versions"]:
        assert "§" in version["namnd_decision"]["paragraph"]
        assert set(version["delegates"]) >= {"ekonomisekreterare", "enhetschef", "automated"}
        assert all(
            point["may"] == ["grant"] for point in version["delegates"]["automated"]["points"]
        )
