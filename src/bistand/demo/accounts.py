"""Demo users: synthetic citizens (personnummer with month + 20) and one staff member per role."""

from __future__ import annotations

import random
from datetime import date
from typing import Literal

from bistand.accounts.models import Role
from bistand.accounts.services import user_get_or_create_demo
from bistand.synthetic import names, personnummer

# (username suffix, birth date, sex) for the demo citizens; their names are drawn from the seed.
CITIZENS: list[tuple[str, date, Literal["F", "M"]]] = [
    ("1", date(1991, 4, 17), "F"),
    ("2", date(1984, 9, 3), "M"),
    ("3", date(1986, 1, 28), "F"),
    ("4", date(1999, 11, 9), "M"),
]
STAFF = [
    (Role.EKONOMISEKRETERARE, "Eva Ekonom"),
    (Role.ARBETSMARKNADSSEKRETERARE, "Arvid Arbetsmarknad"),
    (Role.SOCIALSEKRETERARE, "Sara Social"),
    (Role.ENHETSCHEF, "Elin Enhetschef"),
    (Role.GRANSKARE, "Gustav Granskare"),
]


def create(rng: random.Random) -> None:
    for suffix, born, sex in CITIZENS:
        display_name = f"{names.first_name(rng, sex)} {names.surname(rng)}"
        user_get_or_create_demo(
            username=f"demo-invanare-{suffix}",
            role=Role.CITIZEN,
            display_name=display_name,
            personnummer=personnummer.generate(rng, born, sex),
        )
    for role, display_name in STAFF:
        user_get_or_create_demo(username=f"demo-{role.value}", role=role, display_name=display_name)
