"""Login over OpenID Connect without a browser: claim mapping, refusals, the two logins kept apart.

The provider's token and userinfo answers are stubbed; everything else is real: the login view's
redirect (state, nonce, PKCE), the callback, RS256 verification of a signed ID token, the nonce
and audience checks, the backends and the session. The full round trip against a real provider
in Chromium is in tests/browser/test_oidc_login.py.
"""

from __future__ import annotations

import logging
import random
import time
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from bistand import settings as bistand_settings
from bistand.accounts import checks, oidc
from bistand.accounts.models import Role, User
from bistand.synthetic import personnummer

pytestmark = pytest.mark.django_db

ISSUER = "https://idp.example.test"
RNG = random.Random(7)
PNR = personnummer.generate(RNG, date(1990, 3, 14), "F")  # YYYYMMDD-NNNN, month + 20
PNR_12 = PNR.replace("-", "")
OTHER_PNR = personnummer.generate(RNG, date(1975, 11, 2), "M")
BAD_PNR = PNR[:-1] + str((int(PNR[-1]) + 1) % 10)  # wrong control digit
ROLE_MAP = {
    "SOC-Bistand-Chef": "enhetschef",
    "SOC-Bistand-Ekonom": "ekonomisekreterare",
    "SOC-Bistand-Granskare": "granskare",
    "SOC-Bistand-Fel": "citizen",  # must never give anything
}

_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PRIVATE_PEM = _KEY.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
).decode()
PUBLIC_PEM = (
    _KEY.public_key()
    .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    .decode()
)


def _provider(client_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "OIDC_RP_CLIENT_ID": client_id,
        "OIDC_RP_CLIENT_SECRET": f"{client_id}-secret",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{ISSUER}/{client_id}/auth",
        "OIDC_OP_TOKEN_ENDPOINT": f"{ISSUER}/{client_id}/token",
        "OIDC_OP_USER_ENDPOINT": f"{ISSUER}/{client_id}/me",
        "OIDC_OP_JWKS_ENDPOINT": f"{ISSUER}/{client_id}/jwks",
        "OIDC_RP_IDP_SIGN_KEY": PUBLIC_PEM,  # instead of fetching the JWKS
        "OIDC_RP_SCOPES": "openid profile",
        **extra,
    }


@pytest.fixture(autouse=True)
def oidc_settings(settings):
    settings.OIDC_PROVIDERS = {
        "citizen": _provider(
            "medborgare",
            OIDC_AUTHENTICATION_CALLBACK_URL="accounts:oidc_citizen_callback",
            PERSONNUMMER_CLAIM="personal_number",
        ),
        "staff": _provider(
            "personal",
            OIDC_AUTHENTICATION_CALLBACK_URL="accounts:oidc_staff_callback",
            ROLE_CLAIM="groups",
            ROLE_MAP=ROLE_MAP,
        ),
    }
    settings.PRODUCTION = False
    return settings


class FakeProvider:
    """Stands in for the provider's token and userinfo endpoints."""

    def __init__(self) -> None:
        self.claims: dict[str, Any] = {}
        self.audience: str | None = None
        self.token_requests: list[tuple[str, dict[str, Any]]] = []
        self.fail = False
        self.nonce = ""

    def get_token(self, backend: oidc.BistandOIDCBackend, payload: dict[str, Any]) -> dict:
        if self.fail:
            raise requests.ConnectionError("connection refused")
        self.token_requests.append((backend.provider, dict(payload)))
        now = int(time.time())
        id_token = jwt.encode(
            {
                "iss": ISSUER,
                "aud": self.audience or backend.get_settings("OIDC_RP_CLIENT_ID"),
                "sub": self.claims.get("sub", "subject-1"),
                "nonce": self.nonce,
                "iat": now,
                "exp": now + 300,
            },
            PRIVATE_PEM,
            algorithm="RS256",
        )
        return {"id_token": id_token, "access_token": "access-token", "token_type": "Bearer"}

    def get_userinfo(self, backend: Any, access_token: str, id_token: str, payload: dict) -> dict:
        return dict(self.claims)


