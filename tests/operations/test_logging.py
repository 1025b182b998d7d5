"""Structured logs: one JSON object per line with time, level, logger, message, request id,
path (without query), status and duration; request ids accepted or made and echoed; anything
shaped like a personnummer redacted from every record."""

from __future__ import annotations

import io
import json
import logging
import random
from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bistand.core.logging import (
    REDACTED,
    JsonFormatter,
    RedactPersonnummerFilter,
    RequestIdFilter,
    redact,
)
from bistand.core.middleware import accepted_request_id, new_request_id
from bistand.synthetic import personnummer as pnr


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """The production handler (as settings.LOGGING builds it) on the root logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.addFilter(RedactPersonnummerFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old = root.level
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_a_request_gives_one_json_line_with_the_request_fields(client, db, log_lines):
    response = client.get(
        "/om-tjansten/?q=19912417-1234&secret=1", HTTP_X_REQUEST_ID="abc-12345678"
    )
    assert response["X-Request-ID"] == "abc-12345678"
    [line] = [entry for entry in lines(log_lines) if entry["logger"] == "bistand.request"]
    assert line["request_id"] == "abc-12345678"
    assert line["path"] == "/om-tjansten/"  # the query string is never logged
    assert line["method"] == "GET"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], int | float) and line["duration_ms"] >= 0
    assert line["level"] == "INFO"
    assert line["time"].endswith("+00:00")
    assert "19912417" not in log_lines.getvalue()


def test_lines_logged_during_a_request_carry_its_id(client, db, log_lines, settings):
    response = client.get("/den-har-finns-inte/")
    request_id = response["X-Request-ID"]
    assert all(entry["request_id"] == request_id for entry in lines(log_lines))


@pytest.mark.parametrize(
    "given_id",
    [
        "",
        "short",
        "has space in it",
        "x" * 65,
        "<script>alert(1)</script>",
        "19912417-1234",
        "9124171234",
    ],
)
def test_a_malformed_or_personnummer_shaped_request_id_is_replaced(client, db, given_id):
    response = client.get("/health/", HTTP_X_REQUEST_ID=given_id)
    assert response["X-Request-ID"] != given_id
    assert accepted_request_id(response["X-Request-ID"])


def test_generated_request_ids_are_unique_and_never_personnummer_shaped():
    ids = {new_request_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert all(redact(i) == i and accepted_request_id(i) == i for i in ids)


def test_server_errors_are_logged_as_errors_with_the_traceback_redacted(log_lines):
    logger = logging.getLogger("bistand.example")
    try:
        raise ValueError("no case for 199124171234")
    except ValueError:
        logger.exception("failed for %s", "912417-1234")
    [line] = lines(log_lines)
    assert line["level"] == "ERROR"
    assert line["message"] == f"failed for {REDACTED}"
    assert "ValueError" in line["exception"] and "199124171234" not in line["exception"]


@pytest.mark.parametrize(
    "text",
    [
        "19912417-1234",
        "199124171234",
        "912417-1234",
        "912417+1234",
        "9124171234",
        "pnr=19912417-1234,",
        "(912417-1234)",
    ],
)
def test_every_written_form_of_a_personnummer_is_redacted(text, log_lines):
    logging.getLogger("bistand.example").warning("value %s", text)
    logging.getLogger("bistand.example").warning("value " + text)  # already formatted
    output = log_lines.getvalue()
    assert "1234" not in output
    assert output.count(REDACTED) == 2


@pytest.mark.parametrize(
    "text", ["2026-12-01", "12345", "EB-2026-000123", "1234567890123", "amount 25000.50 kr"]
)
def test_other_numbers_are_left_alone(text):
    assert redact(text) == text


@given(
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)),
    seed=st.integers(0, 2**32),
    before=st.text(alphabet=st.characters(blacklist_categories=["Nd"]), max_size=20),
    after=st.text(alphabet=st.characters(blacklist_categories=["Nd"]), max_size=20),
)
def test_no_synthetic_personnummer_survives_redaction_in_any_form(born, seed, before, after):
    number = pnr.generate(random.Random(seed), born)
    ten = pnr.to_ten_digit(number)
    for form in (number, number.replace("-", ""), ten, ten.replace("-", "").replace("+", "")):
        out = redact(before + form + after)
        assert form not in out
        assert REDACTED in out
