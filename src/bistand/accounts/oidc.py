"""Login over OpenID Connect: citizens through the e-ID broker, staff through the staff login.

mozilla-django-oidc speaks to one provider; Bistånd has two. Each provider here is a subclass
of its views and backend whose ``get_settings`` reads ``settings.OIDC_PROVIDERS[provider]``
first and mozilla-django-oidc's global ``OIDC_*`` settings second (docs/adr/0007-oidc-login.md).

The two logins are kept apart at every step:

- the login view marks the state it stores in the session with its provider, and the callback
  of the other provider refuses that state;
- the callback tells the backends which provider it serves (an attribute on the request that
  only these views set), and each backend ignores a request for the other provider;
- the ID token's audience must be the provider's own client id;
- the citizen backend only finds and creates citizens (by personnummer), the staff backend only
  staff (by the login's ``sub``, with the role from the role claim). Neither changes an account
  of the other kind.

A refused login leaves a reason on the request; the callback turns it into a Swedish message on
the login page. Nothing here logs a personnummer, a name or a claim value: only user ids and
reason codes.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any, ClassVar

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from bistand.core import personnummer as pnr
from bistand.core.deployment import is_demo_username

from .models import STAFF_ROLES, Role, User

logger = logging.getLogger(__name__)

CITIZEN = "citizen"
STAFF = "staff"
# Set on the request by the callback views only: which provider the code came from.
REQUEST_PROVIDER_ATTR = "bistand_oidc_provider"
# Set on the request by a backend that refuses a login: a key of REFUSALS.
REQUEST_REFUSAL_ATTR = "bistand_oidc_refusal"

REFUSALS = {
    "failed": _("Inloggningen gick inte att genomföra. Försök igen."),
    "cancelled": _("Inloggningen avbröts. Du är inte inloggad."),
    "unavailable": _("Inloggningstjänsten svarar inte just nu. Försök igen om en stund."),
    "missing_personnummer": _(
        "Vi fick inget personnummer från e-legitimationen, så du kunde inte loggas in. "
        "Försök igen, eller kontakta oss om det inte fungerar."
    ),
    "invalid_personnummer": _(
        "Personnumret från e-legitimationen är inte giltigt, så du kunde inte loggas in. "
        "Kontakta oss om det inte fungerar."
    ),
    "synthetic_personnummer": _(
        "Inloggningen stoppades: personnumret är ett påhittat testnummer, som inte kan användas "
        "i den riktiga tjänsten."
    ),
    "not_a_citizen": _(
        "Det här kontot är ett personalkonto. Logga in via inloggningen för personal."
    ),
    "missing_subject": _(
        "Personalinloggningen skickade ingen identitet, så du kunde inte loggas in. "
        "Kontakta systemförvaltaren."
    ),
    "unknown_role": _(
        "Du har ingen behörighet i Bistånd. Be din chef eller systemförvaltaren att ge dig "
        "en roll (till exempel ekonomisekreterare) i personalinloggningen, och logga sedan in "
        "igen."
    ),
    "not_staff": _("Det här kontot är ett invånarkonto. Logga in med e-legitimation som invånare."),
    "inactive": _("Kontot är avstängt. Kontakta systemförvaltaren."),
}


def provider_settings(provider: str) -> dict[str, Any]:
    return settings.OIDC_PROVIDERS[provider]


def provider_enabled(provider: str) -> bool:
    """A provider is on when it has a client id and an authorization endpoint."""
    conf = provider_settings(provider)
    return bool(conf.get("OIDC_RP_CLIENT_ID") and conf.get("OIDC_OP_AUTHORIZATION_ENDPOINT"))


class ProviderSettingsMixin:
    """``get_settings`` that reads this provider's settings before the global ones."""

    provider: ClassVar[str]

    def get_settings(self, attr: str, *args: Any) -> Any:
        conf = provider_settings(self.provider)
        if attr in conf:
            return conf[attr]
        return import_from_settings(attr, *args)


