"""When one machine is not enough (docs/operations.md): two app servers (gunicorn) against one
PostgreSQL, one Redis and one S3-compatible object store, each server with its own empty
local disk. A person logged in on one is logged in on the other; a file uploaded through one
is downloaded through the other, after the access check; who may not see it gets 404 on both;
a generated document is kept once, in the shared Redis.

Runs in the PostgreSQL pass of `make test` (the production database); without redis-server or
moto it is skipped, with CI=true it fails instead."""

from __future__ import annotations

import pickle
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.urls import reverse

import pytest
import redis
import requests
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from arrangeer.accounts.models import User
from arrangeer.audit.constants import Event
from arrangeer.audit.models import AccessLogEntry
from arrangeer.plans.models import Attachment
from arrangeer.testing.factories import PASSWORD
from arrangeer.testing.routes import ship_routes
from arrangeer.testing.servers import (
    app_servers,
    database_url,
    redis_server,
    s3_client,
    s3_server,
    server_logs,
)
from arrangeer.testing.world import World, build_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
    pytest.mark.django_db(transaction=True),
]

BUCKET = "arrangeer-uploads"
PDF = b"%PDF-1.4\n" + b"% verslag van groep 8\n" * 200 + b"1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TIMEOUT = 15  # seconds per request: a hung server fails the test instead of hanging it


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """One Redis, one object store and two app servers on the test's PostgreSQL database."""
    with redis_server() as redis_url, s3_server(BUCKET) as s3:
        environment = {
            "DATABASE_URL": database_url(connection.settings_dict),
            "REDIS_URL": redis_url,
            **s3,
        }
        with app_servers(2, environment, tmp_path) as urls:
            try:
                for url in urls:
                    _wait_until_ready(url)
                yield {"urls": urls, "s3": s3, "var": tmp_path, "redis": redis_url}
            except BaseException:
                print(server_logs(tmp_path))  # shown with the failure
                raise


def _wait_until_ready(url: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            response = requests.get(f"{url}{reverse('core:ready')}", timeout=TIMEOUT)
            if response.status_code == 200:
                return
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} did not become ready")
        time.sleep(0.1)


def _post(browser: requests.Session, url: str, data: dict[str, str], **kwargs: Any) -> Any:
    token = browser.cookies.get(settings.CSRF_COOKIE_NAME)
    assert token, "no CSRF cookie: open a page with a form first"
    return browser.post(
        url,
        data={**data, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=TIMEOUT,
        **kwargs,
    )


def _log_in(server: str, user: User) -> requests.Session:
    """Both steps of the login, through the pages of one server, like a browser."""
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    browser = requests.Session()
    login = f"{server}{reverse('accounts:login')}"
    assert browser.get(login, timeout=TIMEOUT).status_code == 200
    step_one = _post(browser, login, {"username": user.username, "password": PASSWORD})
    assert step_one.status_code == 302, step_one.text
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    step_two = _post(browser, f"{server}{reverse('accounts:verify')}", {"token": f"{code:06d}"})
    assert step_two.status_code == 302, step_two.text
    return browser


def _stored_files(var_root: Path) -> list[Path]:
    return [path for path in var_root.glob("server-*/media/**/*") if path.is_file()]


def test_two_app_servers_share_sessions_and_uploads_and_check_access_on_both(
    deployment: dict[str, Any],
) -> None:
    ship_routes()  # an earlier transactional test may have emptied the shipped routes
    world: World = build_world(with_plan=True)
    server_a, server_b = deployment["urls"]
    case = world.case.uuid

    # Both servers are ready and say what they checked: the database, Redis and the bucket.
    for server in (server_a, server_b):
        ready = requests.get(f"{server}{reverse('core:ready')}", timeout=TIMEOUT).json()
        assert ready["checks"] == {"database": "ok", "redis": "ok", "storage": "ok"}

    # Logged in on A, the same browser is logged in on B, which never saw it before.
    coordinator = _log_in(server_a, world.users["coordinator"])
    attachments = reverse("plans:attachments", kwargs={"case_id": case})
    page_b = coordinator.get(f"{server_b}{attachments}", allow_redirects=False, timeout=TIMEOUT)
    assert page_b.status_code == 200
    assert "Sem" in page_b.text

    # Uploaded through A: in the bucket, encrypted, private, on neither server's disk.
    uploaded = _post(
        coordinator,
        f"{server_a}{attachments}",
        {"description": "Verslag groep 8", "category": "onderwijs"},
        files={"file": ("verslag.pdf", PDF, "application/pdf")},
    )
    assert uploaded.status_code == 302, uploaded.text
    attachment = Attachment.objects.get(plan__case=world.case, description="Verslag groep 8")
    bucket = s3_client(deployment["s3"])
    stored = bucket.head_object(Bucket=BUCKET, Key=attachment.file.name)
    assert stored["ContentLength"] == len(PDF)
    assert stored["ServerSideEncryption"] == "AES256"
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=attachment.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only
    assert "URI" not in grants[0]["Grantee"]  # no AllUsers or AuthenticatedUsers group
    assert _stored_files(deployment["var"]) == []

    # Downloaded through B, after B's access check, and written in the access log.
    download = reverse(
        "plans:attachment", kwargs={"case_id": case, "attachment_id": attachment.uuid}
    )
    before = AccessLogEntry.objects.filter(event=Event.EXPORT).count()
    file_b = coordinator.get(f"{server_b}{download}", allow_redirects=False, timeout=TIMEOUT)
    assert file_b.status_code == 200
    assert file_b.content == PDF
    assert file_b.headers["Content-Type"] == "application/pdf"
    assert 'attachment; filename="verslag.pdf"' in file_b.headers["Content-Disposition"]
    assert AccessLogEntry.objects.filter(event=Event.EXPORT).count() == before + 1

    # A generated document built on A is kept in the one Redis, and B serves that one.
    document = reverse("plans:pdf", kwargs={"case_id": case}) + "?versie=1"
    built = coordinator.get(f"{server_a}{document}", allow_redirects=False, timeout=TIMEOUT)
    assert built.status_code == 200
    assert built.content.startswith(b"%PDF-")
    shared = redis.Redis.from_url(deployment["redis"])
    kept = shared.keys("arrangeer-documents:*groeidocument:*")
    assert len(kept) == 1
    shared.set(kept[0], pickle.dumps(b"%PDF- as kept in Redis"), keepttl=True)
    served = coordinator.get(f"{server_b}{document}", allow_redirects=False, timeout=TIMEOUT)
    assert served.content == b"%PDF- as kept in Redis"
    shared.close()

    # A teacher of another school, logged in on B: the file does not exist for them, on
    # either server; without a login, both send to the login page.
    outsider = _log_in(server_b, world.users["teacher_other_school"])
    for server in (server_a, server_b):
        refused = outsider.get(f"{server}{download}", allow_redirects=False, timeout=TIMEOUT)
        assert refused.status_code == 404
        assert PDF not in refused.content
        anonymous = requests.get(f"{server}{download}", allow_redirects=False, timeout=TIMEOUT)
        assert anonymous.status_code == 302
        assert reverse("accounts:login") in anonymous.headers["Location"]

    # Logged out on B, the browser is logged out on A too.
    logout = _post(coordinator, f"{server_b}{reverse('accounts:logout')}", {})
    assert logout.status_code == 302
    after = coordinator.get(f"{server_a}{download}", allow_redirects=False, timeout=TIMEOUT)
    assert after.status_code == 302
