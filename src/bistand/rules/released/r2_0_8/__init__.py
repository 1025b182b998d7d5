"""Rules release 2.0.8 (``2.0.8+70204053ddce``), frozen: the rules that made the
decisions of release 2.0.8, kept byte for byte (only the import paths renamed, the
guideline file read from the snapshot in ``guidelines/`` and ``replay`` limited to its own
version) so that those decisions replay identically under their own version after the rules
change (docs/adr/0100-rules-releases-kept-for-replay.md, docs/adr/0171-rules-release-2-frozen.md).

Never edit this package: a change here would make the old decisions unverifiable.
"""

from bistand.rules.released.r2_0_8.engine import (
    ReplayMismatchError,
    RulesVersionMismatchError,
    calculate,
    replay,
    verify,
)
from bistand.rules.released.r2_0_8.version import RULES_VERSION

__all__ = [
    "RULES_VERSION",
    "ReplayMismatchError",
    "RulesVersionMismatchError",
    "calculate",
    "replay",
    "verify",
]
