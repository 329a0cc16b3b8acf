"""Production. Refuses to start without a secret key and allowed hosts; secure cookies only."""

import os

from .base import *  # noqa: F403
from .base import ARRANGEER_DIGID, DATABASES, LOG_LEVEL, STORAGES
from .env import env_bool, env_int, env_list, env_required, env_str
from .logs import logging_config
from .storage import S3_BACKEND, default_storage

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
if len(SECRET_KEY) < 50:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production (comma separated).")

# OpenID Connect only over https: tokens and the BSN never travel in the clear.
ARRANGEER_OIDC_ALLOW_HTTP = False
if ARRANGEER_DIGID["issuer"] and not ARRANGEER_DIGID["issuer"].startswith("https://"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("ARRANGEER_DIGID_ISSUER must be an https:// address in production.")

# Uploads in object storage only over https (conf/storage.py).
if STORAGES["default"]["BACKEND"] == S3_BACKEND:
    STORAGES["default"] = default_storage(os.environ, require_https=True)

# __Host- cookies: Secure, path /, no Domain attribute: they cannot be set by a sub-domain.
SESSION_COOKIE_NAME = "__Host-arrangeer-session"
CSRF_COOKIE_NAME = "__Host-arrangeer-csrf"
LANGUAGE_COOKIE_NAME = "__Host-arrangeer-language"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Persistent database connections: opening one per request costs a round trip and
# PostgreSQL's authentication on every page. A connection is checked before a request reuses
# it, so a database restart costs one failed check, not a failed request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 600, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "replica" in DATABASES:
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True

# One JSON object per line with the request's id, for the log collector (docs/operations.md);
# LOG_FORMAT=text when a person reads the server's output directly.
LOGGING = logging_config(log_format=env_str("LOG_FORMAT", "json") or "json", level=LOG_LEVEL)
