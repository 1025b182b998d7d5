"""Django settings for Bistånd, read from the environment with safe defaults.

Every setting that differs between a developer's laptop, CI and production comes from an
environment variable (see docs/configuration.md). Without any variable set, Bistånd runs on an
embedded SQLite database under the data folder with DEBUG off.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from bistand.core.deployment import UnknownEnvironmentError, environment_from, production_problems
from bistand.core.files import UMASK, private_dir, private_file, write_private_file
from bistand.core.municipality import (
    MunicipalityConfigError,
    guideline_key,
    load_municipality,
    municipality_dir,
)

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parents[1]


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Private from the start (bistand.core.files; ADR 0083): everything this process creates is
# readable by its own user only, the data directory is 0700, the database and key 0600.
os.umask(UMASK)
DATA_DIR = private_dir(Path(os.environ.get("BISTAND_DATA_DIR", PROJECT_DIR / "data")))

DEBUG = env_bool("BISTAND_DEBUG", False)
# The environment: exactly one of development (default), test, demo, production; any other value
# refuses to load (docs/adr/0080-production-fails-closed.md). Production refuses to load without
# a secret key, with debug or demo login, with a register URL that is not https or with the
# placeholder debtor (bistand.core.deployment); `bistand check --deploy` names the same problems
# and those that need the database, such as demo accounts (bistand.core.checks).
try:
    ENVIRONMENT = environment_from(os.environ.get("BISTAND_ENVIRONMENT"))
except UnknownEnvironmentError as exc:
    raise ImproperlyConfigured(str(exc)) from None
PRODUCTION = ENVIRONMENT == "production"


def _secret_key() -> str:
    from_env = os.environ.get("BISTAND_SECRET_KEY", "").strip()
    if from_env:
        return from_env
    if PRODUCTION:
        return ""  # refused below with every other production problem; never generated
    # Never in git: generated once per installation and kept in the data folder.
    # Created with mode 0600 (never readable by others, not even for a moment).
    key_file = DATA_DIR / "secret_key"
    if not write_private_file(key_file, secrets.token_urlsafe(50)):
        private_file(key_file)  # tighten a key file from an older version
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("BISTAND_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("BISTAND_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_q",
    "bistand.core",
    "bistand.accounts",
    "bistand.audit",
    "bistand.jobs",
    "bistand.cases",  # Case, CaseEvent and the event-kind registry: the centre
    "bistand.applications",
    "bistand.registers",
    "bistand.decisions",
    "bistand.casework",
    "bistand.payments",
    "bistand.followup",
    "bistand.planning",
    "bistand.appeals",
    "bistand.messaging",
    "bistand.privacy",  # gallring and the citizen's own data (GDPR art. 15)
    "bistand.personakt",  # the person and the case's whole history for staff (issue 14.1)
    "bistand.governance",  # the nämnd's control: rules approvals, anmälan av delegationsbeslut
    "bistand.demo",  # demo data, register simulator: commands only; production never imports it
]

MIDDLEWARE = [
    # Request id and one JSON log line per request, then CSP and Permissions-Policy
    # (bistand.core.middleware; docs/adr/0070, 0071).
    "bistand.core.middleware.RequestIdMiddleware",
    "bistand.core.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Empty 400/403/404/405 responses get the Swedish/English error page (bistand.core.errors).
    "bistand.core.errors.ErrorPagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Staff pages are translated into English only: Arabic falls back to Swedish for staff.
    "bistand.accounts.middleware.StaffLanguageMiddleware",
    # Idle timeout and absolute lifetime for every view (bistand.core.session; ADR 0085).
    "bistand.core.session.SessionLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # 429 after too many login attempts per address (bistand.accounts.throttle; ADR 0072).
    "bistand.accounts.throttle.LoginThrottleMiddleware",
]

ROOT_URLCONF = "bistand.urls"
WSGI_APPLICATION = "bistand.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bistand.core.context_processors.service",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
# DATABASE_URL absent → embedded SQLite in the data folder. PostgreSQL is the production database.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=int(os.environ.get("BISTAND_CONN_MAX_AGE", "60"))
        )
    }
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("BISTAND_SQLITE_PATH", str(DATA_DIR / "bistand.sqlite3")),
            "OPTIONS": {
                # WAL + IMMEDIATE: the web server and the worker write at the same time
                # without "database is locked" (see docs/adr/0003-background-jobs.md).
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # A file, not memory: the worker processes started by tests must see the test data.
            "TEST": {"NAME": str(DATA_DIR / f"test_bistand_{os.getpid()}.sqlite3")},
        }
    }
    # The SQLite file exists with mode 0600 before SQLite opens it; its -wal and -shm files
    # take the database's mode.
    _sqlite = Path(DATABASES["default"]["NAME"])
    if _sqlite.parent.is_dir():
        private_file(_sqlite)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS: list[dict[str, str]] = []

# --- OIDC -------------------------------------------------------------------------------------
# Real logins over OpenID Connect (docs/adr/0007-oidc-login.md), with mozilla-django-oidc:
# citizens through the municipality's e-ID broker, staff through its staff login (SITHS or an
# e-ID broker). Two providers, each with its own client; the values in OIDC_PROVIDERS override
# mozilla-django-oidc's global OIDC_* settings per provider (bistand.accounts.oidc). Authorization
# code flow with PKCE (S256) and a nonce; ID tokens must be RS256, checked against the JWKS.
# A provider without client id and authorization endpoint is off: its login link is not shown.
LOGIN_URL = "/logga-in/"
LOGIN_REDIRECT_URL = "/"
LOGIN_REDIRECT_URL_FAILURE = "/logga-in/"
AUTHENTICATION_BACKENDS = [
    "bistand.accounts.oidc.CitizenOIDCBackend",
    "bistand.accounts.oidc.StaffOIDCBackend",
    # Only for sessions from the demo login (which names it); no view takes passwords.
    "django.contrib.auth.backends.ModelBackend",
]
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_USE_NONCE = True
OIDC_CREATE_USER = True
OIDC_STORE_ACCESS_TOKEN = False
OIDC_STORE_ID_TOKEN = False
OIDC_VERIFY_SSL = True
OIDC_TIMEOUT = float(os.environ.get("BISTAND_OIDC_TIMEOUT", "10"))


def _oidc_provider(prefix: str, callback: str) -> dict[str, Any]:
    def env(name: str, default: str = "") -> str:
        return os.environ.get(f"{prefix}_{name}", default).strip()

    return {
        "OIDC_RP_CLIENT_ID": env("CLIENT_ID"),
        "OIDC_RP_CLIENT_SECRET": env("CLIENT_SECRET"),
        "OIDC_OP_AUTHORIZATION_ENDPOINT": env("AUTHORIZATION_ENDPOINT"),
        "OIDC_OP_TOKEN_ENDPOINT": env("TOKEN_ENDPOINT"),
        "OIDC_OP_USER_ENDPOINT": env("USERINFO_ENDPOINT"),
        "OIDC_OP_JWKS_ENDPOINT": env("JWKS_ENDPOINT"),
        "OIDC_RP_SCOPES": env("SCOPES", "openid profile"),
        "OIDC_AUTHENTICATION_CALLBACK_URL": callback,
    }


def _oidc_role_map(raw: str) -> dict[str, str]:
    try:
        mapping = json.loads(raw or "{}")
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(
            f"BISTAND_OIDC_STAFF_ROLE_MAP is not valid JSON: {exc}"
        ) from None
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        raise ImproperlyConfigured(
            'BISTAND_OIDC_STAFF_ROLE_MAP must be a JSON object {"claim value": "role", …}.'
        )
    return mapping


OIDC_PROVIDERS: dict[str, dict[str, Any]] = {
    "citizen": {
        **_oidc_provider("BISTAND_OIDC_CITIZEN", "accounts:oidc_citizen_callback"),
        # The claim carrying the personnummer differs between e-ID brokers.
        "PERSONNUMMER_CLAIM": os.environ.get(
            "BISTAND_OIDC_CITIZEN_PERSONNUMMER_CLAIM", "personal_number"
        ),
    },
    "staff": {
        **_oidc_provider("BISTAND_OIDC_STAFF", "accounts:oidc_staff_callback"),
        # The claim with the staff member's roles or groups (a string or a list of strings) and
        # the mapping of its values to Bistånd's staff roles, in priority order: the first
        # entry whose value the claim holds gives the role. Empty: every staff login is refused.
        "ROLE_CLAIM": os.environ.get("BISTAND_OIDC_STAFF_ROLE_CLAIM", "roles"),
        "ROLE_MAP": _oidc_role_map(os.environ.get("BISTAND_OIDC_STAFF_ROLE_MAP", "")),
    },
}
# --- end OIDC ---------------------------------------------------------------------------------

# --- Language ----------------------------------------------------------------------------------
LANGUAGE_CODE = "sv"
# Swedish is the service's language and the language of every decision; the citizen's pages are
# also complete in English and in Arabic (right to left). Staff pages are in Swedish and English.
# The choice is kept in Django's language cookie for the browser session (LANGUAGE_COOKIE_AGE
# None): the language buttons in the header set it without JavaScript (docs/adr/0195).
LANGUAGES = [("sv", _("Svenska")), ("en", _("English")), ("ar", _("Arabiska"))]
LANGUAGE_COOKIE_AGE = None
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Session limits for everyone (bistand.core.session; docs/configuration.md, ADR 0085): the
# session ends after SESSION_IDLE_SECONDS without a request, and at the latest after the role's
# absolute lifetime. The cookie lives as long as the longest lifetime and no longer.
SESSION_IDLE_SECONDS = 60 * int(os.environ.get("BISTAND_SESSION_IDLE_MINUTES", "30"))
SESSION_STAFF_MAX_SECONDS = 60 * int(os.environ.get("BISTAND_SESSION_STAFF_MAX_MINUTES", "720"))
SESSION_CITIZEN_MAX_SECONDS = 60 * int(os.environ.get("BISTAND_SESSION_CITIZEN_MAX_MINUTES", "120"))
SESSION_COOKIE_AGE = max(SESSION_STAFF_MAX_SECONDS, SESSION_CITIZEN_MAX_SECONDS)
# What a citizen typed and sent after the session ended is kept this long for the same citizen's
# next login in the same browser, then deleted (core.session, ADR 0240).
SESSION_TYPED_KEEP_SECONDS = 60 * int(os.environ.get("BISTAND_SESSION_TYPED_KEEP_MINUTES", "120"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A refused CSRF check gets the site's Swedish/English 403 page, not Django's English one.
CSRF_FAILURE_VIEW = "bistand.core.errors.csrf_failure"
# Login throttling (bistand.accounts.throttle): attempts per client address per window.
LOGIN_THROTTLE_ATTEMPTS = int(os.environ.get("BISTAND_LOGIN_THROTTLE_ATTEMPTS", "10"))
LOGIN_THROTTLE_WINDOW = int(os.environ.get("BISTAND_LOGIN_THROTTLE_WINDOW", "60"))
# The number of reverse proxies in front of Bistånd that each append to X-Forwarded-For; the
# client's address is the entry that many places from the right (0: REMOTE_ADDR; ADR 0082).
TRUSTED_PROXIES = int(os.environ.get("BISTAND_TRUSTED_PROXIES", "0"))
if os.environ.get("BISTAND_LOGIN_THROTTLE_CLIENT_IP_HEADER"):
    raise ImproperlyConfigured(
        "BISTAND_LOGIN_THROTTLE_CLIENT_IP_HEADER is no longer read (a client could fake it): set "
        "BISTAND_TRUSTED_PROXIES to the number of reverse proxies that append to X-Forwarded-For."
    )
# The cache every process shares: login throttling counts there (the database cache, table
# bistand_cache, created by the core app's migration).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "bistand_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
# age public keys (one a line) that `bistand backup` encrypts the database dump for (ADR 0084).
BACKUP_RECIPIENTS_FILE = os.environ.get("BISTAND_BACKUP_RECIPIENTS_FILE", "")
# /metrics/ for Prometheus: staff sessions, or "Authorization: Bearer <token>" with this token.
METRICS_TOKEN = os.environ.get("BISTAND_METRICS_TOKEN", "")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("BISTAND_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Background jobs (docs/adr/0003-background-jobs.md, docs/adr/0180-batch-worker.md) --------
# Worker processes that claim jobs from the Job table (one per core is enough for CPU), threads
# in each (more threads keep the CPU busy while some wait for slow registers; 0: 8 on
# PostgreSQL, 1 on SQLite), and how many jobs a thread claims at once (PostgreSQL only).
JOB_PROCESSES = int(os.environ.get("BISTAND_WORKERS", "2"))
WORKER_THREADS = int(os.environ.get("BISTAND_WORKER_THREADS", "0"))
JOB_BATCH = int(os.environ.get("BISTAND_JOB_BATCH", "50"))
# django-q2 (ORM broker) runs only the schedules, in one process beside the job workers.
Q_CLUSTER: dict[str, Any] = {
    "name": "bistand",
    "orm": "default",
    "workers": 1,
    # A job that runs longer than `timeout` seconds loses its lease (timeout + 1 s): another
    # worker may take it over, and the first cannot commit. `retry` is django-q2's own re-delivery
    # of a scheduled task whose process was killed; it must exceed timeout.
    "timeout": int(os.environ.get("BISTAND_JOB_TIMEOUT", "120")),
    "retry": int(os.environ.get("BISTAND_JOB_RETRY", "180")),
    "max_attempts": int(os.environ.get("BISTAND_JOB_MAX_ATTEMPTS", "10")),
    "ack_failures": True,
    # Successful tasks are not kept: the Job table (bistand.jobs) is the record of every job.
    "save_limit": -1,
    "catch_up": False,
    "poll": float(os.environ.get("BISTAND_JOB_POLL", "0.5")),
    "label": "Bakgrundsjobb",
    "recycle": 500,
}

# --- Logging: structured, without personal data ----------------------------------------------
# One JSON object per line (BISTAND_LOG_FORMAT=plain for a human-readable line); every record
# passes the personnummer redaction filter (bistand.core.logging; docs/adr/0070).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact": {"()": "bistand.core.logging.RedactPersonnummerFilter"},
        "request_id": {"()": "bistand.core.logging.RequestIdFilter"},
    },
    "formatters": {
        "json": {"()": "bistand.core.logging.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("BISTAND_LOG_FORMAT", "json"),
            "filters": ["request_id", "redact"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("BISTAND_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The request middleware logs every request once; Django's own line would repeat it.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # WeasyPrint 70 reports every rendering step at INFO.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# --- Service ---------------------------------------------------------------------------------
# The municipality's own configuration directory (BISTAND_MUNICIPALITY_DIR; default: the shipped
# synthetic Exempelkommun): name, unit, contact details, debtor account, SLA, meeting rules,
# delegationsordning, guidelines and gallring rules (docs/configuration.md). Checked here, at
# start-up: a directory that does not follow the schema stops Bistånd with every fault listed.
try:
    MUNICIPALITY = load_municipality(municipality_dir())
except MunicipalityConfigError as error:
    raise ImproperlyConfigured(str(error)) from error
MUNICIPALITY_DIR = MUNICIPALITY.directory
MUNICIPALITY_NAME = MUNICIPALITY.name
# Notices to citizens ("you have a decision on Min sida"): no amounts or names by e-mail.
# The default backend sends nothing; production sets SMTP (django.core.mail.backends.smtp…).
PUBLIC_BASE_URL = os.environ.get("BISTAND_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# A decision letter nobody in the household has opened on Min sida within this many days goes to
# the applicant's digital mailbox (Mina meddelanden), or to post when she has none (issue 12).
LETTER_SECOND_CHANNEL_DAYS = int(os.environ.get("BISTAND_LETTER_SECOND_CHANNEL_DAYS", "5"))
# The digital mailbox adapter (dotted path to a class); empty: none (unopened letters go to
# post); "local": the built-in simulator (tests and demo, never production).
DIGITAL_MAILBOX_ADAPTER = os.environ.get("BISTAND_DIGITAL_MAILBOX_ADAPTER", "")
EMAIL_BACKEND = os.environ.get(
    "BISTAND_EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend"
)
EMAIL_HOST = os.environ.get("BISTAND_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("BISTAND_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("BISTAND_EMAIL_FROM", "ingen-svarsadress@example.org")
# How long an unsent draft application is kept (days); answers are saved on every page.
APPLICATION_DRAFT_DAYS = int(os.environ.get("BISTAND_APPLICATION_DRAFT_DAYS", "30"))
# Files a citizen attaches to a komplettering (docs/adr/0216): stored like stickprov documents
# (private data directory, 0600, type by content, at most BISTAND_POST_CHECK_UPLOAD_MAX_MB each),
# at most this many per komplettering.
SUPPLEMENT_DOCUMENTS_DIR = DATA_DIR / "private" / "komplettering"
SUPPLEMENT_UPLOAD_MAX_FILES = int(os.environ.get("BISTAND_SUPPLEMENT_UPLOAD_MAX_FILES", "10"))
# (The e-service's idle timeout is the session idle timeout for everyone, SESSION_IDLE_SECONDS.)
# The guideline set (riktlinjer) the rules engine caps costs with, by key: by default the one in
# the municipality directory's guidelines.yaml. Empty: no caps, every reasonable cost at its
# actual amount.
MUNICIPALITY_GUIDELINE = os.environ.get("BISTAND_MUNICIPALITY_GUIDELINE", guideline_key())
# Demo logins exist only outside production: the combination refuses to start (below).
DEMO_LOGIN = env_bool("BISTAND_DEMO_LOGIN", False)

# Long-running processes that `scripts/run` starts beside the web server: name → bistand command.
# The register simulator stands in for SSBTEK outside production only.
BACKGROUND_SERVICES: dict[str, list[str]] = {"worker": ["worker"]}
if not PRODUCTION:
    BACKGROUND_SERVICES["register-simulator"] = ["register_simulator"]
    if ENVIRONMENT == "demo":
        # The demo asks SSBTEK as production does: SOAP over mutual TLS, with a throwaway demo
        # CA the simulator makes in the data folder (ADR 0106).
        BACKGROUND_SERVICES["register-simulator"] += ["--tls-port", "8766", "--demo-pki"]

# --- Registers (SSBTEK; docs/adr/0006-register-adapters.md) ---------------------------------
# The SSBTEK proxy, or the local register simulator started by `bistand register_simulator`.
REGISTERS_BASE_URL = os.environ.get("BISTAND_REGISTERS_BASE_URL", "http://127.0.0.1:8765")
REGISTERS_CONNECT_TIMEOUT = float(os.environ.get("BISTAND_REGISTERS_CONNECT_TIMEOUT", "2"))
REGISTERS_READ_TIMEOUT = float(os.environ.get("BISTAND_REGISTERS_READ_TIMEOUT", "10"))
# The longest the decision pipeline waits for one application's register answers (applicant and
# partner asked at once), in seconds; empty: connect + read timeout. A late answer is recorded
# as source status "timeout" and the case goes to the queue (docs/adr/0140).
REGISTERS_FETCH_TIMEOUT = float(os.environ.get("BISTAND_REGISTERS_FETCH_TIMEOUT") or "0") or None
REGISTERS_RETRIES = int(os.environ.get("BISTAND_REGISTERS_RETRIES", "2"))
REGISTERS_BACKOFF = float(os.environ.get("BISTAND_REGISTERS_BACKOFF", "0.25"))
REGISTERS_MAX_WORKERS = int(os.environ.get("BISTAND_REGISTERS_MAX_WORKERS", "8"))
# People asked about at the same time by one worker thread (a batch asks about many at once).
REGISTERS_PEOPLE_AT_ONCE = int(os.environ.get("BISTAND_REGISTERS_PEOPLE_AT_ONCE", "64"))
# Register questions in flight at once in one worker process, over all its threads (0: no
# bound). A month-start surge otherwise opens threads x PEOPLE_AT_ONCE connections at the same
# moment; a question waiting for a slot is not sent yet, its fetch timeout starts when it is.
REGISTERS_QUESTIONS_PER_PROCESS = int(
    os.environ.get("BISTAND_REGISTERS_QUESTIONS_PER_PROCESS", "128")
)
# SSBTEK v11 over SOAP (docs/adr/0105-ssbtek-soap-transport.md) or the JSON shape of a proxy.
REGISTERS_TRANSPORT = os.environ.get("BISTAND_REGISTERS_TRANSPORT", "soap")
if REGISTERS_TRANSPORT not in {"soap", "json"}:
    raise ImproperlyConfigured("BISTAND_REGISTERS_TRANSPORT must be soap or json.")
# SSBTEK's endpoint; empty: the simulator's, {REGISTERS_BASE_URL}/ssbtek/v11/BastjanstInformation.
_DEMO_PKI = DATA_DIR / "demo-pki"
_DEMO = ENVIRONMENT == "demo"
REGISTERS_SOAP_URL = os.environ.get(
    "BISTAND_REGISTERS_SOAP_URL",
    "https://127.0.0.1:8766/ssbtek/v11/BastjanstInformation" if _DEMO else "",
)
REGISTERS_SSBTEK_ORGANISATIONSNUMMER = os.environ.get(
    "BISTAND_REGISTERS_SSBTEK_ORGANISATIONSNUMMER", "162120000000"
)
REGISTERS_SSBTEK_AKTORSID = os.environ.get("BISTAND_REGISTERS_SSBTEK_AKTORSID", "bistand-demo")
# Mutual TLS with the organisation certificate (docs/adr/0106-register-mutual-tls.md): PEM paths.
# The demo uses the simulator's throwaway demo CA unless told otherwise.
REGISTERS_TLS_CERT = os.environ.get(
    "BISTAND_REGISTERS_TLS_CERT", str(_DEMO_PKI / "organisation.pem") if _DEMO else ""
)
REGISTERS_TLS_KEY = os.environ.get(
    "BISTAND_REGISTERS_TLS_KEY", str(_DEMO_PKI / "organisation.key") if _DEMO else ""
)
REGISTERS_TLS_CA = os.environ.get(
    "BISTAND_REGISTERS_TLS_CA", str(_DEMO_PKI / "ca.pem") if _DEMO else ""
)

# --- Payments and stickprov (docs/adr/0008-payments-exactly-once.md) -------------- BEGIN payments
# From the municipality directory's municipality.yaml (docs/configuration.md): the fixed payment
# days of the month (empty: the decision's payment date, the next banking day; a fixed day that
# is not a banking day moves to the banking day before it), the remittance text on the citizen's
# bank statement ({case_number} is replaced) and the municipality as debtor in the pain.001 file.
# No environment variable overrides them: they are the municipality's, not the operator's.
PAYMENT_FIXED_DAYS: list[int] = list(MUNICIPALITY.payments.fixed_days)
PAYMENT_REMITTANCE = MUNICIPALITY.payments.remittance
PAYMENT_DEBTOR_NAME = MUNICIPALITY.debtor.name
PAYMENT_DEBTOR_ORGNR = MUNICIPALITY.debtor.orgnr
PAYMENT_DEBTOR_BANKGIRO = MUNICIPALITY.debtor.bankgiro
PAYMENT_DEBTOR_IBAN = MUNICIPALITY.debtor.iban
PAYMENT_DEBTOR_BIC = MUNICIPALITY.debtor.bic
# Removed in favour of municipality.yaml: refused at start-up so that a forgotten variable is not
# silently ignored.
_REMOVED_PAYMENT_VARIABLES = sorted(
    name
    for name in os.environ
    if name in {"BISTAND_PAYMENT_FIXED_DAYS", "BISTAND_PAYMENT_REMITTANCE"}
    or name.startswith("BISTAND_PAYMENT_DEBTOR_")
)
if _REMOVED_PAYMENT_VARIABLES:
    raise ImproperlyConfigured(
        ", ".join(_REMOVED_PAYMENT_VARIABLES)
        + ": removed; set payments and debtor in the municipality directory's municipality.yaml "
        "(docs/configuration.md)."
    )
# Stickprov: the share of approvals drawn for a post-check, as a decimal string ("0.05" = 5 %),
# optionally per channel and decision type: "digital:automated=0.10,paper=0.02,manual=0.03".
POST_CHECK_SHARE = os.environ.get("BISTAND_POST_CHECK_SHARE", "0.05")
POST_CHECK_SHARE_BY: dict[str, str] = {
    key.strip(): value.strip()
    for key, _, value in (
        item.partition("=") for item in env_list("BISTAND_POST_CHECK_SHARE_BY", "")
    )
}
# Documents a citizen uploads on Min sida for a stickprov (docs/adr/0176): kept in the private
# data directory, outside the web root and never served as static files; at most this many
# megabytes each (PDF, JPEG or PNG, recognised by their content) and this many per stickprov.
POST_CHECK_DOCUMENTS_DIR = DATA_DIR / "private" / "stickprov"
POST_CHECK_UPLOAD_MAX_MB = int(os.environ.get("BISTAND_POST_CHECK_UPLOAD_MAX_MB", "10"))
POST_CHECK_UPLOAD_MAX_FILES = int(os.environ.get("BISTAND_POST_CHECK_UPLOAD_MAX_FILES", "20"))
# Uploaded documents are scanned by clamd when this is set (docs/adr/0214): "unix:/path/to/socket"
# or "tcp:host:port"; empty: no scan. A configured scanner that does not answer refuses the file.
VIRUS_SCAN_CLAMD = os.environ.get("BISTAND_CLAMD", "").strip()
VIRUS_SCAN_TIMEOUT = float(os.environ.get("BISTAND_CLAMD_TIMEOUT", "30"))
# ---------------------------------------------------------------------------------- END payments

# --- Production fails closed (bistand.core.deployment; docs/adr/0080) ------------------------
if PRODUCTION:
    PRODUCTION_PROBLEMS = production_problems(
        secret_key_from_env=os.environ.get("BISTAND_SECRET_KEY", ""),
        debug=DEBUG,
        demo_login=DEMO_LOGIN,
        registers_base_url=REGISTERS_BASE_URL,
        registers_soap_url=REGISTERS_SOAP_URL if REGISTERS_TRANSPORT == "soap" else None,
        registers_tls=(REGISTERS_TLS_CERT, REGISTERS_TLS_KEY, REGISTERS_TLS_CA),
        debtor_orgnr=PAYMENT_DEBTOR_ORGNR,
        debtor_bankgiro=PAYMENT_DEBTOR_BANKGIRO,
        debtor_iban=PAYMENT_DEBTOR_IBAN,
    )
    if PRODUCTION_PROBLEMS:
        raise ImproperlyConfigured(
            "Bistånd does not start in production with this configuration:\n"
            + "\n".join(f"- {problem}" for problem in PRODUCTION_PROBLEMS)
        )
    # No password or demo sessions in production: only the two OIDC logins authenticate.
    AUTHENTICATION_BACKENDS = [b for b in AUTHENTICATION_BACKENDS if "ModelBackend" not in b]
