"""Login throttling: after LOGIN_THROTTLE_ATTEMPTS failed login attempts from one client address
within LOGIN_THROTTLE_WINDOW seconds, the login endpoints (the demo login's POST and the two
OIDC callbacks) answer 429 with a Swedish message and Retry-After until the window ends
(docs/adr/0072-login-throttling.md).

- Only failed attempts count (the view ran and nobody is logged in afterwards): a municipal
  office behind one address where many staff log in at eight is not locked out.
- Loopback addresses are not throttled: seen behind a reverse proxy on the same host, every
  citizen would share the proxy's address and one attacker would lock everyone out. Such a
  deployment sets LOGIN_THROTTLE_CLIENT_IP_HEADER to the header the proxy writes.
- The counter lives in Django's default cache, keyed by a hash of the address. With the default
  local-memory cache each server process counts on its own; a deployment with several
  processes sets a shared cache (docs/operations.md).
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("bistand.security")

# URL name → the HTTP methods that count as a login attempt.
THROTTLED_VIEWS: dict[str, frozenset[str]] = {
    "accounts:demo_login": frozenset({"POST"}),
    "accounts:oidc_citizen_callback": frozenset({"GET", "POST"}),
    "accounts:oidc_staff_callback": frozenset({"GET", "POST"}),
}


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the header the reverse proxy sets (LOGIN_THROTTLE_CLIENT_IP_HEADER, e.g.
    HTTP_X_REAL_IP) when the proxy is trusted to set it."""
    header = getattr(settings, "LOGIN_THROTTLE_CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[0].strip() if value else "") or request.META.get("REMOTE_ADDR", "")


def _now() -> float:
    return time.time()


def _key(address: str, now: float) -> tuple[str, int]:
    window = int(settings.LOGIN_THROTTLE_WINDOW)
    bucket = int(now // window)
    # The address is hashed: the cache never holds it in clear text.
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    retry_after = max(1, int((bucket + 1) * window - now))
    return f"login-throttle:{digest}:{bucket}", retry_after


def is_throttled_address(address: str) -> bool:
    try:
        return bool(address) and not ipaddress.ip_address(address).is_loopback
    except ValueError:
        return True


def login_allowed(*, address: str, now: float | None = None) -> tuple[bool, int]:
    """Whether `address` may try to log in now, and the seconds until its window ends."""
    if not is_throttled_address(address):
        return True, 0
    key, retry_after = _key(address, _now() if now is None else now)
    failures = int(cache.get(key, 0))
    return failures < int(settings.LOGIN_THROTTLE_ATTEMPTS), retry_after


def login_failure_record(*, address: str, now: float | None = None) -> int:
    """Count one failed attempt from `address`; returns the failures in the current window."""
    if not is_throttled_address(address):
        return 0
    key, _ = _key(address, _now() if now is None else now)
    timeout = int(settings.LOGIN_THROTTLE_WINDOW) + 5
    cache.add(key, 0, timeout=timeout)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def too_many_attempts(request: HttpRequest, retry_after: int) -> HttpResponse:
    body = render_to_string("core/too_many_attempts.html", {"retry_after": retry_after}, request)
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class LoginThrottleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        address = getattr(request, "_login_throttle_address", None)
        user = getattr(request, "user", None)
        if address is not None and not (user is not None and user.is_authenticated):
            login_failure_record(address=address)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        methods = THROTTLED_VIEWS.get(match.view_name) if match else None
        if not methods or request.method not in methods:
            return None
        address = client_address(request)
        allowed, retry_after = login_allowed(address=address)
        if not allowed:
            logger.warning("login throttled", extra={"path": request.path, "status": 429})
            return too_many_attempts(request, retry_after)
        request._login_throttle_address = address  # type: ignore[attr-defined]
        return None
