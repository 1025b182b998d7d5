"""Legal citations and rule identities.

Every rule the engine applies is a :class:`Rule` with a stable ``id`` (stored with each line of a
calculation) and one or more :class:`Citation` s: the SFS number, kapitel and paragraf it rests on,
or — for guidance and case law — the named document. A rule that rests on municipal guidelines
or on our own interpretation says so (``kind``), so the law is never confused with practice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["SOL", "SOL_2001", "SOSFS_2013_1", "STF", "Citation", "Rule", "RuleKind"]

RuleKind = Literal["law", "guideline", "interpretation"]


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
        }


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: an id, a Swedish title, its sources, and whether it is law or practice."""

    id: str
    title: str
    sources: tuple[Citation, ...]
    kind: RuleKind = "law"
    interpretation: str | None = None

    def source_text(self) -> str:
        return "; ".join(c.text() for c in self.sources)


def SOL(  # noqa: N802 - reads like the statute's short name
    kapitel: int,
    paragraf: str,
    stycke: str | None = None,
    *,
    verified: bool = True,
    note: str | None = None,
) -> Citation:
    """A paragraph of socialtjänstlagen (2025:400), in force 2025-07-01."""
    return Citation(
        "socialtjänstlagen",
        "2025:400",
        kapitel,
        paragraf,
        stycke,
        "https://svenskforfattningssamling.se/sites/default/files/sfs/2025-05/SFS2025-400.pdf",
        verified,
        note,
    )


def SOL_2001(  # noqa: N802
    kapitel: int, paragraf: str, stycke: str | None = None, *, note: str | None = None
) -> Citation:
    """A paragraph of the old socialtjänstlagen (2001:453), replaced 2025-07-01."""
    return Citation("socialtjänstlagen", "2001:453", kapitel, paragraf, stycke, None, True, note)


def STF(  # noqa: N802
    kapitel: int, paragraf: str, stycke: str | None = None
) -> Citation:
    """A paragraph of socialtjänstförordningen (2025:468), in force 2025-07-01."""
    return Citation(
        "socialtjänstförordningen",
        "2025:468",
        kapitel,
        paragraf,
        stycke,
        "https://svenskforfattningssamling.se/sites/default/files/sfs/2025-05/SFS2025-468.pdf",
    )


SOSFS_2013_1 = Citation(
    "Socialstyrelsens allmänna råd om ekonomiskt bistånd",
    "SOSFS 2013:1",
    url="https://www.socialstyrelsen.se/kunskapsstod-och-regler/regler-och-riktlinjer/"
    "foreskrifter-och-allmanna-rad/konsoliderade-foreskrifter/20131-om-ekonomiskt-bistand/",
    note="Allmänna råd, konsoliderade t.o.m. HSLF-FS 2021:31; inte bindande föreskrifter.",
)
