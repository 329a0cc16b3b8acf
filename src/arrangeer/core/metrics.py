"""The task queue in the Prometheus metrics (/metrics): how much waits, how much waits to be
retried, how much failed on every try. Read from the queue at each scrape, so every app server
reports the same figures for a shared queue."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from django.db import DatabaseError

import redis
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from . import replica, tasks

logger = logging.getLogger(__name__)


class TaskQueueCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            counts = tasks.counts()
        except redis.RedisError as error:
            logger.warning("Metrics: the task queue does not answer (%s).", type(error).__name__)
            return
        yield GaugeMetricFamily(
            "arrangeer_task_queue_length", "Tasks waiting to run.", value=counts["pending"]
        )
        yield GaugeMetricFamily(
            "arrangeer_task_queue_retrying",
            "Failed tasks waiting for their next try.",
            value=counts["scheduled"],
        )
        yield GaugeMetricFamily(
            "arrangeer_task_queue_failed",
            "Tasks that failed on every try, kept for an operator (manage.py worker --failed).",
            value=counts["failed"],
        )


class ReplicaCollector(Collector):
    """Whether the read replica answers and how far it is behind (docs/operations.md). Nothing
    without a replica configured."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        if not replica.replica_in_use():
            return
        try:
            lag = replica.replica_lag()
        except DatabaseError as error:
            logger.warning("Metrics: the read replica does not answer (%s).", type(error).__name__)
            lag = None
        yield GaugeMetricFamily(
            "arrangeer_replica_up", "Whether the read replica answers.", value=lag is not None
        )
        if lag is not None:
            yield GaugeMetricFamily(
                "arrangeer_replica_lag_seconds",
                "Seconds since the last transaction the read replica replayed (0: caught up).",
                value=lag.total_seconds(),
            )