@pytest.fixture
def provider(monkeypatch) -> FakeProvider:
    fake = FakeProvider()
    monkeypatch.setattr(
        oidc.BistandOIDCBackend,
        "get_token",
        lambda backend, payload: fake.get_token(backend, payload),
    )
    monkeypatch.setattr(
        oidc.BistandOIDCBackend,
        "get_userinfo",
        lambda backend, *args: fake.get_userinfo(backend, *args),
    )
    return fake


def _start(client, kind: str) -> dict[str, str]:
    """Open the login view; returns the parameters it sent to the provider."""
    response = client.get(f"/oidc/{kind}/logga-in/")
    assert response.status_code == 302
    query = {k: v[0] for k, v in parse_qs(urlparse(response["Location"]).query).items()}
    return query


def login(client, provider: FakeProvider, kind: str, claims: dict[str, Any], callback=None):
    """One login round trip: start at `kind`, come back to `callback` (default the same)."""
    params = _start(client, kind)
    provider.claims = claims
    provider.nonce = params["nonce"]
    return client.get(
        f"/oidc/{callback or kind}/callback/", {"code": "the-code", "state": params["state"]}
    )


def logged_in_user(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def refusal_text(client, response) -> str:
    assert response.status_code == 302
    assert response["Location"] == "/logga-in/"
    assert logged_in_user(client) is None
    page = client.get("/logga-in/")
    return page.content.decode()


# --- The login view ---------------------------------------------------------------------------


def test_login_request_uses_pkce_s256_nonce_state_and_the_providers_own_client(client):
    citizen = _start(client, "medborgare")
    assert citizen["client_id"] == "medborgare"
    assert citizen["response_type"] == "code"
    assert citizen["code_challenge_method"] == "S256"
    assert len(citizen["code_challenge"]) >= 43
    assert citizen["nonce"] and citizen["state"]
    assert citizen["redirect_uri"] == "http://testserver/oidc/medborgare/callback/"
    staff = _start(client, "personal")
    assert staff["client_id"] == "personal"
    assert staff["redirect_uri"] == "http://testserver/oidc/personal/callback/"


def test_login_page_offers_both_logins_and_the_demo_only_when_enabled(client, settings):
    settings.DEMO_LOGIN = False
    page = client.get("/logga-in/?next=/om-tjansten/").content.decode()
    assert "Logga in med e-legitimation" in page
    assert 'href="/oidc/medborgare/logga-in/?next=%2Fom-tjansten%2F"' in page
    assert 'href="/oidc/personal/logga-in/?next=%2Fom-tjansten%2F"' in page
    assert "/logga-in/demo/" not in page
    settings.DEMO_LOGIN = True
    assert "/logga-in/demo/" in client.get("/logga-in/").content.decode()


def test_an_unconfigured_provider_is_not_offered_and_its_login_says_so(client, settings):
    settings.OIDC_PROVIDERS["citizen"]["OIDC_RP_CLIENT_ID"] = ""
    page = client.get("/logga-in/").content.decode()
    assert "/oidc/medborgare/logga-in/" not in page
    assert "inte inställd" in page
    response = client.get("/oidc/medborgare/logga-in/")
    assert response.status_code == 503
    assert "Inloggningen är inte tillgänglig" in response.content.decode()


def test_login_required_pages_send_people_to_the_login_page(settings):
    assert settings.LOGIN_URL == "/logga-in/"


# --- Citizens ---------------------------------------------------------------------------------


def test_citizen_is_created_with_the_normalised_personnummer_and_name(client, provider):
    response = login(
        client,
        provider,
        "medborgare",
        {"sub": "broker-1", "personal_number": PNR_12, "given_name": "Anna", "family_name": "Ek"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    user = logged_in_user(client)
    assert user is not None
    assert user.personnummer == PNR
    assert user.role == Role.CITIZEN
    assert user.display_name == "Anna Ek"
    assert user.oidc_subject is None
    assert PNR_12 not in user.username and "Anna" not in user.username
    assert not user.has_usable_password()
    # PKCE: the code verifier went with the token request, to the citizen provider's endpoint.
    ((kind, payload),) = provider.token_requests
    assert kind == "citizen"
    assert payload["client_id"] == "medborgare"
    assert len(payload["code_verifier"]) >= 43


def test_a_returning_citizen_is_found_by_personnummer_and_the_name_follows(client, provider):
    login(client, provider, "medborgare", {"personal_number": PNR, "name": "Anna Ek"})
    first = logged_in_user(client)
    client.post("/logga-ut/")
    login(client, provider, "medborgare", {"personal_number": PNR_12, "name": "Anna Berg"})
    again = logged_in_user(client)
    assert again == first
    assert again is not None and again.display_name == "Anna Berg"
    assert User.objects.filter(role=Role.CITIZEN).count() == 1


def test_the_personnummer_claim_is_a_setting(client, provider, settings):
    settings.OIDC_PROVIDERS["citizen"]["PERSONNUMMER_CLAIM"] = "https://id.example/pnr"
    login(client, provider, "medborgare", {"personal_number": OTHER_PNR, "name": "X"})
    assert logged_in_user(client) is None
    login(client, provider, "medborgare", {"https://id.example/pnr": PNR, "name": "Anna Ek"})
    user = logged_in_user(client)
    assert user is not None and user.personnummer == PNR


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"name": "Anna Ek"}, "Vi fick inget personnummer"),
        ({"personal_number": "", "name": "Anna Ek"}, "Vi fick inget personnummer"),
        ({"personal_number": "not a number"}, "inte giltigt"),
        ({"personal_number": BAD_PNR}, "inte giltigt"),
        ({"personal_number": int(PNR_12)}, "Vi fick inget personnummer"),
    ],
)
def test_citizen_without_a_valid_personnummer_is_refused(client, provider, claims, message):
    response = login(client, provider, "medborgare", claims)
    assert message in refusal_text(client, response)
    assert not User.objects.exists()


