from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import pytest

from arrangeer.conf.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[4]


def _django_check(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    base.update(env)
    base["DJANGO_SETTINGS_MODULE"] = "arrangeer.conf.production"
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "check", *args],
        env=base,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _django_check({"ALLOWED_HOSTS": "arrangeer.example.nl"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _django_check({"SECRET_KEY": "k" * 60})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_passes_the_deploy_check():
    result = _django_check(
        {"SECRET_KEY": "k" * 30 + "Q9!x" * 10, "ALLOWED_HOSTS": "arrangeer.example.nl"},
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_object_storage_over_plain_http():
    result = _django_check(
        {
            "SECRET_KEY": "k" * 60,
            "ALLOWED_HOSTS": "arrangeer.example.nl",
            "S3_BUCKET": "arrangeer",
            "S3_ENDPOINT_URL": "http://s3.example.nl",
        }
    )
    assert result.returncode != 0
    assert "S3_ENDPOINT_URL must be an https:// address in production" in result.stderr


def test_nonsense_in_the_environment_is_refused(monkeypatch):
    monkeypatch.setenv("X_BOOL", "misschien")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_BOOL", False)
    monkeypatch.setenv("X_INT", "tien")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_HOSTS", "a.nl,*")
    with pytest.raises(ImproperlyConfigured):
        env_list("X_HOSTS", [])


def test_production_cookies_are_host_prefixed_and_secure():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.DEBUG)"
    )
    env = dict(os.environ)
    env.update(
        {
            "SECRET_KEY": "k" * 60,
            "ALLOWED_HOSTS": "arrangeer.example.nl",
            "DJANGO_SETTINGS_MODULE": "arrangeer.conf.production",
            "PYTHONPATH": str(ROOT / "src"),
        }
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup();" + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["__Host-arrangeer-session", "__Host-arrangeer-csrf", "True", "False"]


def _production_settings(code: str, **extra: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"LOG_FORMAT", "REDIS_URL"}}
    env.update(
        {
            "SECRET_KEY": "k" * 60,
            "ALLOWED_HOSTS": "arrangeer.example.nl",
            "DJANGO_SETTINGS_MODULE": "arrangeer.conf.production",
            "PYTHONPATH": str(ROOT / "src"),
            **extra,
        }
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup();" + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()


def test_production_logs_json_lines_and_a_person_can_ask_for_text():
    code = "from django.conf import settings as s; print(s.LOGGING['handlers']['console']['formatter'])"
    assert _production_settings(code) == ["json"]
    assert _production_settings(code, LOG_FORMAT="text") == ["text"]


def test_with_redis_configured_generated_documents_are_shared_in_it():
    code = "from django.conf import settings as s; print(s.CACHES['documents']['BACKEND'])"
    assert _production_settings(code) == ["django.core.cache.backends.locmem.LocMemCache"]
    assert _production_settings(code, REDIS_URL="redis://cache.internal:6379/1") == [
        "django.core.cache.backends.redis.RedisCache"
    ]


def test_a_short_metrics_token_is_refused():
    result = _django_check(
        {"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "arrangeer.example.nl", "METRICS_TOKEN": "short"}
    )
    assert result.returncode != 0
    assert "METRICS_TOKEN" in result.stderr


def test_a_replica_of_another_kind_of_database_is_refused():
    result = _django_check(
        {
            "SECRET_KEY": "k" * 60,
            "ALLOWED_HOSTS": "arrangeer.example.nl",
            "DATABASE_URL": "postgres://arrangeer@db.internal:5432/arrangeer",
            "DATABASE_REPLICA_URL": "sqlite:////tmp/replica.sqlite3",
        }
    )
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL" in result.stderr


def test_a_replica_url_adds_the_replica_alias_as_a_test_mirror(monkeypatch):
    import importlib

    from arrangeer.conf import base

    monkeypatch.setenv("DATABASE_URL", "postgres://arrangeer@primary.internal:5432/arrangeer")
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://reader@standby.internal:5432/arrangeer")
    try:
        reloaded = importlib.reload(base)
        replica = reloaded.DATABASES["replica"]
        assert (replica["HOST"], replica["USER"]) == ("standby.internal", "reader")
        assert replica["TEST"] == {"MIRROR": "default"}
        assert reloaded.DATABASE_ROUTERS == ["arrangeer.core.replica.ReplicaRouter"]
    finally:
        monkeypatch.undo()
        importlib.reload(base)
