"""Decisions made under an earlier rules release replay identically under that release.

``fixtures/release_1_0_0.json`` holds outputs made by release 1.0.0 (generated from the code at
the commit before release 2.0.0, one output per third YAML case of that time).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings

from bistand import rules
from bistand.rules.money import parse_kronor
from bistand.rules.released import RELEASES

from .strategies import households, households_every_field

FIXTURE = Path(__file__).parent / "fixtures" / "release_1_0_0.json"


def stored() -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def test_the_fixture_was_made_by_release_1_and_the_installed_release_is_newer() -> None:
    versions = {str(o["rules_version"]) for o in stored()}
    assert versions == {"1.0.0+c88c3063bec8"}
    assert versions <= set(RELEASES)
    assert not rules.RULES_VERSION.startswith("1.")


@pytest.mark.parametrize("output", stored(), ids=lambda o: str(o["month"]))
def test_release_1_outputs_verify_identically(output: dict[str, object]) -> None:
    rules.verify(output)


def test_a_changed_release_1_output_is_detected() -> None:
    output = stored()[0]
    changed = {**output, "amount": "1.00"}
    with pytest.raises(rules.ReplayMismatchError):
        rules.verify(changed)


def test_an_unknown_version_is_refused() -> None:
    output = {**stored()[0], "rules_version": "0.9.0+000000000000"}
    with pytest.raises(rules.RulesVersionMismatchError):
        rules.verify(output)


# --- release 2.0.0 (frozen 2026-12-06, ADR 0171) -----------------------------------------------

FIXTURE_2 = Path(__file__).parent / "fixtures" / "release_2_0_0.json"


def stored_2() -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(FIXTURE_2.read_text(encoding="utf-8"))
    return data


def test_release_2_is_frozen_with_the_version_its_fixture_was_made_by() -> None:
    versions = {str(o["rules_version"]) for o in stored_2()}
    assert len(versions) == 1 and versions <= set(RELEASES)
    assert next(iter(versions)).startswith("2.0.0+")


@pytest.mark.parametrize("output", stored_2(), ids=lambda o: str(o["month"]))
def test_release_2_outputs_verify_identically_under_the_frozen_copy(output) -> None:
    """The frozen package itself replays them (not the installed rules, which may be newer),
    and so does `rules.verify`, whichever of the two it picks."""
    from bistand.rules.released import release_for

    frozen = release_for(str(output["rules_version"]))
    assert frozen is not None and frozen.__name__.endswith("r2_0_0")
    frozen.verify(output)
    rules.verify(output)


# --- release 2.0.1 (wording only; frozen 2026-12-06, ADR 0171) ------------------------------------

FIXTURE_2_0_1 = Path(__file__).parent / "fixtures" / "release_2_0_1.json"


def stored_2_0_1() -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(FIXTURE_2_0_1.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("output", stored_2_0_1(), ids=lambda o: str(o["month"]))
def test_release_2_0_1_outputs_verify_identically_under_the_frozen_copy(output) -> None:
    from bistand.rules.released import release_for

    assert str(output["rules_version"]).startswith("2.0.1+")
    frozen = release_for(str(output["rules_version"]))
    assert frozen is not None and frozen.__name__.endswith("r2_0_1")
    frozen.verify(output)
    rules.verify(output)


def test_release_2_0_1_changed_wording_only() -> None:
    """Every 2.0.1 fixture household gets the same status and amounts from the frozen 2.0.0."""
    from bistand.rules.released import release_for

    frozen_2_0_0 = release_for("2.0.0+1e573c4fb7e5")
    assert frozen_2_0_0 is not None
    figures = ("status", "riksnorm", "costs_approved", "income_counted", "amount", "normoverskott")
    for output in stored_2_0_1():
        before = frozen_2_0_0.replay(output["input"], "2.0.0+1e573c4fb7e5").to_dict()
        assert {k: before[k] for k in figures} == {k: output[k] for k in figures}


def test_the_installed_rules_are_the_frozen_release_or_a_new_release_number() -> None:
    """Once a release is frozen, a change to the rules package or its parameters must raise
    RELEASE (bistand/rules/version.py) rather than change the digest of a frozen release
    silently: decisions made under the frozen release replay under its frozen copy, and the
    new rules get a version of their own (which the nämnd approves, ADR 0115)."""
    from bistand.rules.version import RELEASE

    frozen = {version.split("+")[0]: version for version in RELEASES}
    if RELEASE in frozen:
        assert frozen[RELEASE] == rules.RULES_VERSION, (
            f"The rules changed after release {RELEASE} was frozen in rules/released "
            f"({frozen[RELEASE]}, now {rules.RULES_VERSION}): raise RELEASE in "
            "src/bistand/rules/version.py (e.g. 2.1.0) and note it in the changelog."
        )


# --- release 2.0.2 (speed only, issue 16 item 4; frozen 2026-12-06, docs/adr/0225) -----------

FIXTURE_2_0_2 = Path(__file__).parent / "fixtures" / "release_2_0_2.json"


def stored_2_0_2() -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(FIXTURE_2_0_2.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("output", stored_2_0_2(), ids=lambda o: str(o["month"]))
def test_release_2_0_2_outputs_verify_identically_under_the_frozen_copy(output) -> None:
    from bistand.rules.released import release_for

    assert str(output["rules_version"]).startswith("2.0.2+")
    frozen = release_for(str(output["rules_version"]))
    assert frozen is not None and frozen.__name__.endswith("r2_0_2")
    frozen.verify(output)
    rules.verify(output)


RELEASE_2_0_1 = "2.0.1+4437fa8f3eb4"
RELEASE_2_0_2 = "2.0.2+151b89104749"


def _same_as_2_0_1(data: object) -> None:
    """The frozen 2.0.2 gives ``data`` exactly the output the frozen 2.0.1 gives (every field,
    line, citation, sentence, parameter and the input as read), its version aside — or refuses
    it with the same errors. (Compared frozen with frozen: the installed rules are newer.)"""
    from bistand.rules.released import release_for

    frozen_2_0_1 = release_for(RELEASE_2_0_1)
    frozen_2_0_2 = release_for(RELEASE_2_0_2)
    assert frozen_2_0_1 is not None and frozen_2_0_2 is not None
    try:
        before = frozen_2_0_1.calculate(data).to_dict()
    except frozen_2_0_1.engine.InputError as exc:
        with pytest.raises(frozen_2_0_2.engine.InputError) as now:
            frozen_2_0_2.calculate(data)
        assert [e.to_dict() for e in now.value.errors] == [e.to_dict() for e in exc.errors]
        return
    after = frozen_2_0_2.calculate(data).to_dict()
    assert before.pop("rules_version") == RELEASE_2_0_1
    assert after.pop("rules_version") == RELEASE_2_0_2
    assert json.dumps(after, ensure_ascii=False) == json.dumps(before, ensure_ascii=False)
    assert after == before


def _yaml_inputs() -> list[object]:
    import yaml

    cases: list[object] = []
    for path in sorted((Path(__file__).parent / "cases").glob("*.yaml")):
        cases.extend(c["input"] for c in yaml.safe_load(path.read_text(encoding="utf-8")))
    return cases


def test_release_2_0_2_gives_every_fixture_household_the_2_0_1_output() -> None:
    """2.0.2 changes how the explanation is made, not what it says: every stored 2.0.1
    fixture household, every YAML case (the refused ones too) gets the same output."""
    for output in stored_2_0_1():
        _same_as_2_0_1(output["input"])
    for data in _yaml_inputs():
        _same_as_2_0_1(data)


@settings(max_examples=300, deadline=None)
@given(households())
def test_release_2_0_2_gives_generated_households_the_2_0_1_output(data) -> None:
    _same_as_2_0_1(data)
    _same_as_2_0_1(data)  # the second time from what the first kept (lines, renderers)


# --- release 2.0.3 (home_member, issue 11 / ADR 0200; frozen 2026-12-06, docs/adr/0235) ------

FIXTURE_2_0_3 = Path(__file__).parent / "fixtures" / "release_2_0_3.json"
FIGURES = ("status", "riksnorm", "costs_approved", "income_counted", "amount", "normoverskott")


def stored_2_0_3() -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(FIXTURE_2_0_3.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("output", stored_2_0_3(), ids=lambda o: str(o["month"]))
def test_release_2_0_3_outputs_verify_identically_under_the_frozen_copy(output) -> None:
    from bistand.rules.released import release_for

    assert str(output["rules_version"]).startswith("2.0.3+")
    frozen = release_for(str(output["rules_version"]))
    assert frozen is not None and frozen.__name__.endswith("r2_0_3")
    frozen.verify(output)
    rules.verify(output)


def _as_before_2_0_3(data: dict[str, object]) -> dict[str, object]:
    """The input as the e-service passed it before 2.0.3: a person of another household in
    the home as ``other_adult`` (the role that counted the same)."""
    household = [
        {**m, "role": "other_adult"} if m["role"] == "home_member" else m
        for m in data["household"]  # type: ignore[attr-defined]
    ]
    return {**data, "household": household}


def test_release_2_0_3_gives_every_fixture_household_the_2_0_2_status_and_amounts() -> None:
    """2.0.3 changes who may be named in the home and what the lines say about them, never an
    amount: every 2.0.2 and 2.0.3 fixture household gets the same status and amounts from the
    frozen 2.0.2 (a home_member read as the other_adult it was passed as before)."""
    from bistand.rules.released import release_for

    frozen_2_0_2 = release_for(RELEASE_2_0_2)
    assert frozen_2_0_2 is not None
    for output in (*stored_2_0_2(), *stored_2_0_3()):
        data = output["input"]
        now = rules.calculate(data).to_dict()  # type: ignore[arg-type]
        before = frozen_2_0_2.calculate(_as_before_2_0_3(data)).to_dict()  # type: ignore[arg-type]
        assert {k: now[k] for k in FIGURES} == {k: before[k] for k in FIGURES}
        assert {k: output[k] for k in FIGURES} == {k: now[k] for k in FIGURES}
    # And every YAML case with a home member (2.0.2 refuses the role itself).
    homes = [
        d
        for d in _yaml_inputs()
        if any(m.get("role") == "home_member" for m in d["household"])  # type: ignore[index]
    ]
    assert homes
    for data in homes:
        now = rules.calculate(data).to_dict()  # type: ignore[arg-type]
        before = frozen_2_0_2.calculate(_as_before_2_0_3(data)).to_dict()  # type: ignore[arg-type]
        assert {k: now[k] for k in FIGURES} == {k: before[k] for k in FIGURES}


# --- release 2.0.4 (umgänge in the child's main home, issue 11 item 8; frozen 2026-12-06) ------

FIXTURE_2_0_4 = Path(__file__).parent / "fixtures" / "release_2_0_4.json"
RELEASE_2_0_3 = "2.0.3+043f95047616"


def stored_2_0_4() -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(FIXTURE_2_0_4.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("output", stored_2_0_4(), ids=lambda o: str(o["month"]))
def test_release_2_0_4_outputs_verify_identically_under_the_frozen_copy(output) -> None:
    from bistand.rules.released import release_for

    assert str(output["rules_version"]).startswith("2.0.4+")
    frozen = release_for(str(output["rules_version"]))
    assert frozen is not None and frozen.__name__.endswith("r2_0_4")
    frozen.verify(output)
    rules.verify(output)


def _without_days_with_other_parent(data: dict[str, object]) -> dict[str, object]:
    """The input as 2.0.3 took it: no days with the other parent for a child living here."""
    household = [
        {k: v for k, v in m.items() if k != "days_with_other_parent"}
        for m in data["household"]  # type: ignore[attr-defined]
    ]
    return {**data, "household": household}


def test_release_2_0_4_gives_every_fixture_household_the_2_0_3_status_and_amounts() -> None:
    """2.0.4 records a resident child's days with the other parent and, under the default
    interpretation, never changes an amount: every 2.0.3 and 2.0.4 fixture household and every
    YAML case gets the same status and amounts from the frozen 2.0.3 (the days left out, which
    2.0.3 does not know)."""
    from bistand.rules.released import release_for

    frozen_2_0_3 = release_for(RELEASE_2_0_3)
    assert frozen_2_0_3 is not None
    for output in (*stored_2_0_3(), *stored_2_0_4()):
        data = output["input"]
        now = rules.calculate(data).to_dict()  # type: ignore[arg-type]
        before = frozen_2_0_3.calculate(_without_days_with_other_parent(data)).to_dict()  # type: ignore[arg-type]
        assert {k: now[k] for k in FIGURES} == {k: before[k] for k in FIGURES}
        assert {k: output[k] for k in FIGURES} == {k: now[k] for k in FIGURES}
    with_days = [
        d
        for d in _yaml_inputs()
        if any("days_with_other_parent" in m for m in d["household"])  # type: ignore[index]
    ]
    assert with_days
    from bistand.rules.inputs import InputError

    for data in with_days:
        try:
            now = rules.calculate(data).to_dict()  # type: ignore[arg-type]
        except InputError:
            continue  # the refused cases (too many days, not a child living here)
        before = frozen_2_0_3.calculate(_without_days_with_other_parent(data)).to_dict()  # type: ignore[arg-type]
        assert {k: now[k] for k in FIGURES} == {k: before[k] for k in FIGURES}


# --- release 2.0.5 (speed only, issue 16 item 4; frozen 2026-12-07, docs/adr/0250) ------------

FIXTURE_2_0_5 = Path(__file__).parent / "fixtures" / "release_2_0_5.json"


def stored_2_0_5() -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(FIXTURE_2_0_5.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("output", stored_2_0_5(), ids=lambda o: str(o["month"]))
def test_release_2_0_5_outputs_verify_identically_under_the_frozen_copy(output) -> None:
    from bistand.rules.released import release_for

    assert str(output["rules_version"]).startswith("2.0.5+")
    frozen = release_for(str(output["rules_version"]))
    assert frozen is not None and frozen.__name__.endswith("r2_0_5")
    frozen.verify(output)
    rules.verify(output)


RELEASE_2_0_4 = "2.0.4+e4ef64090a10"


def _frozen_same(before_version: str, after_version: str, data: object) -> None:
    """Two frozen releases give ``data`` the same output (every field, line, citation,
    sentence, parameter and the input as read, as dicts and as JSON text), their versions aside,
    and the lines as objects say the same as the dict — or refuse it with the same errors."""
    from bistand.rules.released import release_for

    old, new = release_for(before_version), release_for(after_version)
    assert old is not None and new is not None
    try:
        before = old.calculate(data).to_dict()
    except old.engine.InputError as exc:
        with pytest.raises(new.engine.InputError) as now:
            new.calculate(data)
        assert [e.to_dict() for e in now.value.errors] == [e.to_dict() for e in exc.errors]
        return
    result = new.calculate(data)
    after = result.to_dict()
    assert before.pop("rules_version") == before_version
    assert after.pop("rules_version") == after_version
    assert json.dumps(after, ensure_ascii=False) == json.dumps(before, ensure_ascii=False)
    assert after == before
    assert [c.to_dict() for c in result.what_would_change()] == after["what_would_change"]
    assert len(result.lines) == len(after["lines"])


def _same_as_2_0_4(data: object) -> None:
    """The frozen 2.0.5 gives ``data`` exactly the output the frozen 2.0.4 gives (every field,
    line, citation, sentence, parameter and the input as read), its version aside — or refuses
    it with the same errors. (Frozen with frozen since 2.0.8: the installed rules are newer.)"""
    _frozen_same(RELEASE_2_0_4, "2.0.5+ee6c774161bb", data)


def test_release_2_0_5_gives_every_fixture_household_the_2_0_4_output() -> None:
    """2.0.5 changes how the output is made, not what it says: every stored 2.0.0–2.0.4
    fixture household and every YAML case (the refused ones too) gets the 2.0.4 output."""
    stored = (*stored_2_0_1(), *stored_2_0_2(), *stored_2_0_3(), *stored_2_0_4(), *stored_2_0_5())
    for output in stored:
        _same_as_2_0_4(output["input"])
        _same_as_2_0_4(output["input"])  # the second time from what the first kept
    for data in _yaml_inputs():
        _same_as_2_0_4(data)


@settings(max_examples=400, deadline=None)
@given(households_every_field())
def test_release_2_0_5_gives_generated_households_the_2_0_4_output(data) -> None:
    """Every role (home_member too), income type and cost, days with the other parent, the
    agreed electricity share, bare member rows and odd values in them."""
    _same_as_2_0_4(data)
    _same_as_2_0_4(data)  # the second time from the kept members and parameter lists


# --- release 2.0.6 (speed only: mypyc, issue 16 item 4; frozen 2026-12-07, docs/adr/0275) -----

FIXTURE_2_0_6 = Path(__file__).parent / "fixtures" / "release_2_0_6.json"


def stored_2_0_6() -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(FIXTURE_2_0_6.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("output", stored_2_0_6(), ids=lambda o: str(o["month"]))
def test_release_2_0_6_outputs_verify_identically_under_the_frozen_copy(output) -> None:
    from bistand.rules.released import release_for

    assert str(output["rules_version"]).startswith("2.0.6+")
    frozen = release_for(str(output["rules_version"]))
    assert frozen is not None and frozen.__name__.endswith("r2_0_6")
    frozen.verify(output)
    rules.verify(output)


def test_the_2_0_6_fixture_is_the_2_0_5_fixture_but_for_the_version() -> None:
    def without_version(outputs: list[dict[str, object]]) -> list[dict[str, object]]:
        return [{k: v for k, v in o.items() if k != "rules_version"} for o in outputs]

    assert without_version(stored_2_0_6()) == without_version(stored_2_0_5())


RELEASE_2_0_5 = "2.0.5+ee6c774161bb"


def _same_as_2_0_5(data: object) -> None:
    """The frozen 2.0.6 gives ``data`` exactly the output the frozen 2.0.5 gives, its version
    aside — or refuses it with the same errors. (Frozen with frozen since 2.0.8.)"""
    _frozen_same(RELEASE_2_0_5, "2.0.6+1cf96a9b54ea", data)


def test_release_2_0_6_gives_every_fixture_household_the_2_0_5_output() -> None:
    """2.0.6 changes how the rules run (compiled with mypyc), not what they say: every stored
    fixture household and every YAML case (the refused ones too) gets the 2.0.5 output."""
    stored = (*stored_2_0_1(), *stored_2_0_2(), *stored_2_0_3(), *stored_2_0_4(), *stored_2_0_5())
    for output in (*stored, *stored_2_0_6()):
        _same_as_2_0_5(output["input"])
        _same_as_2_0_5(output["input"])
    for data in _yaml_inputs():
        _same_as_2_0_5(data)


@settings(max_examples=400, deadline=None)
@given(households_every_field())
def test_release_2_0_6_gives_generated_households_the_2_0_5_output(data) -> None:
    _same_as_2_0_5(data)
    _same_as_2_0_5(data)


# --- release 2.0.7 (speed only, issue 16 item 4; frozen 2026-12-07, docs/adr/0300) ------------

FIXTURE_2_0_7 = Path(__file__).parent / "fixtures" / "release_2_0_7.json"


def stored_2_0_7() -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(FIXTURE_2_0_7.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("output", stored_2_0_7(), ids=lambda o: str(o["month"]))
def test_release_2_0_7_outputs_verify_identically_under_the_frozen_copy(output) -> None:
    from bistand.rules.released import release_for

    assert str(output["rules_version"]).startswith("2.0.7+")
    frozen = release_for(str(output["rules_version"]))
    assert frozen is not None and frozen.__name__.endswith("r2_0_7")
    frozen.verify(output)
    rules.verify(output)


def test_the_2_0_7_fixture_is_the_2_0_6_fixture_but_for_the_version() -> None:
    def without_version(outputs: list[dict[str, object]]) -> list[dict[str, object]]:
        return [{k: v for k, v in o.items() if k != "rules_version"} for o in outputs]

    assert without_version(stored_2_0_7()) == without_version(stored_2_0_6())
    assert json.dumps(without_version(stored_2_0_7()), ensure_ascii=False) == json.dumps(
        without_version(stored_2_0_6()), ensure_ascii=False
    )


RELEASE_2_0_6 = "2.0.6+1cf96a9b54ea"


def _same_as_2_0_6(data: object) -> None:
    """The frozen 2.0.7 gives ``data`` exactly the output the frozen 2.0.6 gives, its version
    aside, as JSON text too — or refuses it with the same errors. (Frozen with frozen since
    2.0.8: the installed rules are newer.)"""
    _frozen_same(RELEASE_2_0_6, "2.0.7+292765677d8f", data)


def test_release_2_0_7_gives_every_fixture_household_the_2_0_6_output() -> None:
    """2.0.7 changes how fast the rules run, not what they say: every stored fixture household
    of every release and every YAML case (the refused ones too) gets the 2.0.6 output, twice
    (the second time from the kept texts and members)."""
    stored = (
        *stored_2_0_1(),
        *stored_2_0_2(),
        *stored_2_0_3(),
        *stored_2_0_4(),
        *stored_2_0_5(),
        *stored_2_0_6(),
    )
    for output in (*stored, *stored_2_0_7()):
        _same_as_2_0_6(output["input"])
        _same_as_2_0_6(output["input"])
    for data in _yaml_inputs():
        _same_as_2_0_6(data)


@settings(max_examples=400, deadline=None)
@given(households_every_field())
def test_release_2_0_7_gives_generated_households_the_2_0_6_output(data) -> None:
    _same_as_2_0_6(data)
    _same_as_2_0_6(data)


# --- release 2.0.8 (umgängesbarn on the same days share the increase; docs/adr/0315) ----------

FIXTURE_2_0_8 = Path(__file__).parent / "fixtures" / "release_2_0_8.json"
RELEASE_2_0_7 = "2.0.7+292765677d8f"


def stored_2_0_8() -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(FIXTURE_2_0_8.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("output", stored_2_0_8(), ids=lambda o: str(o["month"]))
def test_release_2_0_8_outputs_verify_identically_under_the_frozen_copy(output) -> None:
    from bistand.rules.released import release_for

    assert str(output["rules_version"]).startswith("2.0.8+")
    frozen = release_for(str(output["rules_version"]))
    assert frozen is not None and frozen.__name__.endswith("r2_0_8")
    frozen.verify(output)
    rules.verify(output)


def _umgangesbarn_on_the_same_days(data: object) -> int:
    """How many umgängesbarn of ``data`` stay as many days as another one (0: none)."""
    if not isinstance(data, dict):
        return 0
    days = [
        m.get("umgange_days")
        for m in data.get("household") or []
        if isinstance(m, dict)
        and m.get("role") == "child"
        and isinstance(m.get("umgange_days"), int)
        and not isinstance(m.get("umgange_days"), bool)
    ]
    return sum(1 for d in days if days.count(d) > 1)


def _as_2_0_7_unless_on_the_same_days(data: object) -> None:
    """The installed rules (2.0.8, compiled or as Python) give ``data`` the frozen 2.0.7 output,
    its version aside, as JSON text too — but for the result line's words where needs were
    granted after assessment (same amount), and unless two or more umgängesbarn stay the same
    days: then each of them has a ``riksnorm.umgange_same_days`` line, and the norm moves by at
    most half an öre a child (each child's part of the increase is rounded once). (An input
    with a need decided as bistånd utöver is new in 2.0.8: 2.0.7 refuses it.)"""
    from bistand.rules.released import release_for

    frozen = release_for(RELEASE_2_0_7)
    assert frozen is not None
    try:
        before = frozen.calculate(data).to_dict()
    except frozen.engine.InputError as exc:
        with pytest.raises(rules.InputError) as now:
            rules.calculate(data)  # type: ignore[arg-type]
        assert [e.to_dict() for e in now.value.errors] == [e.to_dict() for e in exc.errors]
        return
    result = rules.calculate(data)  # type: ignore[arg-type]
    after = result.to_dict()
    assert before.pop("rules_version") == RELEASE_2_0_7
    assert after.pop("rules_version") == rules.RULES_VERSION
    tied = _umgangesbarn_on_the_same_days(after["input"])
    granted = sum(
        parse_kronor(a["amount"])
        for a in after["input"].get("assessed_needs", [])
        if a["decision"] == "granted"
    )
    if granted and any(x["rule"] == "forsorjningsstod.amount" for x in before["lines"]):
        # 2.0.8 names the amount ekonomiskt bistånd when needs were granted after assessment
        # (levnadskostnader i övrigt are not försörjningsstöd, 12 kap. 1 § SoL): that line's
        # words change, nothing else.
        (old_line,) = [x for x in before["lines"] if x["rule"] == "forsorjningsstod.amount"]
        (new_line,) = [x for x in after["lines"] if x["rule"] == "forsorjningsstod.amount"]
        assert new_line["amount"] == old_line["amount"]
        assert "Det ekonomiska biståndet blir" in new_line["text"]
        assert "Försörjningsstödet blir" in old_line["text"]
        before["lines"] = [x if x is not old_line else new_line for x in before["lines"]]
    if not tied:
        assert json.dumps(after, ensure_ascii=False) == json.dumps(before, ensure_ascii=False)
        assert after == before
        return
    shared = [x for x in after["lines"] if x["rule"] == "riksnorm.umgange_same_days"]
    assert len(shared) == tied
    assert not [x for x in before["lines"] if x["rule"] == "riksnorm.umgange_same_days"]
    moved = abs(parse_kronor(after["riksnorm"]) - parse_kronor(before["riksnorm"]))
    assert moved <= tied


def test_release_2_0_8_gives_every_fixture_household_the_2_0_7_output_but_the_shared_increase():
    """Every stored fixture household of every release and every YAML case gets the 2.0.7
    output, unless umgängesbarn stay the same days (then the increase is shared equally)."""
    stored = (
        *stored_2_0_1(),
        *stored_2_0_2(),
        *stored_2_0_3(),
        *stored_2_0_4(),
        *stored_2_0_5(),
        *stored_2_0_6(),
        *stored_2_0_7(),
        *stored_2_0_8(),
    )
    for output in stored:
        _as_2_0_7_unless_on_the_same_days(output["input"])
    for data in _yaml_inputs():
        _as_2_0_7_unless_on_the_same_days(data)


@settings(max_examples=400, deadline=None)
@given(households_every_field())
def test_release_2_0_8_gives_generated_households_the_2_0_7_output_but_the_shared_increase(
    data,
) -> None:
    _as_2_0_7_unless_on_the_same_days(data)
    _as_2_0_7_unless_on_the_same_days(data)


def test_release_2_0_8_changes_the_order_defect_household_as_stated() -> None:
    """The household that showed the defect (tests/rules/test_properties.py::ORDER_DEFECT):
    2.0.7 gives 176,48 or 176,47 kr by the order of the list, 2.0.8 176,47 kr in both."""
    from bistand.rules.released import release_for

    from .test_properties import ORDER_DEFECT

    frozen = release_for(RELEASE_2_0_7)
    assert frozen is not None
    reversed_list = {**ORDER_DEFECT, "household": list(reversed(ORDER_DEFECT["household"]))}
    assert {
        frozen.calculate(ORDER_DEFECT).amount_ore,
        frozen.calculate(reversed_list).amount_ore,
    } == {
        17_648,
        17_647,
    }
    assert rules.calculate(ORDER_DEFECT).amount_ore == 17_647
    assert rules.calculate(reversed_list).amount_ore == 17_647
