"""The endpoints of a region's IT, not of people: readiness for the load balancer and metrics
for Prometheus. Neither needs a login, neither shows data of a child or a person
(docs/operations.md)."""

from __future__ import annotations

import hmac
import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

import redis
from django_prometheus.exports import ExportToDjangoView

from arrangeer.conf.storage import S3_BACKEND

from . import replica, tasks

logger = logging.getLogger(__name__)

# A probe that waits longer than the load balancer's own timeout tells it nothing.
REDIS_TIMEOUT_SECONDS = 2.0


def _database_answers() -> bool:
    """One `SELECT 1` on this process's own connection: the one the next request will use."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            row: tuple[object, ...] | None = cursor.fetchone()
            return row == (1,)
    except DatabaseError as error:
        logger.warning("Readiness: the database does not answer (%s).", type(error).__name__)
        return False


def _replica_lag() -> float | None:
    """Seconds the read replica is behind, or None when it does not answer."""
    try:
        lag = replica.replica_lag()
    except DatabaseError as error:
        logger.warning("Readiness: the read replica does not answer (%s).", type(error).__name__)
        return None
    return None if lag is None else round(lag.total_seconds(), 3)


def _redis_answers(url: str) -> bool:
    client = redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        return bool(client.ping())
    except redis.RedisError as error:
        logger.warning("Readiness: Redis does not answer (%s).", type(error).__name__)
        return False
    finally:
        client.close()


@require_GET
def ready(request: HttpRequest) -> HttpResponse:
    """200 when this app server can serve: the database answers, and Redis, the object
    storage and the task queue when configured (with how much waits in the queue). 503
    otherwise, so the load balancer sends people elsewhere."""
    checks = {"database": _database_answers()}
    if settings.REDIS_URL:
        checks["redis"] = _redis_answers(settings.REDIS_URL)
    if settings.STORAGES["default"]["BACKEND"] == S3_BACKEND:
        from .storage import bucket_answers  # boto3 is imported only where it is used

        checks["storage"] = bucket_answers()
    queue: dict[str, int] | None = None
    if settings.TASK_QUEUE_URL:
        checks["task_queue"] = _redis_answers(settings.TASK_QUEUE_URL)
        if checks["task_queue"]:
            try:
                queue = tasks.counts()
            except redis.RedisError:
                checks["task_queue"] = False
    healthy = all(checks.values())
    body: dict[str, object] = {
        "status": "ok" if healthy else "unavailable",
        "checks": {name: "ok" if ok else "unavailable" for name, ok in checks.items()},
    }
    if replica.replica_in_use():
        # Reported, not judged: a replica that does not answer takes the monitor and the
        # exports down, not the dossiers, so it does not take this server out of the load
        # balancer (every server shares it). The operator is warned by the metric and can
        # set READ_FROM_REPLICA=false (docs/operations.md).
        lag = _replica_lag()
        body["replica"] = {
            "status": "ok" if lag is not None else "unavailable",
            "lag_seconds": lag,
        }
    if queue is not None:
        # How much waits for the worker: a growing figure means the worker is down or slow.
        body["task_queue"] = queue
    return JsonResponse(body, status=200 if healthy else 503)


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics (request counts and latency per view) for whoever holds
    METRICS_TOKEN as a bearer token. Without a token configured the endpoint does not exist."""
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        response = HttpResponse("Unauthorized", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    metrics: HttpResponse = ExportToDjangoView(request)
    return metrics
