"""The v11 contract files and their compiled schemas (compiled once per process).

``ssbt_schema()`` is Försäkringskassan's ``sammansatt_bastjanst_v11.xsd`` with every agency XSD it
imports; ``csn_schema()`` validates the base64 CSN XML (``CSNSvar``). Both are cached: compiling
takes about 0.2 s, validating an answer a few milliseconds.
"""

from __future__ import annotations

import functools
from pathlib import Path

import xmlschema

__all__ = [
    "CONTRACT_DIR",
    "CSN_NS",
    "SOAP_NS",
    "SSBT_NS",
    "WSDL_PATH",
    "csn_schema",
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
