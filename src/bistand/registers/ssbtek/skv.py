"""Skatteverket's block of SSBTEK v11, kept apart so it can be replaced in one place.

The v11 ``SkatteverketFraga``/``SkatteverketSvar`` types are Sundsvall's reconstruction from
Försäkringskassan's SoapUI envelope and one real test reply (2026-09-22), marked "replace when
FK's real v11 schema arrives". Each part asked for answers on its own: ``data`` (base64 JSON) or
``error``. The JSON inside the parts is not published at all; what this module reads is our own
assumption, documented in docs/adr/0105-ssbtek-soap-transport.md:

- ``individuppgifter``: ``{"arbetsgivardeklarationer": [{arbetsgivare, redovisningsperiod,
  bruttolon, skatteavdrag, nettolon?, utbetalningsdatum}]}`` (AGI per payment)
- ``skattekonto``: ``{"skatteaterbaring": [{belopp, datum}]}``
- ``skatteuppgifter``: ``{"kapitalinkomster": [{inkomstar, slag, belopp}]}``

When Försäkringskassan publishes the real block, change :func:`question`, :data:`PARTS` and
:func:`answer` here; nothing else in the transport reads Skatteverket's data.
"""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

from ..adapters import ShapeError, SkvSource
from ..types import RegisterRequest, SkvData
from .contract import SSBT_NS

__all__ = ["PARTS", "SkvPartError", "answer", "question"]

# The parts we ask for, in the order the XSD has them.
PARTS = ("individuppgifter", "skattekonto", "skatteuppgifter")
_ALL_PARTS = (
    "foretagsinformation",
    "individuppgifter",
    "skattekonto",
    "skatteuppgifter",
    "beskattningsbilagor",
)


class SkvPartError(Exception):
    """One part (or all of Skatteverket) answered with an error."""

    def __init__(self, part: str, felkod: str) -> None:
        super().__init__(f"{part}: {felkod}")
        self.part = part
        self.felkod = felkod


def _q(tag: str) -> str:
    return f"{{{SSBT_NS}}}{tag}"


def question(parent: ET.Element, request: RegisterRequest, include: bool) -> None:
    """Append ``<SKV inkludera=…><fraga>…</fraga></SKV>`` to ``specifikaFrageparametrar``."""
    skv = ET.SubElement(parent, _q("SKV"), {"inkludera": "true" if include else "false"})
    if not include:
        return
    fraga = ET.SubElement(skv, _q("fraga"))
    years = sorted({request.period_start.year - 1, request.period_start.year})
    for year in years:
        ET.SubElement(fraga, _q("ar")).text = str(year)
    for part in ("foretagsinformation", *PARTS, "beskattningsbilagor"):
        ET.SubElement(fraga, _q(part)).text = "true" if part in PARTS else "false"


def _part_json(element: ET.Element, part: str) -> Any:
    error = element.find(_q("error"))
    if error is not None:
        raise SkvPartError(part, error.findtext(_q("felkod"), default=""))
    data = element.findtext(_q("data"))
    if data is None:
        raise ShapeError(f"SKV.{part}", "data eller error")
    try:
        return json.loads(base64.b64decode(data, validate=True), parse_float=Decimal)
    except (ValueError, UnicodeDecodeError):
        raise ShapeError(f"SKV.{part}.data", "base64-kodad JSON") from None


def answer(skv: ET.Element) -> SkvData:
    """Map ``SkatteverketSvar`` to :class:`SkvData`; a part with an error raises
    :class:`SkvPartError` (the answer is partial: the case goes to a person)."""
    whole = skv.find(_q("error"))
    if whole is not None:
        raise SkvPartError("SKV", whole.findtext(_q("felkod"), default=""))
    merged: dict[str, Any] = {
        "arbetsgivardeklarationer": [],
        "skatteaterbaring": [],
        "kapitalinkomster": [],
    }
    for part in PARTS:
        element = skv.find(_q(part))
        if element is None:
            raise ShapeError(f"SKV.{part}", "svar på den efterfrågade delen")
        content = _part_json(element, part)
        if not isinstance(content, dict):
            raise ShapeError(f"SKV.{part}", "objekt")
        for key in merged:
            if key in content:
                merged[key] = content[key]
    return SkvSource.__new__(SkvSource).parse(merged)
