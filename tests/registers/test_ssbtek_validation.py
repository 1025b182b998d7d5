"""The pipeline validates SSBTEK answers with libxml2 (ADR 0255): it accepts and rejects exactly
what the XSD validation with xmlschema did, on the simulator's answers and on answers with one
element taken out or one value garbled."""

from __future__ import annotations

import base64
import random
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest

from bistand.registers.ssbtek import codec
from bistand.registers.ssbtek.contract import (
    SOAP_NS,
    csn_errors,
    csn_schema,
    parse,
    ssbt_errors,
    ssbt_schema,
)
from bistand.registers.ssbtek.transport import SoapConfig, SoapTransport, TlsFiles
from bistand.registers.types import ALL_SOURCES
from bistand.synthetic.personnummer import generate

from .test_ssbtek_soap import request

pytestmark = pytest.mark.django_db


def _answers(simulator: Any, people: int) -> list[bytes]:
    transport = SoapTransport(SoapConfig(url=simulator.soap_url, tls=TlsFiles()))
    rng = random.Random(255)
    out = []
    for i in range(people):
        pnr = generate(rng, date(1950 + 9 * i, 1 + i, 2 + i))
        payload, failure, _ = transport._post(
            codec.request_envelope(request(pnr), list(ALL_SOURCES), aktorsid="k1")
        )
        assert payload is not None, failure
        out.append(payload)
    return out


def _answer_element(payload: bytes) -> ET.Element:
    return ET.fromstring(payload).find(f"{{{SOAP_NS}}}Body")[0]  # type: ignore[index]


def _same_verdict(element: ET.Element) -> bool:
    by_xmlschema = not list(ssbt_schema().iter_errors(element))
    by_libxml2 = not ssbt_errors(parse(ET.tostring(element)))
    assert by_xmlschema == by_libxml2, ET.tostring(element)[:300]
    return by_libxml2


def _mutations(element: ET.Element) -> list[ET.Element]:
    """Copies of `element` with one descendant removed, or one text replaced by garbage."""
    out = []
    paths = []

    def walk(node: ET.Element, path: tuple[int, ...]) -> None:
        for n, child in enumerate(node):
            paths.append((*path, n))
            walk(child, (*path, n))

    walk(element, ())
    for path in paths:
        for how in ("remove", "garble"):
            copy = ET.fromstring(ET.tostring(element))
            parent = copy
            for n in path[:-1]:
                parent = parent[n]
            target = parent[path[-1]]
            if how == "remove":
                parent.remove(target)
            elif target.text and target.text.strip():
                target.text = "x<>" + target.text[::-1] + "-not-a-value"
            else:
                continue
            out.append(copy)
    return out


def test_libxml2_and_xmlschema_agree_on_answers_and_broken_answers(simulator):
    verdicts = []
    for payload in _answers(simulator, 3):
        element = _answer_element(payload)
        assert _same_verdict(element)
        for broken in _mutations(element)[:400]:
            verdicts.append(_same_verdict(broken))
    assert True in verdicts and False in verdicts  # both kinds were compared


def test_the_csn_answer_inside_agrees_too(simulator):
    for payload in _answers(simulator, 3):
        element = _answer_element(payload)
        raw = next((e.text for e in element.iter() if e.tag.endswith("}svar") and e.text), None)
        if raw is None:
            continue
        inner = ET.fromstring(base64.b64decode(raw))
        for candidate in [inner, *_mutations(inner)]:
            by_xmlschema = not list(csn_schema().iter_errors(candidate))
            by_libxml2 = not csn_errors(parse(ET.tostring(candidate)))
            assert by_xmlschema == by_libxml2, ET.tostring(candidate)[:300]


def test_a_payload_that_is_not_xml_is_refused_by_the_validation_too():
    with pytest.raises(codec.InvalidAnswerError) as refused:
        codec._validate(b"<not xml")
    assert refused.value.reason == "invalid_xml"
