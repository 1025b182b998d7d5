"""Login throttling: after N failed attempts from one address within a minute the demo login
and the OIDC callbacks answer 429 with a Swedish message and Retry-After. Successful logins,
other pages, other addresses and the next minute are not affected."""

from __future__ import annotations

import hashlib

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
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
    settings.TRUSTED_PROXIES = 0
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


def test_behind_one_trusted_proxy_the_rightmost_forwarded_address_counts(settings):
    settings.TRUSTED_PROXIES = 1
    url = reverse("accounts:demo_login")
    behind_proxy = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(LIMIT):
        behind_proxy.post(url, {"user": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert (
        behind_proxy.post(url, {"user": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    )
    # The same proxy, another client behind it.
    assert (
        behind_proxy.post(url, {"user": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 400
    )


def test_a_client_cannot_escape_by_inventing_forwarded_addresses(settings):
    """The client adds X-Forwarded-For entries of its own (a new one each time, or loopback); the
    proxy appends the real address, and only that one counts."""
    settings.TRUSTED_PROXIES = 1
    url = reverse("accounts:demo_login")
    behind_proxy = Client(REMOTE_ADDR="10.0.0.1")
    for i in range(LIMIT):
        forged = f"198.51.100.{i}, 127.0.0.1, 203.0.113.9"
        assert behind_proxy.post(url, {"user": "x"}, HTTP_X_FORWARDED_FOR=forged).status_code == 400
    forged = "127.0.0.1, ::1, 203.0.113.9"
    assert behind_proxy.post(url, {"user": "x"}, HTTP_X_FORWARDED_FOR=forged).status_code == 429


def test_two_trusted_proxies_take_the_second_address_from_the_right(settings):
    settings.TRUSTED_PROXIES = 2
    url = reverse("accounts:demo_login")
    inner = Client(REMOTE_ADDR="10.0.0.2")
    for i in range(LIMIT):
        inner.post(url, {"user": "x"}, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 203.0.113.20, 10.0.0.1")
    header = "127.0.0.1, 203.0.113.20, 10.0.0.1"
    assert inner.post(url, {"user": "x"}, HTTP_X_FORWARDED_FOR=header).status_code == 429


def test_without_trusted_proxies_the_header_is_ignored():
    url = reverse("accounts:demo_login")
    client = from_address("192.0.2.30")
    for i in range(LIMIT):
        client.post(url, {"user": "x"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    assert client.post(url, {"user": "x"}, HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 429


def test_too_few_forwarded_entries_count_the_connecting_address(settings):
    settings.TRUSTED_PROXIES = 2
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.5")
    assert throttle.client_address(request) == "10.0.0.2"
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="[2001:db8::7]:4711, 10.0.0.1:80"
    )
    assert throttle.client_address(request) == "2001:db8::7"


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


def test_no_address_is_exempt_not_even_loopback():
    for _ in range(LIMIT):
        login_failure_record(address="127.0.0.1")
        login_failure_record(address="::1")
    assert not login_allowed(address="127.0.0.1")[0]
    assert not login_allowed(address="::1")[0]


def test_the_shared_cache_never_holds_the_address_in_clear_or_as_a_plain_hash():
    address = "192.0.2.99"
    login_failure_record(address=address)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM bistand_cache")
        rows = " ".join(f"{key} {value}" for key, value in cursor.fetchall())
    assert rows and address not in rows
    # A plain hash of an IPv4 address is undone by hashing all 2^32 of them: the key is keyed.
    for digest in (hashlib.sha256, hashlib.md5, hashlib.sha1):
        assert digest(address.encode()).hexdigest()[:32] not in rows
