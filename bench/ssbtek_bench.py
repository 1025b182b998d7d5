"""Benchmark: the cost per application of the SSBTEK v11 SOAP round trip in Bistånd's own code.

    .venv/bin/python bench/ssbtek_bench.py [--people N] [--rounds N]

For N synthetic people (default 200) the simulator's answers are built once; then, per person,
the client side is timed step by step: building the request envelope, parsing the answer,
validating it against the compiled v11 XSDs, and mapping every source to typed register data
(the nested CSN XML is validated against CSN's schema inside the mapping). Prints medians from
this one run, per person and per application (applicant + partner = 2 people), and the one-off
cost of compiling the schemas. It also times a full HTTP round trip against the simulator in a
thread for comparison. Timing lives here, never in tests.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bistand.demo import soap_simulator  # noqa: E402
from bistand.demo.simulator import source_answer, start_simulator  # noqa: E402
from bistand.registers.ssbtek import codec, contract  # noqa: E402
from bistand.registers.ssbtek.transport import SoapConfig, SoapTransport, TlsFiles  # noqa: E402
from bistand.registers.types import (  # noqa: E402
    ALL_SOURCES,
    AUTOMATED_DECISION_FUNCTION,
    DEFAULT_LEGAL_BASIS,
    RegisterRequest,
)
from bistand.synthetic import personnummer as pnr_mod  # noqa: E402

PERIOD = (date(2026, 4, 1), date(2026, 4, 30))


def request_for(subject: str) -> RegisterRequest:
    return RegisterRequest(
        personidentitet=pnr_mod.parse(subject),
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        case_reference="EB-2026-BENCH",
        requested_by=AUTOMATED_DECISION_FUNCTION,
        purpose="Prövning av ansökan om ekonomiskt bistånd",
        legal_basis=DEFAULT_LEGAL_BASIS,
        correlation_id=str(uuid.uuid4()),
    )


def ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    started = time.perf_counter()
    contract.ssbt_schema()
    contract.csn_schema()
    compile_s = time.perf_counter() - started

    rng = random.Random(2026)
    today = date(2026, 5, 2)
    cases = []
    for _ in range(args.people):
        subject = pnr_mod.generate(rng, date(rng.randrange(1945, 2004), rng.randrange(1, 13), 9))
        request = request_for(subject)
        question = soap_simulator.SoapQuestion(
            ET.fromstring(codec.request_envelope(request, ALL_SOURCES, aktorsid="bench"))[1][0]
        )
        answers = {
            s: source_answer(s, pnr_mod.parse(subject), *PERIOD, {}, today)
            for s in question.sources
        }
        payload = soap_simulator.response_envelope(question, answers, {})
        cases.append((request, payload))

    build, parse, validate, mapping, whole, read = [], [], [], [], [], []
    sizes = [len(p) for _, p in cases]
    for _ in range(args.rounds):
        for request, payload in cases:
            t0 = time.perf_counter()
            codec.request_envelope(request, ALL_SOURCES, aktorsid="bench")
            t1 = time.perf_counter()
            root = ET.fromstring(payload)
            child = root[0][0]
            t2 = time.perf_counter()
            codec._validate(child)
            t3 = time.perf_counter()
            data = child.find(f"{{{contract.SSBT_NS}}}svarsdata")
            assert data is not None
            answers = {s: codec._source_answer(data, s) for s in ALL_SOURCES}
            t4 = time.perf_counter()
            assert all(a.data is not None for a in answers.values()), answers
            codec.read_answer(payload, ALL_SOURCES, request.correlation_id)
            t5 = time.perf_counter()
            build.append(t1 - t0)
            parse.append(t2 - t1)
            validate.append(t3 - t2)
            mapping.append(t4 - t3)
            whole.append((t1 - t0) + (t5 - t4))
            read.append(t5 - t4)

    simulator = start_simulator()
    transport = SoapTransport(SoapConfig(url=simulator.soap_url, tls=TlsFiles(), verify=False))
    http = []
    try:
        for request, _ in cases[: min(50, len(cases))]:
            t0 = time.perf_counter()
            results = transport.fetch(request, ALL_SOURCES)
            http.append(time.perf_counter() - t0)
            assert all(r.ok for r in results.values())
    finally:
        simulator.stop()

    per_person = statistics.median(whole)
    print(f"SSBTEK v11 SOAP round trip, {args.people} synthetic people x {args.rounds} rounds")
    print(f"  answer size, median              {statistics.median(sizes) / 1024:.1f} KiB")
    print(f"  compile XSDs (once per process)  {compile_s * 1000:.0f} ms")
    print(f"  build request envelope           {ms(build)}")
    print(f"  parse answer (ElementTree)       {ms(parse)}")
    print(f"  validate against v11 XSDs        {ms(validate)}")
    print(f"  map 8 sources (incl. CSN XSD)    {ms(mapping)}")
    print(f"  parse + validate + map together  {ms(read)} (codec.read_answer)")
    print(f"  build + parse + validate + map   {per_person * 1000:.2f} ms per person")
    print(
        f"                                   {2 * per_person * 1000:.2f} ms per application "
        "(applicant + partner)"
    )
    print(f"  HTTP round trip to the simulator {ms(http)} per person (same machine, plain HTTP)")


if __name__ == "__main__":
    main()
