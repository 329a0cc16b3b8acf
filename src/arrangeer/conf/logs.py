"""How Arrangeer logs: readable text on a laptop, one JSON object per line in production.

JSON lines are rendered by structlog's formatter for the standard library's logging, so every
logger (Django's, the libraries', ours) writes the same shape, and each line written while a
request runs carries that request's id (bound by `core.middleware.RequestLogMiddleware`).

Only the named extra fields below reach a line. Django attaches the request object to its own
error records; rendered, that object shows the full URL with its query string, and a search
query can hold a child's name, so it stays out.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ImproperlyConfigured

import structlog

LOG_FORMATS = ("json", "text")
# The logger of the one line per request (RequestLogMiddleware).
REQUEST_LOGGER = "arrangeer.request"
# The fields of a log record that may appear in a JSON line besides the message.
ALLOWED_EXTRA_FIELDS = ("method", "view", "route", "status", "duration_ms")


class PathsAsRoutes(logging.Filter):
    """Django names the path in its lines about failed responses ("Not Found: /agenda/…").
    Some paths hold a secret (the calendar feed's token, an invitation, a password-reset
    link): the line names the URL pattern instead (`agenda/<str:token>.ics`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        path = getattr(getattr(record, "request", None), "path", None)
        if path and isinstance(record.args, tuple) and path in record.args:
            match = getattr(record.request, "resolver_match", None)  # type: ignore[attr-defined]
            route = match.route if match is not None else "(no matching URL)"
            record.args = tuple(route if arg == path else arg for arg in record.args)
        return True


def logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    if log_format not in LOG_FORMATS:
        raise ImproperlyConfigured(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}.")
    formatters: dict[str, Any] = {
        "text": {"format": "%(levelname)s %(name)s: %(message)s"},
        "json": {
            "()": structlog.stdlib.ProcessorFormatter,
            "foreign_pre_chain": [
                structlog.contextvars.merge_contextvars,
                structlog.stdlib.add_log_level,
                structlog.stdlib.add_logger_name,
                structlog.stdlib.ExtraAdder(allow=ALLOWED_EXTRA_FIELDS),
                structlog.processors.TimeStamper(fmt="iso", utc=True),
            ],
            "processors": [
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(sort_keys=False),
            ],
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": formatters,
        "filters": {"paths_as_routes": {"()": PathsAsRoutes}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["paths_as_routes"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # axes logs user names of failed logins at INFO; keep that out of default logs.
            "axes": {"level": "WARNING"},
            # One line per request in JSON; on a laptop the development server prints its own.
            REQUEST_LOGGER: {"level": "INFO" if log_format == "json" else "WARNING"},
        },
    }
