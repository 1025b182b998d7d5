"""The frozen release's version string, as it was computed when the release was in use."""

from __future__ import annotations

__all__ = ["RELEASE", "RULES_VERSION"]

RELEASE = "1.0.0"
RULES_VERSION = "1.0.0+c88c3063bec8"
