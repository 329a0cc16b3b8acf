"""Work that is not the user's request: mail, reminders, the monitor's refresh after a write
(docs/adr/0008-task-queue.md, docs/operations.md).

A service registers a function with `@background` and asks for it with `on_commit(fn, ...)`:
the work is queued only once the service's transaction commits, so a rolled-back write sends
nothing and every write stays one transaction. The arguments are ids and short keys, never
model objects: what waits in the queue (Redis, with a worker) holds no child data, and the
function reads what it needs when it runs.

Without TASK_QUEUE_URL (`make run`, the tests) the work runs in the same process right after
the commit, as before. With it, the work waits in Redis for `manage.py worker`. Either way a
failure is logged (the function's name and the task id, never its arguments), retried
TASK_RETRIES times, and counted in the metrics; what failed every time is kept for an
operator (`manage.py worker --failed`, `--requeue-failed`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.core import mail
from django.db import close_old_connections, transaction

from huey import MemoryHuey, RedisHuey
from huey.api import Huey, Task
from huey.signals import SIGNAL_ERROR

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

# The failures kept for an operator (newest first), and how many of them.
FAILED_KEY = "arrangeer:tasks:failed"
FAILED_KEPT = 1000

_registry: dict[str, Callable[..., Any]] = {}
_failed_here: list[dict[str, Any]] = []
_failed_lock = threading.Lock()


def _make_queue() -> Huey:
    url = settings.TASK_QUEUE_URL
    if url:
        return RedisHuey("arrangeer", url=url, results=False, utc=True)
    # In this process, right after the commit (huey's immediate mode).
    return MemoryHuey("arrangeer", immediate=True, results=False, utc=True)


queue: Huey = _make_queue()


def uses_worker() -> bool:
    return bool(settings.TASK_QUEUE_URL)


def _name(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def background(fn: Callable[P, R]) -> Callable[P, R]:
    """Marks a module-level function as work `on_commit` may queue. The function stays an
    ordinary function (a command or a test may call it directly)."""
    _registry[_name(fn)] = fn
    return fn


def _plain(value: Any) -> bool:
    if value is None or isinstance(value, bool | int | str):
        return True
    if isinstance(value, list | tuple):
        return all(_plain(v) for v in value)
    return False


def on_commit(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Queue `fn(*args, **kwargs)` once the current transaction commits (at once outside one).
    Only ids, numbers, short strings and lists of them: a model object would put its fields,
    perhaps a child's, in the queue."""
    name = _name(fn)
    if _registry.get(name) is not fn:
        raise ValueError(f"{name} is not marked @background.")
    if not (_plain(args) and all(_plain(v) for v in kwargs.values())):
        raise TypeError(f"{name}: queue ids and plain values only, not objects.")
    transaction.on_commit(partial(_enqueue, name, list(args), dict(kwargs)))


def _enqueue(name: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    queue.enqueue(run.s(name, args, kwargs))


def _retry_delay() -> int:
    # With a worker a retry waits (a mail server that is down comes back); in this process
    # there is nothing to wait in, so it tries again at once.
    return settings.TASK_RETRY_SECONDS if uses_worker() else 0


@queue.task(retries=settings.TASK_RETRIES, retry_delay=_retry_delay(), retry_backoff=2)
def run(name: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    fn = _registry.get(name)
    if fn is None:
        # Not imported in this process: the worker loads every app's code (worker.py).
        raise LookupError(f"Unknown task {name}.")
    if not uses_worker():
        fn(*args, **kwargs)
        return
    # A worker thread keeps its own database connection: drop it when broken or too old.
    close_old_connections()
    try:
        fn(*args, **kwargs)
    finally:
        close_old_connections()


@queue.signal(SIGNAL_ERROR)
def _failed(signal: str, task: Task, exc: BaseException | None = None) -> None:
    name = task.args[0] if task.args else task.name
    if task.retries:
        logger.warning(
            "Task %s (%s) failed (%s); it will be retried %d more times.",
            name,
            task.id,
            type(exc).__name__,
            task.retries,
        )
        return
    logger.error("Task %s (%s) failed on every try (%s).", name, task.id, type(exc).__name__)
    record = {
        "id": task.id,
        "name": name,
        "args": task.args[1] if len(task.args) > 1 else [],
        "kwargs": task.args[2] if len(task.args) > 2 else {},
        "error": type(exc).__name__,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    if uses_worker():
        conn = queue.storage.conn
        conn.lpush(FAILED_KEY, json.dumps(record))
        conn.ltrim(FAILED_KEY, 0, FAILED_KEPT - 1)
    else:
        with _failed_lock:
            _failed_here.insert(0, record)
            del _failed_here[FAILED_KEPT:]


def failed() -> list[dict[str, Any]]:
    """What failed on every try, newest first: the function, its ids, the error's kind."""
    if uses_worker():
        return [json.loads(raw) for raw in queue.storage.conn.lrange(FAILED_KEY, 0, -1)]
    with _failed_lock:
        return list(_failed_here)


def requeue_failed() -> int:
    """Queue every kept failure again (after the cause is fixed); returns how many."""
    records = failed()
    if uses_worker():
        queue.storage.conn.delete(FAILED_KEY)
    else:
        with _failed_lock:
            _failed_here.clear()
    for record in reversed(records):
        _enqueue(record["name"], record["args"], record["kwargs"])
    return len(records)


def counts() -> dict[str, int]:
    """Waiting, waiting to be retried, failed on every try: for the metrics and the probe."""
    return {
        "pending": queue.pending_count(),
        "scheduled": queue.scheduled_count(),
        "failed": len(failed()) if not uses_worker() else queue.storage.conn.llen(FAILED_KEY),
    }


@background
def send_mail(subject: str, body: str, recipients: list[str]) -> None:
    """A composed mail that names no child (the callers' texts: a kind of news and a link)."""
    mail.send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def registered() -> Iterator[str]:
    return iter(sorted(_registry))
