"""Error pages and HTTP methods (issue 13 item 9).

- Every view declares its HTTP methods: every URL of the project (the access-matrix table,
  which is checked against the URL configuration) answers a method it does not use with 405 and
  an Allow header, as a person allowed to use it.
- Every 400/403/404/405/500 page is in the site layout, in Swedish, and in English with the
  language cookie; never Django's bare English "403 Forbidden".
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponseForbidden
from django.test import Client, RequestFactory
from django.urls import get_resolver, reverse

from bistand.accounts.models import Role, User
from bistand.core import errors
from tests.security.matrix.world import build
from tests.security.test_access_matrix_all import ANON, MATRIX, url_names

pytestmark = pytest.mark.django_db

LAYOUT = 'class="skip-link"'


def in_layout(html: str, h1: str) -> bool:
    return LAYOUT in html and f"<h1>{h1}</h1>" in html


def test_every_view_declares_its_methods(settings):
    """A view without a declared method set would answer PUT like GET: each URL, as someone
    allowed to use it, must answer PUT (and a made-up method) with 405 and say what it allows."""
    settings.DEMO_LOGIN = True
    assert set(MATRIX) == set(url_names())  # the table covers the URL configuration
    world = build(settings)
    undeclared = []
    for name, entry in sorted(MATRIX.items()):
        allowed = sorted(entry.allowed - {ANON}) or [ANON]
        who = ANON if ANON in entry.allowed else allowed[0]
        client = Client()
        if world.users.get(who) is not None:
            client.force_login(world.users[who])
        url = reverse(name, kwargs=entry.kwargs(world) if entry.kwargs else None)
        for method in ("PUT", "FROBNICATE"):
            with transaction.atomic():
                response = client.generic(method, url)
                transaction.set_rollback(True)
            if response.status_code != 405 or "Allow" not in response.headers:
                undeclared.append(f"{method} {name} as {who}: {response.status_code}")
                continue
            if "<h1>Sidan kan inte användas så</h1>" not in response.content.decode():
                undeclared.append(f"{method} {name}: 405 without the Swedish page")
    print(f"\n{len(MATRIX)} URLs: {len(undeclared)} without a declared method set")
    assert not undeclared, "\n".join(undeclared)


def staff(role: Role = Role.ARBETSMARKNADSSEKRETERARE) -> User:
    return User.objects.create(username=f"s-{role}", role=role, display_name="Testsson")


def test_a_view_that_raises_permission_denied_shows_the_swedish_page(client):
    # The payment overview raises PermissionDenied for roles without payments (a bare English
    # "403 Forbidden" before).
    client.force_login(staff())
    response = client.get(reverse("payments:overview"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Forbidden" not in html
    assert LAYOUT in html and "behörighet" in html


@pytest.mark.parametrize(
    ("status", "sv", "en"),
    [
        (400, "Något blev fel i det som skickades", "Something was wrong with what was sent"),
        (403, "Du har inte behörighet", "You do not have permission"),
        (404, "Sidan finns inte", "Page not found"),
        (405, "Sidan kan inte användas så", "The page cannot be used like this"),
        (500, "Något gick fel", "Something went wrong"),
    ],
)
def test_each_error_page_is_in_the_layout_in_swedish_and_english(status, sv, en):
    for language, h1 in (("sv", sv), ("en", en)):
        request = RequestFactory().get("/x/")
        request.COOKIES[django_settings.LANGUAGE_COOKIE_NAME] = language
        html = _render_status(request, status, language)
        assert in_layout(html, h1), (status, language, html[:3000])
        assert f'<html lang="{language}"' in html


def _render_status(request: HttpRequest, status: int, language: str) -> str:
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import translation

    request.user = AnonymousUser()
    request.session = SessionStore()
    with translation.override(language):
        if status == 500:
            response = errors.server_error(request)
        elif status == 400:
            from django.views.defaults import bad_request

            response = bad_request(request, Exception())
        elif status == 403:
            from django.views.defaults import permission_denied

            response = permission_denied(request, PermissionDenied())
        elif status == 404:
            from django.http import Http404
            from django.views.defaults import page_not_found

            response = page_not_found(request, Http404())
        else:
            middleware = errors.ErrorPagesMiddleware(
                lambda r: __import__("django.http").http.HttpResponseNotAllowed(["GET"])
            )
            response = middleware(request)
            assert response["Allow"] == "GET"
    assert response.status_code == status
    return response.content.decode()


def test_a_bare_forbidden_response_gets_the_page():
    request = RequestFactory().get("/x/")
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    request.user = AnonymousUser()
    request.session = SessionStore()
    response = errors.ErrorPagesMiddleware(lambda r: HttpResponseForbidden())(request)
    assert response.status_code == 403
    assert in_layout(response.content.decode(), "Du har inte behörighet")


def test_a_refused_csrf_check_gets_the_swedish_page(settings):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    html = response.content.decode()
    assert in_layout(html, "Du har inte behörighet")
    assert "ladda om sidan" in html and "CSRF verification failed" not in html


def test_the_layout_500_falls_back_to_the_plain_page(monkeypatch):
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database down")

    monkeypatch.setattr(errors, "render", broken)
    request = RequestFactory().get("/x/")
    response = errors.server_error(request)
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()


def test_the_project_sets_the_500_handler():
    assert get_resolver().urlconf_module.handler500 == "bistand.core.errors.server_error"
