"""Benchmark settings: production-like (DEBUG off, persistent database connections with
health checks as in production; fast password hashing for the set-up)."""

import os

from arrangeer.conf.test import *  # noqa: F403
from arrangeer.conf.test import DATABASES

DEBUG = False
DATABASES["default"]["CONN_MAX_AGE"] = 600
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# As in production: a query kept compiled is reused without compiling it again to compare.
CHECK_COMPILED_QUERIES = False
# As in production: a monitor page's figures are kept for the next reader (monitor/published.py);
# BENCH_MONITOR_CACHE=0 times every request counting and suppressing anew.
MONITOR_CACHE_SECONDS = int(os.environ.get("BENCH_MONITOR_CACHE", "3600"))
