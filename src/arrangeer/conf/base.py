"""Settings shared by every environment.

Defaults fail closed: DEBUG off, no hosts allowed, no secret key. The dev and test modules
only fill in defaults; production adds nothing that could loosen these.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

import dj_database_url
import django_stubs_ext

from .env import env_bool, env_int, env_list, env_str
from .logs import logging_config
from .storage import default_storage

# Django's generic classes take type parameters at run time too (`admin.ModelAdmin[User]`).
django_stubs_ext.monkeypatch()

SRC_DIR = Path(__file__).resolve().parent.parent  # src/arrangeer
BASE_DIR = SRC_DIR.parent.parent  # the checkout
VAR_DIR = Path(env_str("ARRANGEER_VAR_DIR", str(BASE_DIR / "var")) or BASE_DIR / "var")

SECRET_KEY = env_str("SECRET_KEY", "") or ""
# Old keys after a rotation (comma separated): sessions stay valid and the access log's older
# records can still be verified.
SECRET_KEY_FALLBACKS = [k for k in (env_str("SECRET_KEY_FALLBACKS", "") or "").split(",") if k]
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin with our own site: a clear 403 instead of a login loop (core/admin_site.py).
    "arrangeer.core.admin_site.ArrangeerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_email",
    "axes",
    "csp",
    "simple_history",
    "arrangeer.core",
    "arrangeer.accounts",
    "arrangeer.organisations",
    "arrangeer.audit",
    "arrangeer.children",
    "arrangeer.consents",
    "arrangeer.cases",
    "arrangeer.routes",
    "arrangeer.plans",
    "arrangeer.meetings",
    "arrangeer.escalations",
    "arrangeer.referrals",
    "arrangeer.quality",
    "arrangeer.transitions",
    "arrangeer.groups",
    "arrangeer.identity",
    "arrangeer.loket",
    "arrangeer.api",
    "arrangeer.portal",
    "arrangeer.monitor",
    "arrangeer.demo",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    # Request counts and latency per view for /metrics (its pair is the last middleware).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # A request id on every log line and the X-Request-ID header; one line per request.
    "arrangeer.core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "arrangeer.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Keeps the text of a long form when the session ended before it was saved; outside the
    # session lifetime check, so it sees that check's answer too.
    "arrangeer.plans.typed_work.KeepTypedWorkMiddleware",
    "arrangeer.accounts.middleware.SessionLifetimeMiddleware",
    "arrangeer.accounts.middleware.RequireSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Lets the logout form lead on to the provider's logout (RP-initiated logout).
    "arrangeer.identity.middleware.ProviderLogoutFormActionMiddleware",
    "arrangeer.core.middleware.NoStoreMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "arrangeer.urls"
WSGI_APPLICATION = "arrangeer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "arrangeer.core.context_processors.navigation",
            ],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL", "") or f"sqlite:///{VAR_DIR / 'arrangeer.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a command writes; a busy timeout instead of
    # "database is locked" under concurrent requests.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's price of reading one page out of order. PostgreSQL's default (4) is for
    # spinning disks; on SSD or with the data in memory an index lookup costs about as much as
    # reading on, and with 4 the planner scanned all 100,000 cases to save 1,000 index
    # lookups (docs/performance.md). Empty: leave the server's own setting.
    _RANDOM_PAGE_COST = env_str("DB_RANDOM_PAGE_COST", "1.1") or ""
    if _RANDOM_PAGE_COST:
        try:
            float(_RANDOM_PAGE_COST)
        except ValueError as error:
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured("DB_RANDOM_PAGE_COST must be a number.") from error
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            f"-c random_page_cost={_RANDOM_PAGE_COST}"
        )
# A read replica of PostgreSQL (streaming replication) for the monitor's figures and the whole
# file's export: reads that may be a few seconds old. Empty: everything reads from
# DATABASE_URL. Access checks, writes and reads inside a write never use it
# (core/replica.py, docs/operations.md).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "") or ""
if DATABASE_REPLICA_URL:
    _replica = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=DATABASES["default"].get("CONN_MAX_AGE", 0)
    )
    if _replica["ENGINE"] != DATABASES["default"]["ENGINE"]:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must name the same kind of database as DATABASE_URL."
        )
    if "options" in DATABASES["default"].get("OPTIONS", {}):
        _replica.setdefault("OPTIONS", {})["options"] = DATABASES["default"]["OPTIONS"]["options"]
    # The test runner does not create a database for it: it reads the test database.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
# Whether the monitor and the export read from the replica when there is one (a switch for
# the operator, and for the tests that share one server between the two aliases).
READ_FROM_REPLICA = env_bool("READ_FROM_REPLICA", True)
DATABASE_ROUTERS = ["arrangeer.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Generated documents that never change (the groeidocument of an adopted version, per
# version, reader's categories and language) are kept here: building one costs 150 ms or
# more. In memory per process by default; a directory shares them between the processes of
# one server (docs/performance.md).
DOCUMENT_CACHE_SECONDS = env_int("DOCUMENT_CACHE_SECONDS", 24 * 60 * 60, minimum=0)
# The monitor's published figures of a page, kept for the next reader of the same figures
# (the same scope, filters and state of the fact tables: monitor/published.py); 0: not kept.
MONITOR_CACHE_SECONDS = env_int("MONITOR_CACHE_SECONDS", 60 * 60, minimum=0)
_DOCUMENT_CACHE_DIR = env_str("DOCUMENT_CACHE_DIR", "")
# Redis is optional: when REDIS_URL is set, generated documents are shared in it by every app
# server and the readiness probe checks it (docs/operations.md).
REDIS_URL = env_str("REDIS_URL", "") or ""
# The task queue (mail, reminders, the monitor's refresh after a write): empty runs the work in
# the same process right after the commit (`make run`); a redis:// URL queues it for
# `manage.py worker` (docs/adr/0008-task-queue.md, docs/operations.md). A failed task is tried
# TASK_RETRIES more times, the first after TASK_RETRY_SECONDS, then twice as long each time.
# Queries kept compiled (plans/compiled.py): the tests compile each again on reuse and compare.
CHECK_COMPILED_QUERIES = False
TASK_QUEUE_URL = env_str("TASK_QUEUE_URL", "") or ""
if TASK_QUEUE_URL and not TASK_QUEUE_URL.startswith(("redis://", "rediss://", "unix://")):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("TASK_QUEUE_URL must be a redis:// or rediss:// URL.")
TASK_RETRIES = env_int("TASK_RETRIES", 3, minimum=0)
TASK_RETRY_SECONDS = env_int("TASK_RETRY_SECONDS", 60, minimum=1)
_DOCUMENTS_CACHE: dict[str, Any]
if _DOCUMENT_CACHE_DIR:
    _DOCUMENTS_CACHE = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": _DOCUMENT_CACHE_DIR,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
elif REDIS_URL:
    # Shared by every app server (docs/operations.md); Redis evicts by its own policy.
    _DOCUMENTS_CACHE = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "arrangeer-documents",
    }
else:
    _DOCUMENTS_CACHE = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "documents",
        "OPTIONS": {"MAX_ENTRIES": 200},
    }
# The monitor's published figures (aggregates only, monitor.published): shared by every app
# server through Redis when there is one, so a page is counted once per state of the facts in
# the whole installation, not once per worker.
_MONITOR_CACHE: dict[str, Any] = (
    {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "arrangeer-monitor",
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "monitor",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "documents": {**_DOCUMENTS_CACHE, "TIMEOUT": DOCUMENT_CACHE_SECONDS},
    "monitor": {**_MONITOR_CACHE, "TIMEOUT": MONITOR_CACHE_SECONDS},
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # DigiD and the organisations' own providers (OpenID Connect, mozilla-django-oidc).
    "arrangeer.identity.backends.ProviderBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2  # a reset link lives two hours

# Sessions: 30 minutes idle (the session's age, renewed by requests) and 12 hours absolute
# (enforced by SessionLifetimeMiddleware from the login time kept in the session).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
# Renewed at most once a minute (accounts.middleware.SessionLifetimeMiddleware), not on every
# request: a page view does not write its session.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60, minimum=60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Lockout after repeated failures: per user name and address, released after an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0, minimum=0)

# Logging in through OpenID Connect (docs/configuration.md, docs/login-providers.md): DigiD
# through the municipality's broker for parents and young people; an organisation's own
# provider is set per organisation in functional management. Empty issuer: no DigiD button.
ARRANGEER_DIGID: dict[str, Any] = {
    "issuer": env_str("ARRANGEER_DIGID_ISSUER", "") or "",
    "client_id": env_str("ARRANGEER_DIGID_CLIENT_ID", "") or "",
    "client_secret": env_str("ARRANGEER_DIGID_CLIENT_SECRET", "") or "",
    "bsn_claim": env_str("ARRANGEER_DIGID_BSN_CLAIM", "bsn") or "bsn",
    "scopes": env_str("ARRANGEER_DIGID_SCOPES", "openid bsn") or "openid bsn",
    # The assurance levels asked for (acr_values), most wanted first: substantial, then basic.
    "acr_values": env_str(
        "ARRANGEER_DIGID_ACR_VALUES",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract "
        "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
    )
    or "",
    # A test provider: the button says "DigiD (testomgeving)".
    "test": env_bool("ARRANGEER_DIGID_TEST", False),
}
# Providers over plain http are refused in production (conf/production.py sets False).
ARRANGEER_OIDC_ALLOW_HTTP = True
ARRANGEER_OIDC_TIMEOUT = env_int("ARRANGEER_OIDC_TIMEOUT", 5, minimum=1)
OIDC_AUTHENTICATION_CALLBACK_URL = "identity:callback"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = ARRANGEER_OIDC_TIMEOUT

OTP_TOTP_ISSUER = "Arrangeer"
OTP_TOTP_TOLERANCE = 1

LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("tr", _("Turkish")),
    ("pl", _("Polish")),
    ("uk", _("Ukrainian")),
]
# The professionals' pages speak Dutch or English. The family's pages (the portal, logging in,
# the mails to the family) also speak the languages many families in the region speak at home
# (docs/portal.md, "Languages"): the language chooser offers those to families only.
PROFESSIONAL_LANGUAGES = ["nl", "en"]
FAMILY_LANGUAGES = ["ar", "tr", "pl", "uk"]
LOCALE_PATHS = [SRC_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "arrangeer_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [SRC_DIR / "static"]
STATIC_ROOT: Path | None = VAR_DIR / "static"
# Uploads: files under MEDIA_ROOT by default; with S3_BUCKET in a private bucket of
# S3-compatible object storage, which every app server shares (conf/storage.py).
STORAGES = {
    "default": default_storage(os.environ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

# The address people use to reach Arrangeer, for links in e-mail (no trailing slash).
SITE_URL = (env_str("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend") or ""
EMAIL_HOST = env_str("EMAIL_HOST", "localhost") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Arrangeer <noreply@arrangeer.invalid>") or ""
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The second factor by mail (parents and young people who have no authenticator app).
OTP_EMAIL_SENDER = DEFAULT_FROM_EMAIL
OTP_EMAIL_SUBJECT = "Arrangeer"
OTP_EMAIL_BODY_TEMPLATE_PATH = "accounts/email/otp_code.txt"
OTP_EMAIL_TOKEN_VALIDITY = 600

# Content Security Policy without 'unsafe-inline' anywhere: no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

API_MAX_BODY_BYTES = 256 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "arrangeer.api.authentication.ApiTokenAuthentication",
        "arrangeer.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["arrangeer.api.parsers.LimitedJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "arrangeer.api.problems.handle",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Arrangeer API",
    "DESCRIPTION": (
        "The single-child workflow of Arrangeer for integrations: the same services and the "
        "same access rules as the pages. Every call is recorded in the access log (channel "
        "api). Errors are application/problem+json; not allowed and not found are both 404."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "DataCategoryEnum": "arrangeer.vocabulary.DataCategory",
        "AgreementDecisionEnum": "arrangeer.plans.constants.AgreementDecision",
        "EvaluationDecisionEnum": "arrangeer.plans.constants.EvaluationDecision",
        "AgreementEvidenceEnum": "arrangeer.plans.constants.AgreementEvidence",
        "ConsentEvidenceEnum": "arrangeer.consents.constants.Evidence",
        "MemberStatusEnum": "arrangeer.cases.constants.MemberStatus",
        "CaseStatusEnum": "arrangeer.cases.constants.CaseStatus",
        "TransferStatusEnum": "arrangeer.cases.constants.TransferStatus",
        "VersionStatusEnum": "arrangeer.plans.constants.VersionStatus",
        "AchievementEnum": "arrangeer.plans.constants.Achievement",
        # The MDO in the API.
        "MeetingKindEnum": "arrangeer.meetings.constants.MeetingKind",
        "MeetingStatusEnum": "arrangeer.meetings.constants.MeetingStatus",
        "InviteeKindEnum": "arrangeer.meetings.constants.InviteeKind",
        "InviteeStatusEnum": "arrangeer.meetings.constants.InviteeStatus",
        "DecisionChannelEnum": "arrangeer.meetings.constants.DecisionChannel",
        "AttendanceEnum": "arrangeer.meetings.constants.Attendance",
        # The escalatieladder in the API.
        "EscalationStatusEnum": "arrangeer.escalations.constants.EscalationStatus",
        "EscalationStepKindEnum": "arrangeer.escalations.constants.StepKind",
    },
}

# Logs: readable text by default, one JSON object per line in production (LOG_FORMAT=json),
# with a request id and never child data (conf/logs.py, docs/operations.md).
LOG_LEVEL = env_str("LOG_LEVEL", "WARNING") or "WARNING"
LOGGING: dict[str, Any] = logging_config(
    log_format=env_str("LOG_FORMAT", "text") or "text", level=LOG_LEVEL
)

# The bearer token Prometheus sends to /metrics; empty switches the endpoint off (404).
METRICS_TOKEN = env_str("METRICS_TOKEN", "") or ""
if METRICS_TOKEN and len(METRICS_TOKEN) < 32:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("METRICS_TOKEN must be at least 32 characters long.")
# Load balancers and Prometheus reach the app servers directly over plain HTTP on the inside
# network: their probes are not redirected to HTTPS when SECURE_SSL_REDIRECT is on.
SECURE_REDIRECT_EXEMPT = [r"^gezond/", r"^metrics$"]

CSRF_FAILURE_VIEW = "arrangeer.core.views.csrf_failure"
