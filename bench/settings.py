"""Benchmark settings: production-like (DEBUG off, real hashing off for speed of set-up)."""

from arrangeer.conf.test import *  # noqa: F403

DEBUG = False
