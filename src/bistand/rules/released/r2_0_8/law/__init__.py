"""The rules, one module per legal source.

- :mod:`.riksnorm` — riksnormen: 12 kap. 7 § första stycket 1 socialtjänstlagen (2025:400) and
  12 kap. 2–3 §§ socialtjänstförordningen (2025:468).
- :mod:`.skaliga_kostnader` — skäliga kostnader utanför riksnormen: 12 kap. 7 § SoL (2025:400),
  capped by municipal guidelines (``guidelines.yaml`` in the municipality directory).
- :mod:`.livsforing_i_ovrigt` — bistånd till levnadskostnader i övrigt (before 2025-07-01
  livsföring i övrigt): 12 kap. 1 § SoL (2025:400);
  always an individual assessment, never approved by the engine.
- :mod:`.inkomster` — inkomster och tillgångar: 12 kap. 1 § SoL (2025:400), jobbstimulans
  (12 kap. 8 §) and children's earnings (12 kap. 9 §), a child's own income, normöverskott.
- :mod:`.forsorjningsstod` — the amount and the status: 12 kap. 1 § SoL (2025:400).
"""

from bistand.rules.released.r2_0_8.law import (
    forsorjningsstod,
    inkomster,
    livsforing_i_ovrigt,
    riksnorm,
    skaliga_kostnader,
)

MODULES = (riksnorm, skaliga_kostnader, livsforing_i_ovrigt, inkomster, forsorjningsstod)

__all__ = [
    "MODULES",
    "forsorjningsstod",
    "inkomster",
    "livsforing_i_ovrigt",
    "riksnorm",
    "skaliga_kostnader",
]
