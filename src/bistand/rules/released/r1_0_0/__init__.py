"""Rules release 1.0.0 (``1.0.0+c88c3063bec8``), frozen: the rules that made the decisions before
release 2.0.0, kept byte for byte (only the import paths renamed) so that those decisions replay
identically under their own version (docs/adr/0100-rules-releases-kept-for-replay.md).

Never edit this package: a change here would make the old decisions unverifiable.
"""

from bistand.rules.released.r1_0_0.engine import (
    ReplayMismatchError,
    RulesVersionMismatchError,
    calculate,
    replay,
    verify,
)
from bistand.rules.released.r1_0_0.version import RULES_VERSION

__all__ = [
    "RULES_VERSION",
    "ReplayMismatchError",
    "RulesVersionMismatchError",
    "calculate",
    "replay",
    "verify",
]
