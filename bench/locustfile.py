"""The mixed workload of `make bench-load` (issue 21): people who read, edit through the API,
search, export and open a meeting, each waiting 5 to 15 seconds between requests as a person
does (BENCH_THINK_MIN/BENCH_THINK_MAX, set from `--think`; 0 and 0 for a saturation run). The
sessions, token and addresses come from var/bench-load-plan.json (bench/load.py)."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

PLAN: dict[str, Any] = json.loads(
    Path(os.environ.get("BENCH_LOAD_PLAN", "var/bench-load-plan.json")).read_text()
)
THINK = (
    float(os.environ.get("BENCH_THINK_MIN", "5")),
    float(os.environ.get("BENCH_THINK_MAX", "15")),
)


class Professional(HttpUser):
    wait_time = between(*THINK)

    def on_start(self) -> None:
        self.persona = random.choice(PLAN["personas"])
        self.client.cookies.set(PLAN["session_cookie"], self.persona["session"])

    def _get(self, url: str, name: str) -> None:
        self.client.get(url, name=name)

    # 60% reads: the list pages and single-case pages of the persona.
    @task(20)
    def my_cases(self) -> None:
        self._get(self.persona["my_cases"], "my cases")

    @task(15)
    def my_actions(self) -> None:
        self._get(self.persona["my_actions"], "my actions")

    @task(25)
    def dossier(self) -> None:
        self._get(random.choice(self.persona["dossiers"]), "dossier page")

    # 20% API edits: read the case, change a flag with the ETag in If-Match.
    @task(20)
    def api_edit(self) -> None:
        edit = random.choice(PLAN["edits"])
        headers = {"Authorization": f"Bearer {PLAN['token']}"}
        read = self.client.get(edit["url"], headers=headers, name="API case (read)")
        etag = read.headers.get("ETag")
        if read.status_code != 200 or not etag:
            return
        flag = not read.json().get("is_complex", False)
        with self.client.patch(
            edit["url"],
            json={"is_complex": flag},
            headers={**headers, "If-Match": etag},
            name="API case (edit, If-Match)",
            catch_response=True,
        ) as response:
            # Two people editing the same case at once: the second gets 412, as designed.
            if response.status_code in (200, 412):
                response.success()

    # 10% search.
    @task(10)
    def search(self) -> None:
        self._get(self.persona["my_cases"] + "?q=" + random.choice(PLAN["searches"]), "search")

    # 5% exports.
    @task(5)
    def export(self) -> None:
        self._get(random.choice(PLAN["exports"]), "export (FHIR, PDF)")

    # 5% meeting pages.
    @task(5)
    def meeting(self) -> None:
        self._get(PLAN["meeting"], "meeting page")
