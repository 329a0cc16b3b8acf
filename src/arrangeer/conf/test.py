"""Tests: fast hashing, mail in memory, the database from DATABASE_URL (SQLite by default)."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key-0123456789-0123456789-0123456789"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
AXES_FAILURE_LIMIT = 5
# Static files straight from the apps; no collectstatic needed outside production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # A test database is thrown away: a commit need not wait for the disk (migrations and the
    # tests that commit are faster; what is read back is the same).
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = (_options.get("options", "") + " -c synchronous_commit=off").strip()
    # A second alias on the same test database, as a replica would be (core/replica.py): the
    # test runner makes it a mirror of the test database. The monitor and the export read from
    # it only in the tests that switch READ_FROM_REPLICA on (core/tests/test_replica.py); the
    # others see what they always saw.
    if "replica" not in DATABASES:  # noqa: F405
        DATABASES["replica"] = {  # noqa: F405
            **DATABASES["default"],  # noqa: F405
            "OPTIONS": dict(_options),
            "TEST": {"MIRROR": "default"},
        }
READ_FROM_REPLICA = False
# Every reuse of a query kept compiled is checked against the query built anew.
CHECK_COMPILED_QUERIES = True
# The monitor's figures are counted on every request: a test's data changes without a refresh
# of the facts (a test of the kept figures turns it on: monitor/tests/test_published.py).
MONITOR_CACHE_SECONDS = 0
# Each test process keeps its own (its database's keys are not another process's).
CACHES["monitor"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "monitor-test",
    "TIMEOUT": 60,
}
