"""Login throttling: after N failed attempts from one address within a minute the demo login
and the OIDC callbacks answer 429 with a Swedish message and Retry-After. Successful logins,
other pages, other addresses and the next minute are not affected."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from bistand.accounts import throttle
from bistand.accounts.models import Role, User
from bistand.accounts.throttle import login_allowed, login_failure_record

pytestmark = pytest.mark.django_db

LIMIT = 3


@pytest.fixture(autouse=True)
def _throttle(settings, monkeypatch):
    # One fixed moment in the middle of a window: the test never straddles two windows.
    monkeypatch.setattr(throttle, "_now", lambda: 1_800_000_030.0 - (1_800_000_000.0 % 60))
    settings.LOGIN_THROTTLE_ATTEMPTS = LIMIT
    settings.LOGIN_THROTTLE_WINDOW = 60
    settings.LOGIN_THROTTLE_CLIENT_IP_HEADER = ""
    settings.DEMO_LOGIN = True
    cache.clear()
    yield
    cache.clear()


def from_address(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def test_demo_login_is_refused_after_the_limit_with_a_swedish_message():
    client = from_address("192.0.2.10")
    url = reverse("accounts:demo_login")
    for _ in range(LIMIT):
        assert client.post(url, {"user": "x"}).status_code == 400  # wrong choice, not throttled
    response = client.post(url, {"user": "x"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    page = response.content.decode()
    assert "För många inloggningsförsök" in page
    assert "försök sedan igen" in page
    # Looking at the login page is not an attempt.
    assert client.get(url).status_code == 200
    # Another address is not affected.
    assert from_address("192.0.2.11").post(url, {"user": "x"}).status_code == 400


@pytest.mark.parametrize("name", ["accounts:oidc_citizen_callback", "accounts:oidc_staff_callback"])
def test_oidc_callbacks_are_throttled(name):
    client = from_address("198.51.100.7")
    url = reverse(name) + "?code=x&state=y"
    for _ in range(LIMIT):
        assert client.get(url).status_code != 429
    assert client.get(url).status_code == 429


def test_the_proxy_header_is_used_when_configured(settings):
    settings.LOGIN_THROTTLE_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    url = reverse("accounts:demo_login")
    behind_proxy = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(LIMIT):
        behind_proxy.post(url, {"user": "x"}, HTTP_X_REAL_IP="203.0.113.5")
    assert behind_proxy.post(url, {"user": "x"}, HTTP_X_REAL_IP="203.0.113.5").status_code == 429
    # The same proxy, another client behind it.
    assert behind_proxy.post(url, {"user": "x"}, HTTP_X_REAL_IP="203.0.113.6").status_code == 400


def test_successful_logins_do_not_count():
    users = [
        User.objects.create(username=f"demo-u{i}", role=Role.CITIZEN) for i in range(LIMIT + 2)
    ]
    url = reverse("accounts:demo_login")
    for user in users:  # an office behind one address, everyone logging in at eight
        client = from_address("192.0.2.50")
        assert client.post(url, {"user": str(user.pk)}).status_code == 302


def test_the_next_window_starts_afresh():
    start = 1_800_000_000.0 - (1_800_000_000.0 % 60)
    for i in range(LIMIT):
        assert login_allowed(address="192.0.2.1", now=start + i)[0] is True
        login_failure_record(address="192.0.2.1", now=start + i)
    allowed, retry_after = login_allowed(address="192.0.2.1", now=start + 10)
    assert (allowed, retry_after) == (False, 50)
    assert login_allowed(address="192.0.2.1", now=start + 60)[0] is True


def test_loopback_is_not_throttled_so_a_local_proxy_cannot_lock_everyone_out():
    for _ in range(LIMIT + 2):
        login_failure_record(address="127.0.0.1")
        login_failure_record(address="::1")
    assert login_allowed(address="127.0.0.1")[0] and login_allowed(address="::1")[0]


def test_the_cache_never_holds_the_address_in_clear():
    login_failure_record(address="192.0.2.99")
    keys = list(getattr(cache, "_cache", {}).keys())
    assert keys and not any("192.0.2.99" in str(key) for key in keys)
