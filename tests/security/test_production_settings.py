"""Production settings (BISTAND_ENVIRONMENT=production) switch on secure cookies, HSTS and the
redirect to HTTPS; development settings keep the rest of the hardening too."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .production import PRODUCTION_ENV

NAMES = [
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "DEBUG",
    "DEMO_LOGIN",
    "MIDDLEWARE",
    "LOGGING",
]


def settings_for(env: dict[str, str], tmp_path) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {NAMES!r}}}, default=str))"
    )
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("BISTAND_") and k != "DATABASE_URL"
    }
    clean.update({"DJANGO_SETTINGS_MODULE": "bistand.settings", "BISTAND_DATA_DIR": str(tmp_path)})
    clean.update(env)
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_has_secure_cookies_hsts_and_https(tmp_path):
    values = settings_for(PRODUCTION_ENV, tmp_path)
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000  # at least a year
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["DEBUG"] is False and values["DEMO_LOGIN"] is False


def test_every_environment_has_the_hardening_middleware_and_redacting_logs(tmp_path):
    for env in ({}, PRODUCTION_ENV):
        values = settings_for(env, tmp_path)
        middleware = values["MIDDLEWARE"]
        for name in (
            "bistand.core.middleware.RequestIdMiddleware",
            "bistand.core.middleware.SecurityHeadersMiddleware",
            "django.middleware.security.SecurityMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
            "bistand.accounts.throttle.LoginThrottleMiddleware",
        ):
            assert name in middleware
        assert middleware[0] == "bistand.core.middleware.RequestIdMiddleware"
        assert values["X_FRAME_OPTIONS"] == "DENY"
        assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
        for handler in values["LOGGING"]["handlers"].values():
            assert "redact" in handler["filters"]
