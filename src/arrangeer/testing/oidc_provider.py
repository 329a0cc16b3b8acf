"""The test OpenID Connect provider (tools/oidc-provider: panva's certified oidc-provider on
Node, installed by `make install`), started on 127.0.0.1 on free ports for the tests: a
"DigiD (testomgeving)" issuer and an organisation-account issuer, over real HTTP.

Without Node or the installed provider the tests that need it are skipped on a developer's
machine; with CI=true that fails the run, so CI cannot pass without having run them."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from django.conf import settings

import pytest
import requests

TOOL = Path(settings.BASE_DIR) / "tools/oidc-provider"
CLIENT_SECRET = "arrangeer-test-geheim"

# The test people of tools/oidc-provider/users.json.
PARENT_BSN = "999990019"
YOUNG_PERSON_BSN = "123456782"  # Lotte Kramer of the demo
UNKNOWN_BSN = "999990032"
COORDINATOR_EMAIL = "coordinator@demo.arrangeer.invalid"
FORMER_EMPLOYEE_EMAIL = "oud-medewerker@demo.arrangeer.invalid"


@dataclass(frozen=True)
class TestProvider:
    __test__ = False  # a fixture's value, not a test class

    digid_issuer: str
    organisation_issuer: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the test OpenID Connect provider cannot run: {reason}")
    pytest.skip(f"the test OpenID Connect provider cannot run: {reason}")


@contextmanager
def running_provider() -> Iterator[TestProvider]:
    node = shutil.which("node")
    if node is None:
        _unavailable("node not found")
    if not (TOOL / "node_modules/oidc-provider/package.json").exists():
        _unavailable("not installed (make install)")
    command = [
        str(node),
        str(TOOL / "server.mjs"),
        "--digid-port",
        str(_free_port()),
        "--organisation-port",
        str(_free_port()),
    ]
    process = subprocess.Popen(  # noqa: S603
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.match(r"ready (\S+) (\S+)", line)
        if match is None:
            raise RuntimeError(f"the test provider did not start: {line!r}")
        yield TestProvider(digid_issuer=match[1], organisation_issuer=match[2])
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


class _Form(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.action = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "form" and not self.action:
            self.action = dict(attrs).get("action") or ""


def log_in_at_provider(authorize_url: str, person: str, *, level: str = "substantieel") -> str:
    """Walk the provider's own pages as a person would (pick a test person, log in) and return
    where the provider sends them back: the site's callback with code and state."""
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=True, timeout=10)
    response.raise_for_status()
    form = _Form()
    form.feed(response.text)
    response = browser.post(
        urljoin(response.url, form.action),
        data={"account": person, "niveau": level},
        allow_redirects=False,
        timeout=10,
    )
    # The provider redirects through its own endpoints, then to the site.
    for _ in range(10):
        location = urljoin(response.url, response.headers["Location"])
        if "/oidc/" not in location and "/inloggen/terug/" in location:
            return location
        response = browser.get(location, allow_redirects=False, timeout=10)
    raise AssertionError("the provider did not send the person back")
