"""The legal basis a decision cites, by the month decided (issue 11 item 9).

A month before 2025-07-01 is decided under socialtjänstlagen (2001:453) as it then read; from
2025-07-01 under socialtjänstlagen (2025:400), whose term for the second part of ekonomiskt
bistånd is "levnadskostnader i övrigt" (12 kap. 1 §), not "livsföring i övrigt". Letters,
posts and motiveringar take their citations from here, never from a fixed string.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bistand.rules.citations import NEW_LAW_FROM, ovrigt_term

__all__ = [
    "LEGALITY_REVIEW_PROVISION",
    "LegalBasis",
    "appeal_provision",
    "is_utover",
    "legal_basis",
    "post_labels",
    "utover_not_appealable_provision",
]


@dataclass(frozen=True)
class LegalBasis:
    law: str
    """The act's name as cited, e.g. "Socialtjänstlagen (2025:400)"."""
    right: str
    """The right to ekonomiskt bistånd (12 kap. 1 § / 4 kap. 1 §)."""
    norm: str
    """Försörjningsstöd items and riksnorm (12 kap. 7 § / 4 kap. 3 §)."""
    forsorjningsstod: str
    """The post försörjningsstöd: right + norm."""
    ovrigt: str
    """The post for other needs, with the month's term."""
    ovrigt_term: str
    utover: str
    """Bistånd beyond the entitlement (12 kap. 2 § / 4 kap. 2 §): never automated."""


def legal_basis(month: date) -> LegalBasis:
    on = month.replace(day=1)
    term = ovrigt_term(on)
    if on >= NEW_LAW_FROM:
        law, kap, right, norm, utover = "Socialtjänstlagen (2025:400)", 12, "1", "7", "2"
    else:
        law, kap, right, norm, utover = "Socialtjänstlagen (2001:453)", 4, "1", "3", "2"
    return LegalBasis(
        law=law,
        right=f"{law} {kap} kap. {right} §",
        norm=f"{law} {kap} kap. {norm} §",
        forsorjningsstod=f"{law} {kap} kap. {right} § och {norm} §",
        ovrigt=f"{law} {kap} kap. {right} § ({term})",
        ovrigt_term=term,
        utover=f"{law} {kap} kap. {utover} §",
    )


def appeal_provision(month: date, decided_on: date) -> str:
    """The socialtjänstlag's paragraph that makes the decision appealable, for the letter's
    appeal section (beside FL 40–45 §§).

    Socialtjänstlagen (2025:400) 35 kap. 1 § ("Socialnämndens beslut får överklagas till allmän
    förvaltningsdomstol i fråga om 1. insatser enligt … 12 kap. 1 §, 2. nekat eller nedsatt
    försörjningsstöd enligt 12 kap. 5 §"), read in the consolidated text through SFS 2025:1501
    (law-2026.md, [SoL]; ADR 0295), for a month decided under that act (`legal_basis`) by a
    decision made from 2025-07-01. A decision made before then is appealed under the repealed
    act (övergångsbestämmelse 6), and a month before then is decided under it; its paragraph
    (2001:453 16 kap. 3 §) is not verified, so nothing is cited there rather than a guess."""
    new_law = month.replace(day=1) >= NEW_LAW_FROM and decided_on >= NEW_LAW_FROM
    return "Socialtjänstlagen (2025:400) 35 kap. 1 §" if new_law else ""


def post_labels(posts: list[dict[str, Any]]) -> str:
    """The posts' labels for a sentence: "försörjningsstöd", "försörjningsstöd och tandvård"."""
    labels = [str(p["label"])[:1].lower() + str(p["label"])[1:] for p in posts]
    if len(labels) <= 1:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} och {labels[-1]}"


def is_utover(legal_source: str, month: date) -> bool:
    """Whether a post was decided as bistånd utöver (SoL 2025:400 12 kap. 2 §; for a month
    before 2025-07-01 SoL 2001:453 4 kap. 2 §), by the lagrum stored on the post."""
    return legal_basis(month).utover in legal_source


# Laglighetsprövning (kommunallagen 2017:725 13 kap.), read in se-lex/sfs `2017/sfs-2017-725.md`
# (commit 1f6e7337a8f8bd207d50cf35d18729ac5cc00262): 1 § every kommunmedlem may have the legality
# of the kommun's decisions tried by appealing to förvaltningsrätten; 2 § p. 2 a nämnd's decision
# unless purely preparatory or executive; 4 § in writing, naming the decision and the grounds, to
# förvaltningsrätten; 5 § within three weeks from the day the anslagstavla announced that the
# protocol over the decision was justerat; 6 § one that reached the kommun in time is tried
# anyway; 7 § only the grounds given within the period; 8 § the decision is set aside only if
# unlawful, and the court may not put another decision in its place (ADR 0310).
LEGALITY_REVIEW_PROVISION = "Kommunallagen (2017:725) 13 kap. 1, 2 och 4–8 §§"


def utover_not_appealable_provision(month: date, decided_on: date) -> str:
    """Why a bistånd-utöver post is not appealed to förvaltningsrätten like the rest: the
    socialtjänstlag's list of appealable decisions, which names 12 kap. 1 § and 5 §, not 2 §
    (SoL 2025:400 35 kap. 1 §, verified; ADR 0310). As `appeal_provision`, only for a month decided
    under that act by a decision made from 2025-07-01; otherwise "" (the repealed act's 16 kap.
    3 § is not verified: nothing is cited rather than a guess)."""
    return appeal_provision(month, decided_on)
