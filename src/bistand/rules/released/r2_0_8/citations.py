"""Legal citations and rule identities, dated.

Every rule the engine applies is a :class:`Rule` with a stable ``id`` (stored with each line of a
calculation) and one or more :class:`Citation` s: the SFS number, kapitel and paragraf it rests on,
or — for guidance and case law — the named document. A rule that rests on municipal guidelines
or on our own interpretation says so (``kind``), so the law is never confused with practice.

Every citation carries the dates it is valid for (``valid_from``, ``valid_until``, both
inclusive). A rule lists the citations of every period it has existed in; a calculation for a
month cites only those valid on the month's first day (:meth:`Rule.sources_on`). So a month
before 2025-07-01 cites socialtjänstlagen (2001:453) and socialtjänstförordningen (2001:937) as
they then read, and a month from 2025-07-01 cites SoL (2025:400) and SoF (2025:468)
(tests/rules/test_citations.py fails if a month cites a law not in force then).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

__all__ = [
    "NEW_LAW_FROM",
    "SOF_2001",
    "SOL",
    "SOL_2001",
    "SOSFS_2013_1",
    "STF",
    "Citation",
    "Rule",
    "RuleKind",
    "ovrigt_term",
]

RuleKind = Literal["law", "guideline", "interpretation"]

NEW_LAW_FROM = date(2025, 7, 1)
"""SoL (2025:400) and SoF (2025:468) are in force from this date; the 2001 acts until the day
before (SoL 2025:400 övergångsbestämmelse 1; law-2026.md §1)."""
OLD_LAW_UNTIL = date(2025, 6, 30)


@dataclass(frozen=True, slots=True)
class Citation:
    """A legal source: ``12 kap. 7 § första stycket 1 socialtjänstlagen (2025:400)``."""

    title: str
    sfs: str | None = None
    kapitel: int | None = None
    paragraf: str | None = None
    stycke: str | None = None
    url: str | None = None
    verified: bool = True
    note: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None

    def text(self) -> str:
        parts: list[str] = []
        if self.kapitel is not None:
            parts.append(f"{self.kapitel} kap.")
        if self.paragraf is not None:
            parts.append(
                f"{self.paragraf} §" if "-" not in self.paragraf else f"{self.paragraf} §§"
            )
        if self.stycke:
            parts.append(self.stycke)
        name = self.title if self.sfs is None else f"{self.title} ({self.sfs})"
        return " ".join([*parts, name]) if parts else name

    def valid_on(self, on: date) -> bool:
        """Whether the source was in force (or, for guidance and case law, existed) on ``on``."""
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_until is None or on <= self.valid_until
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text(),
            "title": self.title,
            "sfs": self.sfs,
            "kapitel": self.kapitel,
            "paragraf": self.paragraf,
            "stycke": self.stycke,
            "url": self.url,
            "verified": self.verified,
            "note": self.note,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
        }


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: an id, a Swedish title, its sources (of every period), law or practice."""

    id: str
    title: str
    sources: tuple[Citation, ...]
    kind: RuleKind = "law"
    interpretation: str | None = None

    def sources_on(self, on: date) -> tuple[Citation, ...]:
        """The citations valid on ``on`` (the first day of the month calculated), each cited
        once: two parts of a rule can rest on the same paragraph in one period (before
        2025-07-01 the whole riksnorm stood in 2 kap. 1 § SoF 2001:937). A paragraph cited twice
        is kept at its first place; it counts as verified if either citation is, and their
        notes are kept."""
        kept: dict[str, Citation] = {}
        for c in self.sources:
            if not c.valid_on(on):
                continue
            first = kept.get(c.text())
            if first is None:
                kept[c.text()] = c
            elif c != first:
                notes = [n for n in (first.note, c.note) if n]
                kept[c.text()] = replace(
                    first,
                    verified=first.verified or c.verified,
                    note=" ".join(dict.fromkeys(notes)) or None,
                )
        return tuple(kept.values())

    def source_text(self, on: date) -> str:
        return "; ".join(c.text() for c in self.sources_on(on))


_SOL_2025_URL = (
    "https://svenskforfattningssamling.se/sites/default/files/sfs/2025-05/SFS2025-400.pdf"
)
_SOF_2025_URL = (
    "https://svenskforfattningssamling.se/sites/default/files/sfs/2025-05/SFS2025-468.pdf"
)


def SOL(  # noqa: N802 - reads like the statute's short name
    kapitel: int,
    paragraf: str,
    stycke: str | None = None,
    *,
    verified: bool = True,
    note: str | None = None,
) -> Citation:
    """A paragraph of socialtjänstlagen (2025:400), in force from 2025-07-01."""
    return Citation(
        "socialtjänstlagen",
        "2025:400",
        kapitel,
        paragraf,
        stycke,
        _SOL_2025_URL,
        verified,
        note,
        valid_from=NEW_LAW_FROM,
    )


def SOL_2001(  # noqa: N802
    kapitel: int,
    paragraf: str,
    stycke: str | None = None,
    *,
    verified: bool = True,
    note: str | None = None,
) -> Citation:
    """A paragraph of the old socialtjänstlagen (2001:453), in force until 2025-06-30."""
    return Citation(
        "socialtjänstlagen",
        "2001:453",
        kapitel,
        paragraf,
        stycke,
        None,
        verified,
        note,
        valid_from=date(2002, 1, 1),
        valid_until=OLD_LAW_UNTIL,
    )


def STF(  # noqa: N802
    kapitel: int, paragraf: str, stycke: str | None = None
) -> Citation:
    """A paragraph of socialtjänstförordningen (2025:468), in force from 2025-07-01."""
    return Citation(
        "socialtjänstförordningen",
        "2025:468",
        kapitel,
        paragraf,
        stycke,
        _SOF_2025_URL,
        valid_from=NEW_LAW_FROM,
    )


def SOF_2001(  # noqa: N802
    kapitel: int,
    paragraf: str,
    stycke: str | None = None,
    *,
    verified: bool = True,
    note: str | None = None,
) -> Citation:
    """A paragraph of the old socialtjänstförordningen (2001:937), in force until 2025-06-30."""
    return Citation(
        "socialtjänstförordningen",
        "2001:937",
        kapitel,
        paragraf,
        stycke,
        None,
        verified,
        note,
        valid_from=date(2002, 1, 1),
        valid_until=OLD_LAW_UNTIL,
    )


SOSFS_2013_1 = Citation(
    "Socialstyrelsens allmänna råd om ekonomiskt bistånd",
    "SOSFS 2013:1",
    url="https://www.socialstyrelsen.se/kunskapsstod-och-regler/regler-och-riktlinjer/"
    "foreskrifter-och-allmanna-rad/konsoliderade-foreskrifter/20131-om-ekonomiskt-bistand/",
    note="Allmänna råd, konsoliderade t.o.m. HSLF-FS 2021:31; inte bindande föreskrifter. "
    "Startdatumet (2013) är provisoriskt: dagen är inte kontrollerad.",
    valid_from=date(2013, 1, 1),
)


def ovrigt_term(on: date) -> str:
    """The law's term for the second part of ekonomiskt bistånd in the month of ``on``:
    "livsföring i övrigt" (4 kap. 1 § SoL 2001:453) before 2025-07-01, "levnadskostnader i
    övrigt" (12 kap. 1 § SoL 2025:400) from then."""
    return "levnadskostnader i övrigt" if on >= NEW_LAW_FROM else "livsföring i övrigt"
