"""Benchmark settings: production-like (DEBUG off, persistent database connections with
health checks as in production; fast password hashing for the set-up)."""

from arrangeer.conf.test import *  # noqa: F403
from arrangeer.conf.test import DATABASES

DEBUG = False
DATABASES["default"]["CONN_MAX_AGE"] = 600
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
