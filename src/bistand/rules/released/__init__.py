"""Earlier rules releases, frozen, so a stored calculation replays under the rules that made it.

:data:`RELEASES` maps a stored ``rules_version`` to the frozen package that computes it. The
installed release is :mod:`bistand.rules` itself; when it is a frozen release (2.0.8 since it
was frozen), both give the same result, and any change to the rules must raise ``RELEASE``
(tests/rules/test_released.py). These packages are not
part of the current release's digest (``bistand.rules.version``), and they are never edited.
"""

from __future__ import annotations

from types import ModuleType

__all__ = ["RELEASES", "release_for"]

RELEASES: dict[str, str] = {
    "1.0.0+c88c3063bec8": "bistand.rules.released.r1_0_0",
    "2.0.0+1e573c4fb7e5": "bistand.rules.released.r2_0_0",
    "2.0.1+4437fa8f3eb4": "bistand.rules.released.r2_0_1",
    "2.0.2+151b89104749": "bistand.rules.released.r2_0_2",
    "2.0.3+043f95047616": "bistand.rules.released.r2_0_3",
    "2.0.4+e4ef64090a10": "bistand.rules.released.r2_0_4",
    "2.0.5+ee6c774161bb": "bistand.rules.released.r2_0_5",
    "2.0.6+1cf96a9b54ea": "bistand.rules.released.r2_0_6",
    "2.0.7+292765677d8f": "bistand.rules.released.r2_0_7",
    "2.0.8+70204053ddce": "bistand.rules.released.r2_0_8",
}


def release_for(rules_version: str) -> ModuleType | None:
    """The frozen release that made ``rules_version``, imported on first use; None if unknown."""
    name = RELEASES.get(rules_version)
    if name is None:
        return None
    import importlib

    return importlib.import_module(name)
