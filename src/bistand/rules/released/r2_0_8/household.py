"""Who belongs in the applicant's household, and who only shares the home.

Law:
- Försörjningsstöd is for the applicant and those he or she must support: a spouse or sambo
  and hemmavarande barn (under 18, 3 kap. 1 § andra stycket SoL 2025:400) and skolungdomar
  (under 21 and in grundskola, gymnasieskola or comparable grundutbildning, 12 kap. 9 §).
- An adult who shares the home without being spouse or sambo — a friend, an adult sibling, an
  adult child who has left school, a lodger — is his or her own household: "För en vuxen person
  som inte är att anse som sambo, men som ingår i hushållsgemenskap med flera personer, beräknas
  normen såsom personliga kostnader för ensamstående plus kvoten av de gemensamma kostnaderna för
  hushållet och antalet medlemmar i hushållet" (12 kap. 3 § andra stycket SoF 2025:468; before
  2025-07-01 2 kap. 1 § SoF 2001:937). There is no försörjningsplikt between them, so that
  adult's needs, incomes and assets belong to his or her own application, never the applicant's.
- A person of any age who shares the home but belongs to another household there (``home_member``:
  a young adult's parents and younger siblings) is a member of the home when the shared costs,
  the rent and the electricity are divided per head ("antalet medlemmar i hushållet", the same
  stycke), never of the applicant's family; his or her needs and incomes are not the applicant's.

This module only sorts the members; the rule modules compute with the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from bistand.rules.released.r2_0_8.inputs import HouseholdInput, Member, fast_constructor

__all__ = ["Household", "household_of"]


@dataclass(frozen=True, slots=True)
class Household:
    applicant: Member
    partner: Member | None
    children: tuple[Member, ...]
    """Hemmavarande barn and skolungdomar living here the whole month."""
    umgange: tuple[Member, ...]
    """Umgängesbarn, most days first (then as listed), the order they are added."""
    own_households: tuple[Member, ...]
    """People sharing the home who are their own household (not the applicant's family)."""
    adults: int
    family_size: int
    """The applicant's family living here the whole month (adults + children)."""
    home_size: int
    """Everyone living in the home the whole month (the family and the others)."""
    _others: frozenset[str]
    _children: frozenset[str]

    @property
    def alone(self) -> bool:
        """The applicant is the whole family (no spouse or sambo, no child here the whole
        month): a letter then says "du", "din", "ditt" to one person, never "ni", "er"."""
        return self.family_size == 1

    def in_family(self, member_id: str) -> bool:
        return member_id not in self._others

    def is_child(self, member_id: str) -> bool:
        return member_id in self._children


_PY_HOUSEHOLD: Final = fast_constructor(Household)


def _new_household(
    applicant: Member,
    partner: Member | None,
    children: tuple[Member, ...],
    umgange: tuple[Member, ...],
    own_households: tuple[Member, ...],
    adults: int,
    family_size: int,
    home_size: int,
    others: frozenset[str],
    kids: frozenset[str],
) -> Household:
    """``Household(...)`` with every field given: compiled, the native fields set directly
    (not through the dataclass's Python ``__init__``; rules 2.0.7, as ``inputs.new_input``)."""
    if _PY_HOUSEHOLD is not None:
        made: Household = _PY_HOUSEHOLD(
            applicant,
            partner,
            children,
            umgange,
            own_households,
            adults,
            family_size,
            home_size,
            others,
            kids,
        )
        return made
    h = Household.__new__(Household)
    h.applicant = applicant  # type: ignore[misc]
    h.partner = partner  # type: ignore[misc]
    h.children = children  # type: ignore[misc]
    h.umgange = umgange  # type: ignore[misc]
    h.own_households = own_households  # type: ignore[misc]
    h.adults = adults  # type: ignore[misc]
    h.family_size = family_size  # type: ignore[misc]
    h.home_size = home_size  # type: ignore[misc]
    h._others = others  # type: ignore[misc]
    h._children = kids  # type: ignore[misc]
    return h


def household_of(inp: HouseholdInput) -> Household:
    applicant: Member | None = None
    partner: Member | None = None
    children: list[Member] = []
    umgange: list[tuple[int, Member]] = []
    others: list[Member] = []
    for i, m in enumerate(inp.household):
        role = m.role
        if role == "applicant":
            applicant = m
        elif role == "partner":
            partner = m
        elif role == "other_adult" or role == "home_member" or m.skolungdom_left_school:
            others.append(m)
        elif m.umgange_days is None:
            children.append(m)
        else:
            umgange.append((i, m))
    assert applicant is not None  # validated by HouseholdInput.from_dict
    adults = 2 if partner is not None else 1
    family = adults + len(children)
    if umgange:
        if len(umgange) > 1:
            umgange.sort(key=lambda im: (-(im[1].umgange_days or 0), im[0]))
        visiting = tuple(m for _, m in umgange)
        kids = frozenset([*(m.id for m in children), *(m.id for m in visiting)])
    else:
        visiting = ()
        kids = frozenset([m.id for m in children]) if children else _NONE
    return _new_household(
        applicant,
        partner,
        tuple(children),
        visiting,
        tuple(others),
        adults,
        family,
        family + len(others),
        frozenset([m.id for m in others]) if others else _NONE,
        kids,
    )


_NONE: Final[frozenset[str]] = frozenset()
