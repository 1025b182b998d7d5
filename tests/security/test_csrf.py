"""CSRF everywhere: every URL pattern of the project, POSTed to without a CSRF token, is refused
by Django's CSRF check before its view runs, as an anonymous visitor, a citizen and staff.

The patterns are enumerated from the URL configuration, so a new page is covered the day it is
added. No view is exempt (CSRF_EXEMPT_ALLOWED is empty)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from bistand.accounts.models import Role, User

pytestmark = pytest.mark.django_db

CSRF_EXEMPT_ALLOWED: set[str] = set()
MARKER = "X-Test-CSRF-Refused"

SAMPLES = {
    "int": "1",
    "slug": "x",
    "str": "x",
    "uuid": str(uuid.uuid4()),
    "path": "x",
    "month": "2026-01",
}


def csrf_refused(request: HttpRequest, reason: str = "") -> HttpResponse:
    response = HttpResponse(status=403)
    response[MARKER] = reason or "refused"
    return response


def _route(pattern: URLPattern | URLResolver) -> str:
    text = str(pattern.pattern)
    text = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m.group(1) or "str", "x"), text)
    return text.lstrip("^").rstrip("$").replace("\\", "")


def url_patterns(
    patterns: list | None = None, prefix: str = ""
) -> Iterator[tuple[str, str, object]]:
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + _route(pattern))
        else:
            name = pattern.name or pattern.lookup_str
            yield name, "/" + prefix + _route(pattern), pattern.callback


ALL = sorted({(name, path): callback for name, path, callback in url_patterns()}.items())


def test_enumeration_finds_the_project_pages():
    names = {name for (name, _), _ in ALL}
    assert {"start", "login", "demo_login", "logout", "min_sida", "metrics"} <= names
    print(f"\n{len(ALL)} URL patterns checked for CSRF")


def test_every_sample_path_reaches_its_own_view():
    """Otherwise a POST could be refused for another reason (404) and prove nothing."""
    wrong = [
        f"{name} {path}" for (name, path), callback in ALL if resolve(path).func is not callback
    ]
    assert not wrong, wrong


def test_no_view_is_csrf_exempt():
    exempt = {name for (name, _), cb in ALL if getattr(cb, "csrf_exempt", False)}
    assert exempt == CSRF_EXEMPT_ALLOWED


@pytest.fixture
def users() -> dict[str, User | None]:
    return {
        "anonymous": None,
        "citizen": User.objects.create(username="c", role=Role.CITIZEN),
        "staff": User.objects.create(username="s", role=Role.EKONOMISEKRETERARE),
        "granskare": User.objects.create(username="g", role=Role.GRANSKARE),
    }


def test_every_url_refuses_a_post_without_csrf_token(settings, users):
    settings.CSRF_FAILURE_VIEW = "tests.security.test_csrf.csrf_refused"
    settings.DEMO_LOGIN = True
    not_refused = []
    for who, user in users.items():
        client = Client(enforce_csrf_checks=True)
        if user is not None:
            client.force_login(user)
        for (name, path), _ in ALL:
            response = client.post(path, {"x": "1"})
            if response.get(MARKER) is None:
                not_refused.append(f"{who} POST {path} ({name}) → {response.status_code}")
    assert not not_refused, "\n".join(not_refused)


def test_with_the_token_the_same_post_reaches_the_view(settings, users):
    """The check is real: the demo login accepts the same POST when the token is there."""
    settings.CSRF_FAILURE_VIEW = "tests.security.test_csrf.csrf_refused"
    settings.DEMO_LOGIN = True
    client = Client(enforce_csrf_checks=True)
    client.get("/logga-in/demo/")
    token = client.cookies["csrftoken"].value
    response = client.post("/logga-in/demo/", {"user": "nope", "csrfmiddlewaretoken": token})
    assert MARKER not in response
    assert response.status_code == 400  # the view ran and asked for a demo user
