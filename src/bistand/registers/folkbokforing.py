"""Folkbokföring: who a person is and where the person lives, asked from Skatteverket.

The answer has the shape of Skatteverket's SPAR person search (``PersonsokningSvarspost``) with
the household part of Navet's personpost (people registered on the same lägenhet, with their
relation), as JSON over HTTPS with the organisation certificate, like the SSBTEK JSON transport
(docs/adr/0150). One question per person::

    POST {REGISTERS_FOLKBOKFORING_URL}
    {"personidentitet": "ÅÅÅÅMMDDNNNN", "arendeidentitet": …, "syfte": …, "lagtext": …,
     "ingivare": {"organisation": …, "handlaggare": …}, "korrelationsid": …}

    → {"korrelationsid": …, "svar": {
         "PersonId": {"IdNummer": "ÅÅÅÅMMDDNNNN", "Typ": "PERSONNUMMER"},
         "Sekretessmarkering": "J" | "N", "SkyddadFolkbokforing": "J" | "N",
         "Namn": {"Fornamn", "Tilltalsnamn"?, "Mellannamn"?, "Efternamn"},
         "Folkbokforingsadress": {"SvenskAdress": {"CareOf"?, "Utdelningsadress1"?,
                                  "Utdelningsadress2", "PostNr", "Postort"}},
         "Folkbokforing": {"FolkbokfordKommunKod", "DatumFrom"},
         "Hushall": [{"PersonId": {...}, "Namn": {...}, "Relation": "make/maka" | …}]}}

A person with **sekretessmarkering or skyddad folkbokföring** is answered as SPAR does: the
identity and the flags only, never a name, an address or a household. Bistånd then never shows
or prints an address for that person: pages say "Skyddad folkbokföring", and letters by post go
through Skatteverket's mail forwarding (:data:`FORWARDING_ADDRESS`).

``folkbokforing_fetch`` never raises: a failure is a :class:`PersonAnswer` with status failed or
timeout, recorded in ``RegisterFetch`` like every other register question.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .adapters import ShapeError, _date, _list, _obj, _opt_str, _str, post_and_parse
from .client import RegisterClient
from .types import RegisterRequest, Status

__all__ = [
    "FORWARDING_ADDRESS",
    "NAVET",
    "PROTECTED_LABEL",
    "Address",
    "FolkbokforingData",
    "FolkbokforingSource",
    "HouseholdMember",
    "PersonAnswer",
    "PersonName",
    "parse_answer",
]

# The source code written to RegisterFetch for a folkbokföring question (not an SSBTEK source).
NAVET = "NAVET"
PROTECTED_LABEL = "Skyddad folkbokföring"

# Post to a person with sekretessmarkering or skyddad folkbokföring: a sealed inner envelope with
# the recipient's personnummer (the sender's address on the back), in an outer envelope to
# Skatteverket's mail forwarding. Provisional: from skatteverket.se, "Sending mail to someone
# with protected identity" (read 2026-12-06); to be confirmed by the municipality's registrator.
FORWARDING_ADDRESS: tuple[str, ...] = ("Skatteverket", "Box 2820", "403 20 Göteborg")
FORWARDING_SOURCE = (
    "skatteverket.se: Sending mail to someone with protected identity (provisional, 2026-12-06)"
)


@dataclass(frozen=True)
class PersonName:
    first_names: str  # Fornamn, all of them
    last_name: str  # Efternamn
    middle_name: str = ""  # Mellannamn
    given_name: str = ""  # Tilltalsnamn, when registered

    @property
    def display(self) -> str:
        """The name as written on an envelope: tilltalsnamn (or all first names) and surname."""
        first = self.given_name or self.first_names
        return " ".join(part for part in (first, self.middle_name, self.last_name) if part)


@dataclass(frozen=True)
class Address:
    street: str  # Utdelningsadress2 (street and number, lgh)
    postal_code: str  # PostNr, five digits
    city: str  # Postort
    care_of: str = ""  # CareOf, without the "c/o"
    extra: str = ""  # Utdelningsadress1 (e.g. a building name)

    @property
    def postal_code_display(self) -> str:
        code = self.postal_code.replace(" ", "")
        return f"{code[:3]} {code[3:]}" if len(code) == 5 else self.postal_code

    def lines(self) -> list[str]:
        """The address lines under the name, as Postnord wants them."""
        out = []
        if self.care_of:
            out.append(f"c/o {self.care_of}")
        if self.extra:
            out.append(self.extra)
        out.append(self.street)
        out.append(f"{self.postal_code_display} {self.city.upper()}")
        return out


@dataclass(frozen=True)
class HouseholdMember:
    personnummer: str = field(repr=False)
    name: PersonName
    relation: str  # "make/maka", "registrerad partner", "barn", "förälder", "annan"


@dataclass(frozen=True)
class FolkbokforingData:
    personnummer: str = field(repr=False)
    protected: bool  # sekretessmarkering or skyddad folkbokföring
    name: PersonName | None  # None when protected
    address: Address | None  # None when protected (or no known address)
    municipality_code: str = ""
    registered_from: date | None = None
    household: tuple[HouseholdMember, ...] = ()


@dataclass(frozen=True)
class PersonAnswer:
    status: Status
    data: FolkbokforingData | None = None
    reason: str = ""
    detail: str = ""
    duration_ms: int = 0
    attempts: int = 1

    @property
    def ok(self) -> bool:
        return self.status == Status.OK


def _yes_no(value: Any, path: str) -> bool:
    if value not in ("J", "N"):
        raise ShapeError(path, "J/N")
    return bool(value == "J")


def _digits(value: Any, path: str) -> str:
    text = _str(value, path)
    if not text.isdigit() or len(text) != 12:
        raise ShapeError(path, "12 siffror")
    return f"{text[:8]}-{text[8:]}"


def _name(raw: Any, path: str) -> PersonName:
    obj = _obj(raw, path)
    return PersonName(
        first_names=_str(obj.get("Fornamn"), f"{path}.Fornamn"),
        last_name=_str(obj.get("Efternamn"), f"{path}.Efternamn"),
        middle_name=_opt_str(obj.get("Mellannamn"), f"{path}.Mellannamn") or "",
        given_name=_opt_str(obj.get("Tilltalsnamn"), f"{path}.Tilltalsnamn") or "",
    )


def _address(raw: Any, path: str) -> Address | None:
    if raw is None:
        return None
    swedish = _obj(_obj(raw, path).get("SvenskAdress"), f"{path}.SvenskAdress")
    p = f"{path}.SvenskAdress"
    postal_code = _str(swedish.get("PostNr"), f"{p}.PostNr").replace(" ", "")
    if not postal_code.isdigit() or len(postal_code) != 5:
        raise ShapeError(f"{p}.PostNr", "fem siffror")
    return Address(
        street=_str(swedish.get("Utdelningsadress2"), f"{p}.Utdelningsadress2"),
        postal_code=postal_code,
        city=_str(swedish.get("Postort"), f"{p}.Postort"),
        care_of=_opt_str(swedish.get("CareOf"), f"{p}.CareOf") or "",
        extra=_opt_str(swedish.get("Utdelningsadress1"), f"{p}.Utdelningsadress1") or "",
    )


def parse_answer(svar: dict[str, Any], asked: str) -> FolkbokforingData:
    """Strictly read one answer; ``asked`` is the personnummer asked about (ÅÅÅÅMMDD-NNNN)."""
    person_id = _obj(svar.get("PersonId"), "PersonId")
    number = _digits(person_id.get("IdNummer"), "PersonId.IdNummer")
    if number != asked:
        raise ShapeError("PersonId.IdNummer", "samma personnummer som i frågan")
    protected = _yes_no(svar.get("Sekretessmarkering"), "Sekretessmarkering") or _yes_no(
        svar.get("SkyddadFolkbokforing", "N"), "SkyddadFolkbokforing"
    )
    if protected:
        # Whatever else came back is dropped here: it is never stored or shown.
        return FolkbokforingData(personnummer=number, protected=True, name=None, address=None)
    folkbokforing = svar.get("Folkbokforing")
    fb = _obj(folkbokforing, "Folkbokforing") if folkbokforing is not None else {}
    household = []
    for i, item in enumerate(_list(svar.get("Hushall", []), "Hushall")):
        p = f"Hushall[{i}]"
        obj = _obj(item, p)
        household.append(
            HouseholdMember(
                personnummer=_digits(
                    _obj(obj.get("PersonId"), f"{p}.PersonId").get("IdNummer"),
                    f"{p}.PersonId.IdNummer",
                ),
                name=_name(obj.get("Namn"), f"{p}.Namn"),
                relation=_str(obj.get("Relation"), f"{p}.Relation"),
            )
        )
    return FolkbokforingData(
        personnummer=number,
        protected=False,
        name=_name(svar.get("Namn"), "Namn"),
        address=_address(svar.get("Folkbokforingsadress"), "Folkbokforingsadress"),
        municipality_code=_opt_str(fb.get("FolkbokfordKommunKod"), "Folkbokforing.KommunKod") or "",
        registered_from=_date(fb["DatumFrom"], "Folkbokforing.DatumFrom")
        if fb.get("DatumFrom") is not None
        else None,
        household=tuple(household),
    )


class FolkbokforingSource:
    """Asks the folkbokföring service (SPAR/Navet shape) about one person."""

    def __init__(self, client: RegisterClient, path: str) -> None:
        self.client = client
        self.path = path

    def fetch(self, request: RegisterRequest) -> PersonAnswer:
        answer = post_and_parse(
            self.client,
            self.path,
            request,
            lambda svar: parse_answer(svar, request.personidentitet),
        )
        return PersonAnswer(
            status=answer.status,
            data=answer.data,
            reason=answer.reason,
            detail=answer.detail,
            duration_ms=answer.duration_ms,
            attempts=answer.attempts,
        )


def new_correlation_id() -> str:
    return str(uuid.uuid4())
