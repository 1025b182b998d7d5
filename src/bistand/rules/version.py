"""The rules version: a release number plus a digest of every rule and parameter file.

Any change to a rule module or a YAML parameter file changes :data:`RULES_VERSION`, so a stored
calculation can only be replayed by exactly the rules that made it (see
:func:`bistand.rules.replay`). The CLI, documentation and the frozen earlier
releases (``released/``) do not count.

Release 2.0.0 is frozen (``released/r2_0_0``, ADR 0171): a change to the rules must raise
``RELEASE`` here (tests/rules/test_released.py), so that it is a new version.

Release 2.0.1 changes wording only (each citation once, "Du" to one person, docs/changes):
every amount is the same as under 2.0.0. It is frozen too (``released/r2_0_1``).

Release 2.0.2 changes speed only (docs/adr/0225): every output is the same as under 2.0.1
(tests/rules/test_released.py). It is frozen too (``released/r2_0_2``).

Release 2.0.3 adds the role ``home_member`` (a person of any age in the home who belongs to
another household there: counted per head, never in the family) and states no norm for another
adult in the home (docs/adr/0235): every 2.0.2 fixture household gets the same status and
amounts (tests/rules/test_released.py). Frozen too (``released/r2_0_3``).

Release 2.0.4 records a resident child's days with the other parent (``days_with_other_parent``):
under the default interpretation no amount changes. Frozen too (``released/r2_0_4``).

Release 2.0.5 changes speed only (docs/adr/0250): every output is the same as under 2.0.4, field
by field (tests/rules/test_released.py). Frozen too (``released/r2_0_5``).

Release 2.0.6 changes speed only (docs/adr/0275): the hot modules may run compiled with mypyc
(``compiled.py``; a compiled class is made by its own constructor). Every output is the same as
under 2.0.5, field by field, compiled or not (tests/rules/test_released.py,
tests/rules/test_compiled.py). Frozen too (``released/r2_0_6``).

Release 2.0.7 changes speed only (docs/adr/0300): compiled dataclasses made without the
dataclass's Python ``__init__``, the hot caches and rules ``Final``, a line's dict copied from its
rule's template, kronor written without format strings; the batch makes fewer whole-population
arrays. Every output is the same as under 2.0.6, field by field, compiled or not, and the batch
the same integers (tests/rules/test_released.py, tests/rules/test_properties.py). Frozen too
(``released/r2_0_7``).

Release 2.0.8 changes amounts for one shape of household (docs/adr/0315): two or more
umgängesbarn who stay the same number of days share the increase of the shared costs equally
(``riksnorm.umgange_same_days``), where each used to take the next marginal step in the order the
household was listed; as a child's own income counts only up to the child's share, that order
could change the amount. It also takes the case worker's basis for an assessed need
(``assessed_needs[].basis``: ``utover`` for bistånd utöver, 12 kap. 2 §), cites it on the need's
line and in the result, and with needs granted names the result ekonomiskt bistånd, not
försörjningsstöd (same amounts). Every other household gets the 2.0.7 output, its version aside
(tests/rules/test_released.py). Frozen too (``released/r2_0_8``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["RELEASE", "RULES_VERSION", "rules_digest"]

RELEASE = "2.0.8"
_PACKAGE = Path(__file__).resolve().parent
_NOT_RULES = {"cli.py", "compiled.py", "version.py"}


def rules_digest() -> str:
    """sha256 over the package's rule modules and parameter files (path and content), and the
    municipality's guideline file (content, under the fixed name ``guidelines.yaml``: where the
    configuration directory lies does not change the version, what the guidelines say does)."""
    from bistand.rules.parameters import GUIDELINES_FILE, guideline_files

    digest = hashlib.sha256()
    files = sorted(
        p
        for p in (*_PACKAGE.rglob("*.py"), *_PACKAGE.rglob("*.yaml"))
        if p.name not in _NOT_RULES
        and "__pycache__" not in p.parts
        and "released" not in p.relative_to(_PACKAGE).parts[:1]
    )
    for path in files:
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes().replace(b"\r\n", b"\n"))
        digest.update(b"\0")
    for path in guideline_files():
        digest.update(GUIDELINES_FILE.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes().replace(b"\r\n", b"\n"))
        digest.update(b"\0")
    return digest.hexdigest()[:12]


RULES_VERSION = f"{RELEASE}+{rules_digest()}"
