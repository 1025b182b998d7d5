"""Hypothesis strategies for valid household inputs (JSON dicts in the documented format)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from bistand.rules.income_types import INCOME_TYPES as CATALOGUE

MONTHS = ["2025-01", "2025-07", "2025-12", "2026-01", "2026-02", "2026-06"]
INCOME_TYPES = sorted(CATALOGUE)  # every income type the engine knows


def kronor(max_ore: int = 3_000_000) -> st.SearchStrategy[str]:
    return st.integers(0, max_ore).map(lambda o: f"{o // 100}.{o % 100:02d}")


@st.composite
def households(draw: st.DrawFn, month: str | None = None) -> dict[str, Any]:
    month = month or draw(st.sampled_from(MONTHS))
    members: list[dict[str, Any]] = [
        {"id": "a1", "role": "applicant", "age": draw(st.integers(18, 80))}
    ]
    if draw(st.booleans()):
        members.append({"id": "p1", "role": "partner", "age": draw(st.integers(18, 80))})
    for i in range(draw(st.integers(0, 2))):
        members.append({"id": f"o{i + 1}", "role": "other_adult", "age": draw(st.integers(18, 90))})
    for i in range(draw(st.integers(0, 2))):
        # A person of the home who belongs to another household there (any age, maybe unknown).
        age = draw(st.none() | st.integers(0, 90))
        members.append({"id": f"h{i + 1}", "role": "home_member", "age": age})
    for i in range(draw(st.integers(0, 9))):
        child: dict[str, Any] = {
            "id": f"c{i + 1}",
            "role": "child",
            "age": draw(st.integers(0, 20)),
        }
        lunch = draw(st.sampled_from([None, True, False]))
        if lunch is not None:
            child["lunch_at_home"] = lunch
        if child["age"] >= 18:
            child["in_school"] = draw(st.booleans())
        if draw(st.integers(0, 3)) == 0 and child.get("in_school", True):
            child["umgange_days"] = draw(st.integers(1, 28))
        if draw(st.integers(0, 4)) == 0:
            child["earnings_exempted_this_year"] = draw(kronor(7_000_000))
        members.append(child)
    ids = [m["id"] for m in members]
    data: dict[str, Any] = {"month": month, "household": members}
    if draw(st.booleans()):
        data["municipality"] = "exempelkommun"
    if draw(st.integers(0, 4)) == 0:
        data["days_in_period"] = draw(st.integers(1, 28))
    costs = {
        k: draw(kronor(1_500_000 if k == "rent" else 200_000))
        for k in (
            "rent",
            "household_electricity",
            "home_insurance",
            "union_and_a_kassa",
            "work_travel",
        )
        if draw(st.booleans())
    }
    if draw(st.integers(0, 3)) == 0:
        costs["rent_radrum_until"] = draw(
            st.sampled_from(["2025-06-30", "2026-01-31", "2026-12-31"])
        )
    if draw(st.integers(0, 4)) == 0:
        # A case worker's assessed highest rent (above or below the guideline).
        costs["rent_assessed_max"] = draw(kronor(1_500_000))
        costs["rent_assessed_reason"] = "Bedömd skälig hyra."
    if "rent" in costs and draw(st.integers(0, 3)) == 0:
        whole = int(costs["rent"].replace(".", ""))
        share = draw(st.integers(0, whole))
        costs["rent_agreed_share"] = f"{share // 100}.{share % 100:02d}"
    data["costs"] = costs
    data["incomes"] = [
        {
            "member": draw(st.sampled_from(ids)),
            "type": draw(st.sampled_from(INCOME_TYPES)),
            "amount": draw(kronor(2_500_000)),
        }
        for _ in range(draw(st.integers(0, 5)))
    ]
    data["months_on_assistance"] = draw(st.integers(0, 70))
    if draw(st.integers(0, 4)) == 0:
        data["jobbstimulans_start"] = draw(
            st.sampled_from(["2023-05", "2024-02", "2025-06", "2026-03"])
        )
    if draw(st.integers(0, 3)) == 0:
        data["previous_month_surplus"] = draw(kronor(500_000))
        data["first_time_applicant"] = draw(st.booleans())
        data["shortfall_foreseeable"] = draw(st.booleans())
        if draw(st.booleans()):
            y, mo = int(month[:4]), int(month[5:])
            back = draw(st.integers(1, 6))
            index = y * 12 + mo - 1 - back
            data["surplus_arose"] = f"{index // 12:04d}-{index % 12 + 1:02d}"
    if draw(st.integers(0, 3)) == 0:
        data["assets"] = [
            {
                "member": draw(st.sampled_from(ids)),
                "kind": draw(
                    st.sampled_from(["bank_account", "bank_account", "cash", "securities"])
                ),
                "amount": draw(kronor(2_000_000)),
            }
        ]
    needs = [
        {
            "id": f"n{i}",
            "kind": draw(st.sampled_from(["tandvard", "glasogon", "hemutrustning"])),
            "amount": draw(kronor(800_000)),
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    data["other_needs"] = needs
    assessed = []
    for n in needs:
        choice = draw(st.sampled_from(["pending", "granted", "denied"]))
        if choice == "granted":
            assessed.append(
                {
                    "need": n["id"],
                    "decision": "granted",
                    "amount": draw(kronor(800_000)),
                    "reason": "Prövat",
                }
            )
        elif choice == "denied":
            assessed.append({"need": n["id"], "decision": "denied", "reason": "Prövat"})
    data["assessed_needs"] = assessed
    data["norm_adjustments"] = [
        {
            "amount": draw(
                st.integers(-900_000, 300_000)
                .filter(bool)
                .map(lambda o: f"{'-' if o < 0 else ''}{abs(o) // 100}.{abs(o) % 100:02d}")
            ),
            "reason": "Skäl",
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    return data


@st.composite
def households_every_field(draw: st.DrawFn) -> dict[str, Any]:
    """:func:`households` with every role, income type and cost the engine reads, and now and
    then a field it refuses (rules 2.0.5, speed only: the fast readers must give the same
    output or the same errors as the release before for all of them): a child living here with
    days at the other parent's (``days_with_other_parent``), the agreed share of the household
    electricity, the members as bare rows of id, role and age (the common form, read from a
    kept Member the second time) and odd values in those rows (a bool or text age, an id with
    spaces, too many days)."""
    data = draw(households())
    for m in data["household"]:
        if (
            m["role"] == "child"
            and "umgange_days" not in m
            and m.get("in_school", True)
            and draw(st.integers(0, 2)) == 0
        ):
            m["days_with_other_parent"] = draw(st.integers(0, 31))
        if draw(st.integers(0, 12)) == 0:
            m["age"] = draw(st.sampled_from([True, False, "30", 30.0, -1, 131, None]))
        if draw(st.integers(0, 12)) == 0:
            m["id"] = draw(st.sampled_from([f" {m['id']} ", "a1", "", 7]))
    costs = data["costs"]
    if "household_electricity" in costs and draw(st.booleans()):
        whole = int(costs["household_electricity"].replace(".", ""))
        share = draw(st.integers(0, whole + 100))  # now and then more than the cost: refused
        costs["household_electricity_agreed_share"] = f"{share // 100}.{share % 100:02d}"
    return data
