"""The frozen release's version string, as it was computed when the release was in use."""

from __future__ import annotations

__all__ = ["RELEASE", "RULES_VERSION"]

RELEASE = "2.0.8"
RULES_VERSION = "2.0.8+70204053ddce"