def _refuse(request: HttpRequest | None, reason: str) -> None:
    if request is not None:
        setattr(request, REQUEST_REFUSAL_ATTR, reason)


def _display_name(claims: dict[str, Any]) -> str:
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = [claims.get("given_name"), claims.get("family_name")]
        name = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    return name.strip()[:200]


class BistandOIDCBackend(ProviderSettingsMixin, OIDCAuthenticationBackend):  # type: ignore[misc]
    """Common parts: only this provider's callbacks, audience check, no personal data in logs."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if request is None or getattr(request, REQUEST_PROVIDER_ATTR, None) != self.provider:
            return None
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except requests.RequestException as exc:
            # The message may carry the provider's response; the class name is enough.
            logger.warning(
                "OIDC %s login: provider request failed (%s)", self.provider, type(exc).__name__
            )
            _refuse(request, "unavailable")
            return None
        except (SuspiciousOperation, jwt.InvalidTokenError) as exc:
            # A token that fails the signature, expiry, nonce or audience check. The messages
            # are ours and mozilla-django-oidc's fixed texts, without claim values.
            logger.warning("OIDC %s login: token refused (%s)", self.provider, exc)
            _refuse(request, "failed")
            return None
        if user is None:
            if not hasattr(request, REQUEST_REFUSAL_ATTR):
                _refuse(request, "failed")
            logger.info(
                "OIDC %s login refused: %s",
                self.provider,
                getattr(request, REQUEST_REFUSAL_ATTR),
            )
            return None
        if not user.is_active:
            _refuse(request, "inactive")
            logger.info("OIDC %s login refused: inactive user id=%s", self.provider, user.pk)
            return None
        logger.info("OIDC %s login: user id=%s", self.provider, user.pk)
        return user

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        # mozilla-django-oidc does not check the audience; a token for another client is refused.
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.get_settings("OIDC_RP_CLIENT_ID") not in audiences:
            raise SuspiciousOperation("ID token audience is not this client.")
        return payload

    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        return f"a {self.provider} account"  # never a claim value: this goes to the log

    def get_user(self, user_id: int) -> User | None:
        user: User | None = super().get_user(user_id)
        if user is not None and settings.PRODUCTION and is_demo_username(user.username):
            return None  # a demo account never has a session in production
        return user

    @staticmethod
    def _username(prefix: str) -> str:
        return f"{prefix}-{secrets.token_hex(8)}"  # no personal data in usernames


class CitizenOIDCBackend(BistandOIDCBackend):
    """Citizens: found or created by the normalised personnummer from the configured claim."""

    provider = CITIZEN

    def _personnummer(self, claims: dict[str, Any]) -> str | None:
        claim = self.get_settings("PERSONNUMMER_CLAIM")
        value = claims.get(claim)
        request = getattr(self, "request", None)
        if not isinstance(value, str) or not value.strip():
            _refuse(request, "missing_personnummer")
            return None
        try:
            number = pnr.normalise(value.strip())
        except pnr.PersonnummerError:
            _refuse(request, "invalid_personnummer")
            return None
        if not pnr.is_valid(number):
            _refuse(request, "invalid_personnummer")
            return None
        if settings.PRODUCTION and pnr.is_synthetic(number):
            _refuse(request, "synthetic_personnummer")
            return None
        return number

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return self._personnummer(claims) is not None

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        number = self._personnummer(claims)
        return self.UserModel.objects.filter(personnummer=number)

    def create_user(self, claims: dict[str, Any]) -> User:
        user: User = self.UserModel.objects.create_user(
            username=self._username("invanare"),
            role=Role.CITIZEN,
            personnummer=self._personnummer(claims),
            display_name=_display_name(claims),
        )
        return user  # no password given: create_user makes it unusable

    def update_user(self, user: User, claims: dict[str, Any]) -> User | None:
        if user.role != Role.CITIZEN:
            # A staff account that happens to carry this personnummer: never through here.
            _refuse(getattr(self, "request", None), "not_a_citizen")
            raise SuspiciousOperation("Citizen login matched a non-citizen account.")
        name = _display_name(claims)
        if name and name != user.display_name:
            user.display_name = name
            user.save(update_fields=["display_name"])
        return user


class StaffOIDCBackend(BistandOIDCBackend):
    """Staff: found or created by the staff login's ``sub``; the role comes from the role claim."""

    provider = STAFF

    def _role(self, claims: dict[str, Any]) -> Role | None:
        value = claims.get(self.get_settings("ROLE_CLAIM"))
        if isinstance(value, str):
            held = {value}
        elif isinstance(value, list):
            held = {item for item in value if isinstance(item, str)}
        else:
            held = set()
        for claim_value, role in self.get_settings("ROLE_MAP").items():
            if claim_value in held and role in STAFF_ROLES:
                return Role(role)
        return None

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        request = getattr(self, "request", None)
        sub = claims.get("sub")
        if not isinstance(sub, str) or not sub:
            _refuse(request, "missing_subject")
            return False
        if self._role(claims) is None:
            _refuse(request, "unknown_role")
            return False
        return True

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return self.UserModel.objects.filter(oidc_subject=claims["sub"])

    def create_user(self, claims: dict[str, Any]) -> User:
        user: User = self.UserModel.objects.create_user(
            username=self._username("personal"),
            role=self._role(claims),
            oidc_subject=claims["sub"],
            display_name=_display_name(claims),
        )
        return user  # no password given: create_user makes it unusable

    def update_user(self, user: User, claims: dict[str, Any]) -> User | None:
        if user.role not in STAFF_ROLES or user.personnummer:
            _refuse(getattr(self, "request", None), "not_staff")
            raise SuspiciousOperation("Staff login matched a citizen account.")
        # The staff login is the source of truth for the role: it follows every change there.
        role = self._role(claims)
        if role is None:  # verify_claims has refused this already
            _refuse(getattr(self, "request", None), "unknown_role")
            raise SuspiciousOperation("Staff login without a known role.")
        name = _display_name(claims) or user.display_name
        if role != user.role or name != user.display_name:
            user.role = role
            user.display_name = name
            user.save(update_fields=["role", "display_name"])
        return user


