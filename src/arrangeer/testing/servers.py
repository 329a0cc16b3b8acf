"""Real servers for the tests of a deployment: a Redis, an S3-compatible object store (moto in
server mode) and app servers (gunicorn), each on a free loopback port, stopped afterwards.

Without redis-server or moto the tests that need them are skipped on a developer's machine;
with CI=true that fails the run, so CI cannot pass without having run them."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[3]  # the checkout
S3_REGION = "eu-central-1"
S3_KEY_ID = "arrangeer-test"
S3_SECRET = "arrangeer-test-geheim"  # moto accepts any key


def unavailable(reason: str) -> None:
    """Skip, or fail with CI=true: CI must not pass without having run the test."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(
    port: int, *, seconds: float = 10, process: subprocess.Popen[Any] | None = None
) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError as error:
            if process is not None and process.poll() is not None:
                message = f"the server on port {port} stopped ({process.returncode})"
                raise RuntimeError(message) from error
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _stop(process: subprocess.Popen[Any], how: int | None = signal.SIGTERM) -> None:
    """Stop a server (`how=None`: it was already told to) and wait; kill it when it hangs."""
    if how is not None:
        process.send_signal(how)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def redis_server() -> Iterator[str]:
    """A Redis of the test's own on a free port, without persistence; yields its URL."""
    server = shutil.which("redis-server")
    if server is None:
        unavailable("redis-server is not installed (Debian's redis-server)")
    assert server is not None
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process=process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(process)


@contextmanager
def s3_server(bucket: str) -> Iterator[dict[str, str]]:
    """An S3-compatible server (moto in server mode, in a thread of this process) with one
    empty bucket; yields the environment that points Arrangeer's uploads at it."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        unavailable("moto's server is not installed (requirements-dev.txt)")
        raise
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        environment = {
            "S3_BUCKET": bucket,
            "S3_ENDPOINT_URL": f"http://127.0.0.1:{port}",
            "S3_REGION": S3_REGION,
            "S3_ACCESS_KEY_ID": S3_KEY_ID,
            "S3_SECRET_ACCESS_KEY": S3_SECRET,
        }
        s3_client(environment).create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": S3_REGION}
        )
        yield environment
    finally:
        server.stop()


def s3_client(environment: Mapping[str, str]) -> Any:
    """A plain boto3 client of the test's object store: to look at what Arrangeer stored."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=environment["S3_ENDPOINT_URL"],
        region_name=environment["S3_REGION"],
        aws_access_key_id=environment["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=environment["S3_SECRET_ACCESS_KEY"],
    )


def database_url(settings_dict: Mapping[str, Any]) -> str:
    """DATABASE_URL of a PostgreSQL connection's settings (the test database)."""
    user = quote(str(settings_dict.get("USER") or ""), safe="")
    password = quote(str(settings_dict.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{quote(str(settings_dict['NAME']), safe='')}"


@contextmanager
def app_servers(count: int, environment: Mapping[str, str], var_root: Path) -> Iterator[list[str]]:
    """`count` app servers (gunicorn, one worker each, this checkout's code), each with its
    own ARRANGEER_VAR_DIR (no local disk shared); yields their base URLs once each answers."""
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("S3_", "REDIS_", "DATABASE_", "DJANGO_", "PYTEST", "AWS_"))
    }
    processes: list[subprocess.Popen[Any]] = []
    logs: list[Any] = []
    urls: list[str] = []
    try:
        for number in range(count):
            port = free_port()
            var_dir = var_root / f"server-{number + 1}"
            var_dir.mkdir(parents=True)
            env = {
                **base,
                "PYTHONPATH": str(ROOT / "src"),
                "DJANGO_SETTINGS_MODULE": "arrangeer.conf.test",
                "ARRANGEER_VAR_DIR": str(var_dir),
                **environment,
            }
            command = [sys.executable, "-m", "gunicorn", "arrangeer.wsgi:application"]
            command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "30"]
            command += ["--graceful-timeout", "5"]
            command += ["--chdir", str(ROOT)]
            logs.append((var_dir / "server.log").open("wb"))
            processes.append(
                subprocess.Popen(command, env=env, stdout=logs[-1], stderr=subprocess.STDOUT)  # noqa: S603
            )
            urls.append(f"http://127.0.0.1:{port}")
        for process, url in zip(processes, urls, strict=True):
            try:
                wait_for_port(int(url.rsplit(":", 1)[1]), seconds=30, process=process)
            except (OSError, RuntimeError) as error:
                message = f"an app server did not start: {error}\n{server_logs(var_root)}"
                raise RuntimeError(message) from error
        yield urls
    finally:
        for process in processes:
            process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown, all at once
        for process in processes:
            _stop(process, None)
        for log in logs:
            log.close()


def server_logs(var_root: Path) -> str:
    """What the app servers wrote, to show when a test of them fails."""
    return "\n".join(
        f"--- {path.parent.name}\n{path.read_text(errors='replace')[-4000:]}"
        for path in sorted(var_root.glob("*/server.log"))
    )
