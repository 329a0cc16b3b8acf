"""The task queue (docs/adr/0008-task-queue.md): work queued on commit, ids only, retried and
visible when it fails; and one real worker against Redis (skipped without redis-server, a
failure with CI=true)."""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

import pytest
import redis

from arrangeer.core import tasks
from arrangeer.testing.servers import ROOT, database_url, redis_server

METRICS_TOKEN = "m" * 40

calls: list[tuple[Any, ...]] = []


@tasks.background
def _remember(number: int, words: list[str]) -> None:
    calls.append((number, words))


@tasks.background
def _fails(number: int) -> None:
    calls.append(("try", number))
    raise ConnectionError("the mail server does not answer")


@pytest.fixture(autouse=True)
def _clean() -> Any:
    calls.clear()
    with tasks._failed_lock:
        tasks._failed_here.clear()
    yield
    with tasks._failed_lock:
        tasks._failed_here.clear()


@pytest.mark.django_db(transaction=True)
def test_work_runs_only_after_the_write_commits() -> None:
    with transaction.atomic():
        tasks.on_commit(_remember, 1, ["a"])
        assert calls == []
    assert calls == [(1, ["a"])]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_queues_nothing() -> None:
    def write_that_fails() -> None:
        with transaction.atomic():
            tasks.on_commit(_remember, 2, [])
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_that_fails()
    assert calls == []


def test_only_ids_and_plain_values_enter_the_queue() -> None:
    class Child:
        name = "Sem Vermeer"

    with pytest.raises(TypeError):
        tasks.on_commit(_remember, Child(), [])
    with pytest.raises(TypeError):
        tasks.on_commit(_remember, 1, words={"name": "Sem"})


def test_only_marked_functions_can_be_queued() -> None:
    def not_marked() -> None:  # pragma: no cover - never runs
        pass

    with pytest.raises(ValueError, match="not marked"):
        tasks.on_commit(not_marked)


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_is_retried_then_kept_and_counted(
    settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.METRICS_TOKEN = METRICS_TOKEN
    with transaction.atomic():
        tasks.on_commit(_fails, 7)
    # The first try and TASK_RETRIES more, at once in this process.
    assert calls == [("try", 7)] * (settings.TASK_RETRIES + 1)
    [kept] = tasks.failed()
    assert kept["name"].endswith("._fails") and kept["args"] == [7]
    assert kept["error"] == "ConnectionError"
    assert "failed on every try" in caplog.text
    # The log names the task, not its arguments.
    [final] = [r for r in caplog.records if "every try" in r.getMessage()]
    assert isinstance(final.args, tuple) and 7 not in final.args
    body = (
        Client()
        .get(reverse("core:metrics"), headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
        .content.decode()
    )
    assert "arrangeer_task_queue_failed 1.0" in body
    assert "arrangeer_task_queue_length 0.0" in body
    # An operator queues it again once the cause is fixed.
    calls.clear()
    assert tasks.requeue_failed() == 1
    assert calls[0] == ("try", 7)
    assert len(tasks.failed()) == 1  # failed again, kept again


def test_every_queued_function_of_the_apps_is_registered() -> None:
    from arrangeer.core.management.commands.worker import load_every_task

    load_every_task()
    names = set(tasks.registered())
    for expected in (
        "arrangeer.core.tasks.send_mail",
        "arrangeer.cases.notices._mail",
        "arrangeer.cases.services._tell_about_emergency",
        "arrangeer.meetings.invitations.send_invitations",
        "arrangeer.meetings.invitations.send_cancellations",
        "arrangeer.monitor.receivers.refresh",
        "arrangeer.quality.services._tell_reporter",
        "arrangeer.quality.services._tell_handlers",
        "arrangeer.referrals.mail._mail",
        "arrangeer.loket.services._tell",
    ):
        assert expected in names


# --- A real worker against Redis ---------------------------------------------------------------


def _environment(url: str) -> dict[str, str]:
    """The app's and the worker's: development settings, whose mail goes to standard output."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "arrangeer.conf.dev",
        "DATABASE_URL": database_url(connection.settings_dict),
        "TASK_QUEUE_URL": url,
        "TASK_RETRIES": "1",
        "TASK_RETRY_SECONDS": "1",
    }


def _queue_from_the_app(environment: dict[str, str], emergency_ids: list[int]) -> None:
    """What a service does in the app server: queue after its transaction commits."""
    script = (
        "import django; django.setup()\n"
        "from django.db import transaction\n"
        "from arrangeer.cases import services\n"
        "from arrangeer.core import tasks\n"
        f"for pk in {emergency_ids!r}:\n"
        "    with transaction.atomic():\n"
        "        tasks.on_commit(services._tell_about_emergency, pk)\n"
    )
    subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, env=environment, check=True, timeout=60
    )


def _wait_for(condition: Any, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the worker did not finish in time")
        time.sleep(0.2)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_the_mail_the_app_queued_in_redis(tmp_path: Path) -> None:
    """The app queues the emergency-access mail and one that cannot be sent (its record is
    gone); Redis holds the function's name and ids only; the worker (another process) sends
    the first, retries the second once and keeps it as failed, visible to an operator."""
    from arrangeer.testing.world import build_world

    world = build_world()
    assert world.emergency is not None
    child_name = world.case.child.first_name
    with redis_server() as url:
        environment = _environment(url)
        _queue_from_the_app(environment, [world.emergency.pk, 987654321])
        client = redis.Redis.from_url(url)
        [queue_key] = client.keys("huey.redis.*")
        waiting = client.lrange(queue_key, 0, -1)
        assert len(waiting) == 2
        for raw in waiting:
            assert child_name.encode() not in raw and b"@" not in raw
            message = pickle.loads(raw)  # noqa: S301 - our own queue
            assert message.args[0] == "arrangeer.cases.services._tell_about_emergency"
            assert message.args[1] in ([world.emergency.pk], [987654321])

        log = tmp_path / "worker.log"
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--threads", "1"],
            cwd=ROOT,
            env=environment,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(lambda: client.llen(tasks.FAILED_KEY) == 1)
        finally:
            worker.send_signal(signal.SIGINT)
            worker.wait(timeout=20)
        output = log.read_text()
        # The regisseur's mail, sent (in Dutch, the regisseur's language).
        assert f"To: {world.case.regisseur.email}" in output
        assert "Subject: Noodtoegang" in output
        assert child_name not in output
        assert client.llen(queue_key) == 0
        [failed] = [json.loads(raw) for raw in client.lrange(tasks.FAILED_KEY, 0, -1)]
        assert failed["args"] == [987654321] and failed["error"] == "DoesNotExist"
        # The worker lists it for an operator.
        listed = subprocess.run(
            [sys.executable, "manage.py", "worker", "--failed"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        assert '"args": [987654321]' in listed.stdout
