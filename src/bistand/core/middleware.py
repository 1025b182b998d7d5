"""Request ids, one structured log line per request, and the security headers.

`RequestIdMiddleware` (first in settings.MIDDLEWARE): takes a well-formed X-Request-ID from the
proxy or makes one, puts it on the request (`request.request_id`, for the access log) and in the
log context, echoes it in the response and logs method, path (without query), status and
duration. `SecurityHeadersMiddleware` sets the Content-Security-Policy and Permissions-Policy
that Django's SecurityMiddleware does not (docs/adr/0071-content-security-policy.md).
"""

from __future__ import annotations

import logging
import re
import secrets
import string
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .logging import current_request_id, redact

logger = logging.getLogger("bistand.request")

REQUEST_ID_HEADER = "X-Request-ID"
# What we accept from a proxy: 8–64 letters, digits, "-", "_", "." (a UUID, a trace id …).
REQUEST_ID_SHAPE = re.compile(r"[A-Za-z0-9._-]{8,64}")
_ALPHABET = string.ascii_lowercase


def new_request_id() -> str:
    """26 random lower-case letters (122 bits): never shaped like a personnummer."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(26))


def accepted_request_id(value: str | None) -> str | None:
    if value and REQUEST_ID_SHAPE.fullmatch(value) and redact(value) == value:
        return value
    return None


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = accepted_request_id(request.headers.get(REQUEST_ID_HEADER)) or (
            new_request_id()
        )
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            level = logging.ERROR if response.status_code >= 500 else logging.INFO
            logger.log(
                level,
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,  # never the query string
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            current_request_id.reset(token)


def content_security_policy() -> str:
    """Strict: everything from our own origin, no inline script or style, no framing."""
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    directives.update(getattr(settings, "CSP_OVERRIDES", {}))
    return "; ".join(f"{name} {value}" for name, value in directives.items())


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