def test_a_synthetic_personnummer_is_refused_in_production_only(client, provider, settings):
    settings.PRODUCTION = True
    response = login(client, provider, "medborgare", {"personal_number": PNR})
    assert "påhittat testnummer" in refusal_text(client, response)
    assert not User.objects.exists()
    settings.PRODUCTION = False
    login(client, provider, "medborgare", {"personal_number": PNR})
    assert logged_in_user(client) is not None


def test_a_cancelled_login_and_an_unreachable_provider_get_clear_messages(client, provider):
    params = _start(client, "medborgare")
    response = client.get(
        "/oidc/medborgare/callback/", {"error": "access_denied", "state": params["state"]}
    )
    assert "Inloggningen avbröts" in refusal_text(client, response)
    provider.fail = True
    response = login(client, provider, "medborgare", {"personal_number": PNR})
    assert "svarar inte just nu" in refusal_text(client, response)


# --- Staff ------------------------------------------------------------------------------------


def test_staff_member_is_created_by_subject_with_the_mapped_role(client, provider):
    claims = {"sub": "hsa-SE2321000-abc", "name": "Eva Ekonom", "groups": ["SOC-Bistand-Ekonom"]}
    response = login(client, provider, "personal", claims)
    assert response["Location"] == "/"
    user = logged_in_user(client)
    assert user is not None
    assert user.role == Role.EKONOMISEKRETERARE
    assert user.oidc_subject == "hsa-SE2321000-abc"
    assert user.personnummer is None
    assert user.display_name == "Eva Ekonom"
    ((kind, payload),) = provider.token_requests
    assert kind == "staff" and payload["client_id"] == "personal"


