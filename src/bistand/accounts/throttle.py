"""Login throttling: after LOGIN_THROTTLE_ATTEMPTS failed login attempts from one client address
within LOGIN_THROTTLE_WINDOW seconds, the login endpoints (the demo login's POST and the two
OIDC callbacks) answer 429 with a Swedish message and Retry-After until the window ends
(docs/adr/0072-login-throttling.md).

- Only failed attempts count (the view ran and nobody is logged in afterwards): a municipal
  office behind one address where many staff log in at eight is not locked out.
- The client's address comes from the socket (REMOTE_ADDR), or with TRUSTED_PROXIES = N reverse
  proxies in front from X-Forwarded-For read from the right: each proxy appends the address it
  was connected from, so the N-th entry from the right was written by our outermost proxy and
  everything left of it may be the client's invention. No address is exempt: nothing a client
  can put in a header lets it escape the count (docs/adr/0082-login-throttling-shared.md).
- The counter lives in Django's default cache, the database cache (settings.CACHES), under an
  HMAC of the address: every web process on every host counts the same attempts.
"""

from __future__ import annotations

import hashlib
import hmac
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
    """The client's address: REMOTE_ADDR without trusted proxies; with TRUSTED_PROXIES = N, the
    N-th X-Forwarded-For entry from the right (the one our outermost proxy wrote). When the
    header has fewer entries than that, the request did not come through every proxy: the
    connecting address is used (it can be counted, never exempted)."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "TRUSTED_PROXIES", 0))
    if proxies <= 0:
        return remote
    # Several X-Forwarded-For headers arrive joined with commas in one META value.
    header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    entries = [e.strip() for e in header.split(",")]
    entries = [e for e in entries if e]
    if len(entries) < proxies:
        return remote
    return _normalised(entries[-proxies]) or remote


def _normalised(value: str) -> str:
    """An address as written by a proxy ("[2001:db8::1]:443", "192.0.2.1:1234" or bare), in one
    canonical form; anything that is not an address is kept as it is (it is still counted)."""
    candidate = value
    if candidate.startswith("[") and "]" in candidate:
        candidate = candidate[1 : candidate.index("]")]
    elif candidate.count(":") == 1:
        candidate = candidate.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return value


def _now() -> float:
    return time.time()


def _key(address: str, now: float) -> tuple[str, int]:
    window = int(settings.LOGIN_THROTTLE_WINDOW)
    bucket = int(now // window)
    # The address is hashed with a key: the cache never holds it in clear text, and (unlike a
    # plain hash, which all 2^32 IPv4 addresses undo in seconds) the value cannot be reversed
    # without the secret key, which is not in the database or its backups.
    digest = hmac.new(
        settings.SECRET_KEY.encode(), b"login-throttle:" + address.encode(), hashlib.sha256
    ).hexdigest()[:32]
    retry_after = max(1, int((bucket + 1) * window - now))
    return f"login-throttle:{digest}:{bucket}", retry_after


# Failures are counted as numbered slots, `<key>:0`, `<key>:1`, …, each claimed with the cache's
# `add`, which on the database cache is an INSERT on the primary key: two processes can never
# claim the same slot, so no failure is lost (a read-then-write increment lost up to 58 % of
# concurrent failures; bench/login_throttle_bench.py). Slots are claimed in order, so they are
# contiguous; `<key>:next` is only a hint where to start.


def _limit() -> int:
    return max(1, int(settings.LOGIN_THROTTLE_ATTEMPTS))


def login_allowed(*, address: str, now: float | None = None) -> tuple[bool, int]:
    """Whether `address` may try to log in now, and the seconds until its window ends."""
    key, retry_after = _key(address, _now() if now is None else now)
    return cache.get(f"{key}:{_limit() - 1}") is None, retry_after


def login_failures(*, address: str, now: float | None = None) -> int:
    """The failures counted for `address` in the current window."""
    key, _ = _key(address, _now() if now is None else now)
    count = int(cache.get(f"{key}:next", 0))
    while cache.get(f"{key}:{count}") is not None:
        count += 1
    return count


def login_failure_record(*, address: str, now: float | None = None) -> int:
    """Count one failed attempt from `address`; returns the failures in the current window (at
    most LOGIN_THROTTLE_ATTEMPTS: beyond that every attempt is refused anyway)."""
    key, _ = _key(address, _now() if now is None else now)
    timeout = int(settings.LOGIN_THROTTLE_WINDOW) + 5
    limit = _limit()
    slot = int(cache.get(f"{key}:next", 0))
    while slot < limit:
        if cache.add(f"{key}:{slot}", 1, timeout=timeout):
            cache.set(f"{key}:next", slot + 1, timeout=timeout)
            return slot + 1
        slot += 1
    return limit


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
