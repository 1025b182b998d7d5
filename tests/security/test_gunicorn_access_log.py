"""The gunicorn access log line (bistand.gunicorn_conf, issue 13 item 3): no query string, no
Referer, the personnummer redacted, even if a format asked for them; gunicorn's default format
(what scripts/run used before) would have written both."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

from bistand import gunicorn_conf

PERSON = "19882314-2380"  # synthetic shape (month + 20), never a real person


def request_environ() -> dict[str, str]:
    return {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/granskning/atkomstlogg/?subject={PERSON}",
        "PATH_INFO": "/granskning/atkomstlogg/",
        "QUERY_STRING": f"subject={PERSON}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.10",
        "HTTP_REFERER": f"https://bistand.example/granskning/atkomstlogg/?subject={PERSON}",
        "HTTP_USER_AGENT": "Chromium",
    }


def access_line(logger_class: type[Logger], access_log_format: str) -> str:
    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", access_log_format)
    logger = logger_class(cfg)
    out = io.StringIO()
    for handler in logger.access_log.handlers:
        handler.setStream(out)  # type: ignore[attr-defined]
    response = SimpleNamespace(
        status="200 OK",
        sent=1234,
        headers=[("X-Request-ID", "abcdefghijklmnopqrstuvwxyz")],
    )
    request = SimpleNamespace(headers=[("REFERER", request_environ()["HTTP_REFERER"])])
    logger.access(response, request, request_environ(), timedelta(seconds=0, microseconds=5000))
    return out.getvalue()


def test_the_projects_line_has_path_status_and_request_id_only():
    line = access_line(gunicorn_conf.RedactingLogger, gunicorn_conf.access_log_format)
    assert '"GET /granskning/atkomstlogg/ HTTP/1.1" 200 1234' in line
    assert "abcdefghijklmnopqrstuvwxyz" in line
    assert "?" not in line and PERSON not in line and "bistand.example" not in line


def test_even_a_format_asking_for_query_and_referer_gets_neither():
    greedy = '%(h)s "%(r)s" %(q)s "%(f)s" "%({referer}i)s" %(s)s'
    line = access_line(gunicorn_conf.RedactingLogger, greedy)
    assert PERSON not in line and "?" not in line and "bistand.example" not in line
    assert "GET /granskning/atkomstlogg/ HTTP/1.1" in line


def test_gunicorns_default_would_have_logged_the_personnummer():
    """The negative control: the default format writes the query string and the Referer (the
    personnummer in them is only caught by the redaction filter, if it is there)."""
    default = Config().access_log_format
    line = access_line(Logger, default)
    assert "?subject=" in line and "bistand.example" in line


def test_scripts_run_uses_the_configuration():
    script = (Path(__file__).parents[2] / "scripts" / "run").read_text(encoding="utf-8")
    assert "--config python:bistand.gunicorn_conf" in script
    assert gunicorn_conf.logger_class is gunicorn_conf.RedactingLogger


def test_the_error_log_is_redacted_too():
    cfg = Config()
    logger = gunicorn_conf.RedactingLogger(cfg)
    out = io.StringIO()
    for handler in logger.error_log.handlers:
        handler.setStream(out)  # type: ignore[attr-defined]
    logger.error("Invalid request from %s: %s", "192.0.2.10", f"/x?subject={PERSON}")
    assert PERSON not in out.getvalue() and "[personnummer]" in out.getvalue()
