"""Gunicorn settings for Bistånd: `gunicorn --config python:bistand.gunicorn_conf
bistand.wsgi:application` (scripts/run, docs/operations.md; issue 13 item 3).

The access log line has no query string and no Referer: a query string or a Referer can carry a
personnummer (a search form, a link), and the Referer of every asset request repeats the page's
address. It has the request's path (`%(U)s`), status, size, duration and the request id that the
application echoes (`X-Request-ID`), so a line can be matched with the application's own log.
Every line of gunicorn's access and error log also passes the personnummer redaction filter.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from bistand.core.logging import RedactPersonnummerFilter

# Address, time, "METHOD /path HTTP/1.1", status, bytes, seconds, request id.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)s %({x-request-id}o)s'
accesslog = "-"
errorlog = "-"


class RedactingLogger(Logger):  # type: ignore[misc]  # gunicorn has no type hints
    """Gunicorn's logger with the personnummer redaction filter on both logs."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for target in (log, *log.handlers):
                if not any(isinstance(f, RedactPersonnummerFilter) for f in target.filters):
                    target.addFilter(RedactPersonnummerFilter())

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        # Belt and braces: whatever a format asks for, there is no query string or Referer.
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        path = environ.get("PATH_INFO", "")
        atoms["r"] = f"{environ.get('REQUEST_METHOD')} {path} {environ.get('SERVER_PROTOCOL')}"
        for key in ("q", "f", "{referer}i", "{query_string}e", "{raw_uri}e", "{http_referer}e"):
            if key in atoms:
                atoms[key] = "-"
        return atoms


logger_class = RedactingLogger


def post_worker_init(worker: Any) -> None:
    """Warm the worker before it accepts its first request: URLconf, templates, catalogues
    (bistand.core.warmup; no database connection). Runs in the worker, after the fork and after
    it loaded the application, so nothing is shared between workers (issue 16 item 5)."""
    from bistand.core.warmup import warm_up

    done = warm_up()
    worker.log.info(
        "worker %s warmed: %d templates in %.2f s", worker.pid, done.templates, done.seconds
    )