def test_the_first_mapped_role_in_the_maps_order_wins_and_a_string_claim_works(client, provider):
    groups = ["Other", "SOC-Bistand-Granskare", "SOC-Bistand-Chef"]
    login(client, provider, "personal", {"sub": "s-1", "groups": groups})
    user = logged_in_user(client)
    assert user is not None and user.role == Role.ENHETSCHEF
    client.post("/logga-ut/")
    login(client, provider, "personal", {"sub": "s-2", "groups": "SOC-Bistand-Granskare"})
    user = logged_in_user(client)
    assert user is not None and user.role == Role.GRANSKARE


def test_the_staff_login_decides_the_role_at_every_login(client, provider):
    login(client, provider, "personal", {"sub": "s-1", "groups": ["SOC-Bistand-Ekonom"]})
    client.post("/logga-ut/")
    login(client, provider, "personal", {"sub": "s-1", "groups": ["SOC-Bistand-Chef"]})
    user = logged_in_user(client)
    assert user is not None and user.role == Role.ENHETSCHEF
    assert User.objects.count() == 1
    client.post("/logga-ut/")
    response = login(client, provider, "personal", {"sub": "s-1", "groups": []})
    assert "Du har ingen behörighet i Bistånd" in refusal_text(client, response)


@pytest.mark.parametrize(
    "claims",
    [
        {"sub": "s-1"},
        {"sub": "s-1", "groups": ["Unknown"]},
        {"sub": "s-1", "groups": "SOC-Bistand-Fel"},  # mapped to "citizen": never a staff login
        {"sub": "s-1", "groups": {"SOC-Bistand-Ekonom": True}},
    ],
)
def test_staff_without_a_known_role_is_refused_with_a_swedish_message(client, provider, claims):
    response = login(client, provider, "personal", claims)
    text = refusal_text(client, response)
    assert "Du har ingen behörighet i Bistånd" in text
    assert "Be din chef eller systemförvaltaren" in text
    assert not User.objects.exists()


def test_staff_without_a_subject_is_refused(client, provider):
    response = login(client, provider, "personal", {"sub": "", "groups": ["SOC-Bistand-Ekonom"]})
    refusal_text(client, response)
    assert not User.objects.exists()


def test_a_deactivated_staff_account_is_refused(client, provider):
    User.objects.create_user(
        username="personal-x", role=Role.GRANSKARE, oidc_subject="s-1", is_active=False
    )
    response = login(client, provider, "personal", {"sub": "s-1", "groups": ["SOC-Bistand-Chef"]})
    assert "Kontot är avstängt" in refusal_text(client, response)


# --- The two logins are kept apart --------------------------------------------------------------


def test_the_citizen_login_never_gives_a_staff_role(client, provider):
    claims = {
        "sub": "s-1",
        "personal_number": PNR,
        "groups": ["SOC-Bistand-Chef"],
        "roles": ["enhetschef"],
        "role": "enhetschef",
    }
    login(client, provider, "medborgare", claims)
    user = logged_in_user(client)
    assert user is not None
    assert user.role == Role.CITIZEN
    assert user.oidc_subject is None


def test_the_citizen_login_refuses_an_account_that_is_staff(client, provider):
    User.objects.create_user(username="staff-with-pnr", role=Role.ENHETSCHEF, personnummer=PNR)
    response = login(client, provider, "medborgare", {"personal_number": PNR})
    assert "personalkonto" in refusal_text(client, response)
    assert User.objects.get(username="staff-with-pnr").role == Role.ENHETSCHEF


def test_the_staff_login_never_makes_or_takes_over_a_citizen(client, provider):
    login(client, provider, "medborgare", {"personal_number": PNR})
    citizen = logged_in_user(client)
    client.post("/logga-ut/")
    claims = {"sub": "s-1", "personal_number": PNR, "groups": ["SOC-Bistand-Ekonom"]}
    login(client, provider, "personal", claims)
    staff = logged_in_user(client)
    assert staff is not None and citizen is not None
    assert staff.pk != citizen.pk
    assert staff.personnummer is None
    citizen.refresh_from_db()
    assert citizen.role == Role.CITIZEN and citizen.oidc_subject is None


