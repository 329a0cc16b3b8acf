"""Development: `make run`. Only defaults that make a laptop work; nothing is loosened in base."""

from .base import *  # noqa: F403
from .env import env_int, env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "") or "dev-only-insecure-key-never-use-in-production-0123456789"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# `make run PORT=8080`: links in mail and the printed accounts follow the port served.
SITE_URL = (env_str("SITE_URL", "") or f"http://127.0.0.1:{env_int('PORT', 8000)}").rstrip("/")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Static files straight from the apps; no collectstatic needed outside production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# `make run` prints the address and the accounts; Django's "watching for file changes"
# note is not news to anyone.
LOGGING["loggers"]["django.utils.autoreload"] = {"level": "WARNING"}  # noqa: F405
# The demo's organisation account (tools/oidc-provider, started by `make run`).
ARRANGEER_DEMO_ORGANISATION_ISSUER = env_str("ARRANGEER_DEMO_ORGANISATION_ISSUER", "") or (
    "http://127.0.0.1:8011"
)
