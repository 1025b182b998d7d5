"""The v11 contract files and their compiled schemas (compiled once per process).

``ssbt_schema()`` is Försäkringskassan's ``sammansatt_bastjanst_v11.xsd`` with every agency XSD it
imports; ``csn_schema()`` validates the base64 CSN XML (``CSNSvar``). Both are cached: compiling
takes about 0.2 s, validating an answer a few milliseconds (xmlschema, pure Python: the tests
and tools use these).

Every answer the pipeline receives is validated against the same XSDs with libxml2 (lxml):
:func:`ssbt_errors` and :func:`csn_errors`, about a hundred times faster per answer
(docs/adr/0255-register-answers-validated-with-libxml2.md). A compiled lxml schema is not shared
between threads at the same moment (its error log is per object): each validation takes an idle
one from a small pool, compiled on first need (about 0.05 s).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from pathlib import Path

import xmlschema
from lxml import etree

__all__ = [
    "CONTRACT_DIR",
    "CSN_NS",
    "SOAP_NS",
    "SSBT_NS",
    "WSDL_PATH",
    "csn_errors",
    "csn_schema",
    "parse",
    "ssbt_errors",
    "ssbt_schema",
]

CONTRACT_DIR = Path(__file__).parent / "contract" / "v11"
SSBT_DIR = CONTRACT_DIR / "se/forsakringskassan/schema/integration/ssbt/_11"
WSDL_PATH = SSBT_DIR / "Sammansatt_Bastjanst_v11.wsdl"
SSBT_XSD = SSBT_DIR / "sammansatt_bastjanst_v11.xsd"
# kommunfraga.xsd imports a Sambruk schema that was never published; this copy leaves it out.
CSN_XSD = CONTRACT_DIR / "se/csn/schema/v4_0/kommunfraga/kommunfraga-utan-sambruk.xsd"

SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
SSBT_NS = "http://schema.forsakringskassan.se/integration/ssbt/11"
AF_NS = "http://api.arbetsformedlingen.se/arbetssokande/ersattningsstod/v2"
SO_NS = "http://INT014.UBPService.Schemas"
TNS_NS = "http://schema.transportstyrelsen.se/ssbtek/hamtauppgifterresponder/1"
FORDON_NS = "http://schema.transportstyrelsen.se/ssbtek/fordon/1"
MIV_NS = "http://schema.migrationsverket.se/ssbtek/1/"
CSN_NS = "http://schema.csn.se/v4.0/kommunfraga"
CSN_PERSON_NS = "http://schema.csn.se/v4.0/person"
CSN_SM_NS = "http://schema.csn.se/v4.0/studiemedel"
CSN_TYPES_NS = "http://schema.csn.se/v4.0/csntyper"


@functools.cache
def ssbt_schema() -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(SSBT_XSD))


@functools.cache
def csn_schema() -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(CSN_XSD))


# --- libxml2 (lxml): the pipeline's validation --------------------------------------------------

# No DTD, no entities resolved, nothing fetched from the network: the answer is only read.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse(payload: bytes) -> etree._Element:
    """``payload`` as an lxml element (raises ``etree.XMLSyntaxError`` if it is not XML)."""
    return etree.fromstring(payload, _PARSER)


class _SchemaPool:
    """Compiled schemas of one XSD, each used by one thread at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._idle: list[etree.XMLSchema] = []
        self._lock = threading.Lock()

    def _compile(self) -> etree.XMLSchema:
        return etree.XMLSchema(etree.parse(str(self.path), _PARSER))

    def warm_up(self) -> None:
        with self._lock:
            if not self._idle:
                self._idle.append(self._compile())

    def errors(self, element: etree._Element) -> list[str]:
        """Where ``element`` breaks the schema (the paths only: a message can quote a value,
        such as a personnummer); empty when it is valid."""
        with self._lock:
            schema = self._idle.pop() if self._idle else None
        if schema is None:
            schema = self._compile()
        try:
            if schema.validate(element):
                return []
            return [entry.path or "/" for entry in schema.error_log]
        finally:
            with self._lock:
                self._idle.append(schema)


_SSBT = _SchemaPool(SSBT_XSD)
_CSN = _SchemaPool(CSN_XSD)
ssbt_errors: Callable[[etree._Element], list[str]] = _SSBT.errors
csn_errors: Callable[[etree._Element], list[str]] = _CSN.errors


def warm_up() -> None:
    """Compile one of each before the worker forks."""
    _SSBT.warm_up()
    _CSN.warm_up()
