"""Ekonomiskt bistånd till levnadskostnader i övrigt (before 2025-07-01: livsföring i övrigt).

Law: 12 kap. 1 § socialtjänstlagen (2025:400) — rätt till ekonomiskt bistånd för försörjningen
(försörjningsstöd) *och för sina levnadskostnader i övrigt*; before 2025-07-01 4 kap. 1 § SoL
(2001:453), "för sin livsföring i övrigt". Lines and letters use the month's term
(:func:`bistand.rules.citations.ovrigt_term`); the rule ids keep the old name for stability.
Tandvård, läkarvård, medicin, glasögon, barnomsorg, hemutrustning, flyttkostnader,
spädbarnsutrustning and umgängesresor are not part of försörjningsstödet (12 kap. 7 §); each
needs its own individual assessment (SOSFS 2013:1).

The engine therefore never approves such a need: it reports it as a need requiring assessment.
Only when a case worker's assessment is passed in (``assessed_needs``) is a granted amount
counted, and a denied one shown with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from bistand.rules.released.r2_0_8.citations import SOL, SOL_2001, SOSFS_2013_1, Rule, ovrigt_term
from bistand.rules.released.r2_0_8.context import Context, line
from bistand.rules.released.r2_0_8.inputs import AssessedNeed, OtherNeed
from bistand.rules.released.r2_0_8.money import Ore
from bistand.rules.released.r2_0_8.money import format_kronor_sv as kr

__all__ = ["KIND_LABELS", "RULES", "PendingNeed", "calculate", "utover_granted"]

_OVRIGT = (SOL(12, "1"), SOL_2001(4, "1", "första stycket"))

RULE_PENDING: Final = Rule(
    "livsforing_i_ovrigt.requires_assessment",
    "Behov som kräver individuell prövning",
    (*_OVRIGT, SOSFS_2013_1),
)
RULE_GRANTED: Final = Rule(
    "livsforing_i_ovrigt.granted", "Beviljat efter individuell prövning", _OVRIGT
)
RULE_DENIED: Final = Rule(
    "livsforing_i_ovrigt.denied", "Avslaget efter individuell prövning", _OVRIGT
)
# Bistånd utöver (12 kap. 2 § SoL; 4 kap. 2 § SoL 2001:453 before 2025-07-01): a need the case
# worker decided apart from the right (rules 2.0.8; the decision's own post, ADR 0310).
_UTOVER = (SOL(12, "2"), SOL_2001(4, "2"))
RULE_UTOVER_GRANTED: Final = Rule(
    "livsforing_i_ovrigt.utover_granted", "Bistånd utöver rätten, beviljat efter prövning", _UTOVER
)
RULE_UTOVER_DENIED: Final = Rule(
    "livsforing_i_ovrigt.utover_denied", "Bistånd utöver rätten, avslaget efter prövning", _UTOVER
)
RULES = (RULE_PENDING, RULE_GRANTED, RULE_DENIED, RULE_UTOVER_GRANTED, RULE_UTOVER_DENIED)

KIND_LABELS = {
    "tandvard": "Tandvård",
    "lakarvard": "Läkarvård",
    "medicin": "Medicin",
    "glasogon": "Glasögon",
    "barnomsorg": "Barnomsorg",
    "hemutrustning": "Hemutrustning",
    "flyttkostnad": "Flyttkostnad",
    "spadbarnsutrustning": "Spädbarnsutrustning",
    "umgangesresor": "Umgängesresor",
    "other": "Annat behov",
}


@dataclass(frozen=True, slots=True)
class PendingNeed:
    need: str
    kind: str
    member: str | None
    amount_asked: Ore

    def to_dict(self, on: date) -> dict[str, object]:
        from bistand.rules.released.r2_0_8.money import format_kronor

        return {
            "need": self.need,
            "kind": self.kind,
            "label": KIND_LABELS[self.kind],
            "member": self.member,
            "amount_asked": format_kronor(self.amount_asked),
            "rule": RULE_PENDING.id,
            "source": RULE_PENDING.source_text(on),
            "text": f"{KIND_LABELS[self.kind]} ({kr(self.amount_asked)}) prövas individuellt "
            "av en handläggare. Beloppet ingår inte i beräkningen förrän behovet är prövat.",
        }


def calculate(ctx: Context) -> tuple[int, tuple[PendingNeed, ...]]:
    """Granted amounts (öre) and the needs still waiting for a person's assessment: each need
    is waiting, granted or denied by the case worker's assessment (12 kap. 1 § SoL)."""
    if not ctx.inp.other_needs:
        return 0, ()
    assessed = {a.need: a for a in ctx.inp.assessed_needs}
    granted = 0
    pending: list[PendingNeed] = []
    for need in ctx.inp.other_needs:
        a = assessed.get(need.id)
        if a is None:
            pending.append(waiting_for_assessment(ctx, need))
        elif a.decision == "granted":
            granted += granted_after_assessment(ctx, need, a)
        else:
            denied_after_assessment(ctx, need, a)
    return granted, tuple(pending)


def waiting_for_assessment(ctx: Context, need: OtherNeed) -> PendingNeed:
    """Not yet assessed: shown with what was asked, never counted."""
    label = KIND_LABELS[need.kind]
    ctx.add(
        line(
            category="livsforing_i_ovrigt",
            what=f"{label}, väntar på prövning",
            amount=need.amount,
            effect="info",
            rule=RULE_PENDING,
            text="Du har ansökt om {0:kr} för {1}. Det prövas individuellt som bistånd "
            "till {2} och ingår inte i beloppet ännu.",
            args=(need.amount, label.lower(), ovrigt_term(ctx.on)),
            member=need.member,
        )
    )
    return PendingNeed(need.id, need.kind, need.member, need.amount)


def granted_after_assessment(ctx: Context, need: OtherNeed, a: AssessedNeed) -> int:
    """Granted by the case worker: the granted amount counts, with the reason."""
    label = KIND_LABELS[need.kind]
    ctx.add(
        line(
            category="livsforing_i_ovrigt",
            what=f"{label}, beviljat",
            amount=a.amount,
            effect="add",
            rule=RULE_UTOVER_GRANTED if a.basis == "utover" else RULE_GRANTED,
            text="{0}: {1:kr} beviljas efter prövning"
            + (" som bistånd utöver det du har rätt till" if a.basis == "utover" else "")
            + ". Skäl: {2}",
            args=(label, a.amount, a.reason),
            member=need.member,
        )
    )
    return a.amount


def denied_after_assessment(ctx: Context, need: OtherNeed, a: AssessedNeed) -> None:
    """Denied by the case worker: shown with the reason, not counted."""
    label = KIND_LABELS[need.kind]
    ctx.add(
        line(
            category="livsforing_i_ovrigt",
            what=f"{label}, avslaget",
            amount=need.amount,
            effect="info",
            rule=RULE_UTOVER_DENIED if a.basis == "utover" else RULE_DENIED,
            text="{0} ({1:kr}) beviljas inte"
            + (" som bistånd utöver det du har rätt till" if a.basis == "utover" else "")
            + ". Skäl: {2}",
            args=(label, need.amount, a.reason),
            member=need.member,
        )
    )


def utover_granted(ctx: Context) -> int:
    """The part of the granted needs decided as bistånd utöver (12 kap. 2 § SoL), in öre."""
    if not ctx.inp.assessed_needs:
        return 0
    needs = {n.id for n in ctx.inp.other_needs}
    return sum(
        a.amount
        for a in ctx.inp.assessed_needs
        if a.basis == "utover" and a.decision == "granted" and a.need in needs
    )
