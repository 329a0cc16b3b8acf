"""The W3C Nu HTML Checker (vnu.jar, from npm: tools/html-check, installed by `make install`)
over pages the tests rendered. One Java start for all pages: the checker takes seconds to
start and milliseconds per page.

Without Java or the jar the check is skipped on a developer's machine; with CI=true it fails,
so CI cannot pass without having run it (like the browser tests)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

import pytest

JAR = Path(settings.BASE_DIR) / "tools/html-check/node_modules/vnu-jar/build/dist/vnu.jar"


@dataclass(frozen=True)
class Problem:
    page: str
    line: int
    message: str
    extract: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.message}  «{self.extract.strip()}»"


def require_checker() -> str:
    """The java command, or skip (fail with CI=true) when the checker cannot run here."""
    java = shutil.which("java")
    if java is None or not JAR.exists():
        missing = "java" if java is None else str(JAR)
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the HTML checker cannot run: {missing} not found.")
        pytest.skip(f"the HTML checker cannot run: {missing} not found (run `make install`)")
    return java


def check_pages(pages: dict[str, str]) -> list[Problem]:
    """Errors of the checker per page (warnings and info are not errors)."""
    java = require_checker()
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        names: dict[str, str] = {}
        for index, (name, html) in enumerate(pages.items()):
            path = Path(folder) / f"page{index:03d}.html"
            path.write_text(html, encoding="utf-8")
            names[path.as_uri().replace("file:///", "file:/")] = name
        result = subprocess.run(  # noqa: S603 - our own arguments, no shell
            [java, "-Xss8m", "-jar", str(JAR), "--format", "json", "--errors-only", folder],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    problems = []
    for message in report.get("messages", []):
        if message.get("type") != "error":
            continue
        url = message.get("url", "")
        problems.append(
            Problem(
                names.get(url, url),
                int(message.get("lastLine", 0)),
                message.get("message", ""),
                message.get("extract", ""),
            )
        )
    return problems