def test_the_staff_login_refuses_a_citizen_account_with_its_subject(client, provider):
    User.objects.create_user(username="invanare-x", role=Role.CITIZEN, oidc_subject="s-1")
    response = login(client, provider, "personal", {"sub": "s-1", "groups": ["SOC-Bistand-Chef"]})
    assert "invånarkonto" in refusal_text(client, response)
    assert User.objects.get(username="invanare-x").role == Role.CITIZEN


@pytest.mark.parametrize(
    ("start", "callback"), [("medborgare", "personal"), ("personal", "medborgare")]
)
def test_a_login_started_at_one_provider_is_refused_at_the_others_callback(
    client, provider, start, callback
):
    claims = {"sub": "s-1", "personal_number": PNR, "groups": ["SOC-Bistand-Chef"]}
    response = login(client, provider, start, claims, callback=callback)
    refusal_text(client, response)
    assert provider.token_requests == []  # the code was never even exchanged
    assert not User.objects.exists()


def test_an_id_token_for_the_other_client_is_refused(client, provider):
    provider.audience = "personal"
    response = login(client, provider, "medborgare", {"personal_number": PNR})
    refusal_text(client, response)
    assert not User.objects.exists()


def test_each_backend_ignores_requests_for_the_other_provider():
    request = RequestFactory().get("/oidc/personal/callback/", {"code": "c", "state": "s"})
    setattr(request, oidc.REQUEST_PROVIDER_ATTR, oidc.STAFF)
    assert oidc.CitizenOIDCBackend().authenticate(request, nonce="n") is None
    setattr(request, oidc.REQUEST_PROVIDER_ATTR, oidc.CITIZEN)
    assert oidc.StaffOIDCBackend().authenticate(request, nonce="n") is None
    plain = RequestFactory().get("/", {"code": "c", "state": "s"})  # not from a callback view
    assert oidc.CitizenOIDCBackend().authenticate(plain, nonce="n") is None
    assert oidc.StaffOIDCBackend().authenticate(plain, nonce="n") is None


def test_a_role_map_that_names_citizen_fails_the_system_check(settings):
    errors = checks.check_staff_role_map()
    assert [e.id for e in errors] == ["accounts.E001"]
    settings.OIDC_PROVIDERS["staff"]["ROLE_MAP"] = {"x": "ekonomisekreterare"}
    assert checks.check_staff_role_map() == []


@pytest.mark.parametrize("raw", ["not json", '["a"]', '{"a": 1}'])
def test_a_malformed_role_map_stops_start_up(raw):
    with pytest.raises(ImproperlyConfigured):
        bistand_settings._oidc_role_map(raw)
    assert bistand_settings._oidc_role_map('{"G": "granskare"}') == {"G": "granskare"}


# --- No personal data in logs -------------------------------------------------------------------


def test_logins_never_log_personnummer_or_names(client, provider, caplog, settings):
    caplog.set_level(logging.DEBUG)
    citizen = {"personal_number": PNR_12, "given_name": "Anneli", "family_name": "Lindqvist"}
    login(client, provider, "medborgare", citizen)
    client.post("/logga-ut/")
    login(client, provider, "personal", {"sub": "s-9", "name": "Gunnel Hedberg", "groups": []})
    login(
        client,
        provider,
        "personal",
        {"sub": "s-9", "name": "Gunnel Hedberg", "groups": ["SOC-Bistand-Ekonom"]},
    )
    client.post("/logga-ut/")
    login(client, provider, "medborgare", {"personal_number": BAD_PNR, "name": "Bo Ax"})
    settings.PRODUCTION = True
    login(client, provider, "medborgare", citizen)
    assert "login" in caplog.text  # the logins were logged …
    secrets = [
        PNR,
        PNR_12,
        PNR_12[2:],
        BAD_PNR,
        "Anneli",
        "Lindqvist",
        "Gunnel",
        "Hedberg",
        "Bo Ax",
    ]
    for secret in secrets:
        assert secret not in caplog.text  # … without who logged in
