"""Structured logs without personal data (docs/adr/0070-structured-logs-and-request-ids.md).

- `JsonFormatter` writes one JSON object per line: time, level, logger, message, request_id,
  and, for request lines, method, path (never the query string), status and duration_ms.
- `RedactPersonnummerFilter` replaces anything shaped like a personnummer or
  samordningsnummer (10 or 12 digits, with or without "-" or "+") with "[personnummer]" in
  every record that passes a handler, before any formatter sees it. The formatter redacts the
  finished line again (tracebacks, extra fields), so nothing slips past either of them.
- `RequestIdFilter` puts the current request's id on every record logged while it is handled.

Names cannot be recognised by a pattern: code never logs them (`User.__str__` gives no
personnummer; tests/security/test_logs_without_personal_data.py scans the log of real flows).
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

REDACTED = "[personnummer]"
# 6 or 8 digits of birth date, optional "-" or "+", 4 digits; not part of a longer number.
PERSONNUMMER_SHAPE = re.compile(r"(?<![0-9])(?:[0-9]{2})?[0-9]{6}[-+]?[0-9]{4}(?![0-9])")

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "bistand_request_id", default=""
)

# Attributes a record may carry (logger.info(..., extra={...})) that the JSON line includes.
EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "job_id", "job_name")


def redact(text: str) -> str:
    return PERSONNUMMER_SHAPE.sub(REDACTED, text)


class RedactPersonnummerFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        for name in EXTRA_FIELDS:
            value = getattr(record, name, None)
            if isinstance(value, str):
                setattr(record, name, redact(value))
        return True


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or current_request_id.get(),
        }
        for name in EXTRA_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return redact(json.dumps(entry, ensure_ascii=False, default=str))