# --- Views -------------------------------------------------------------------------------------


class BistandAuthenticationRequestView(ProviderSettingsMixin, OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Starts a login: redirects to the provider, the state marked with the provider."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not provider_enabled(self.provider):
            return render(request, "accounts/oidc_unavailable.html", status=503)
        before = set(request.session.get("oidc_states", {}))
        response: HttpResponse = super().get(request)
        states = request.session.get("oidc_states", {})
        for state in set(states) - before:
            states[state]["provider"] = self.provider
        request.session.modified = True
        return response


class BistandAuthenticationCallbackView(ProviderSettingsMixin, OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """The provider's redirect back: refuses a state started by the other login."""

    def get(self, request: HttpRequest) -> HttpResponse:
        state = request.GET.get("state")
        states = request.session.get("oidc_states", {})
        if state in states and states[state].get("provider") != self.provider:
            del states[state]
            request.session.modified = True
            return self.login_failure()
        setattr(request, REQUEST_PROVIDER_ATTR, self.provider)
        response: HttpResponse = super().get(request)
        return response

    def login_failure(self) -> HttpResponse:
        default = "cancelled" if self.request.GET.get("error") else "failed"
        reason = getattr(self.request, REQUEST_REFUSAL_ATTR, default)
        messages.error(self.request, REFUSALS.get(reason, REFUSALS["failed"]))
        return HttpResponseRedirect(self.failure_url)


class CitizenAuthenticationRequestView(BistandAuthenticationRequestView):
    provider = CITIZEN


class CitizenAuthenticationCallbackView(BistandAuthenticationCallbackView):
    provider = CITIZEN


class StaffAuthenticationRequestView(BistandAuthenticationRequestView):
    provider = STAFF


class StaffAuthenticationCallbackView(BistandAuthenticationCallbackView):
    provider = STAFF
