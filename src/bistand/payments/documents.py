"""Stickprov documents on disk (docs/adr/0176): the shared upload machinery in
:mod:`bistand.core.uploads` (type by content, size limit, 0600 under a random name), which a
komplettering's attachments use too (docs/adr/0216)."""

from __future__ import annotations

from bistand.core.uploads import KINDS, LABELS, DocumentError, Stored, path_for, sniff, store

__all__ = ["KINDS", "LABELS", "DocumentError", "Stored", "path_for", "sniff", "store"]
