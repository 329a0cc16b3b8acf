"""The whole file's PDF, built in the task queue: asked for, prepared, downloaded by the one who
asked only, logged, and deleted after 24 hours."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases import file_exports, regie
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.models import FileExport, FileExportStatus
from arrangeer.testing.auth import login_verified
from arrangeer.testing.pdf import pdf_text
from arrangeer.testing.world import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world(with_plan=True)


def _status_url(world: World) -> str:
    return reverse("cases:export_pdf", kwargs={"case_id": world.case.uuid})


def _download_url(world: World, made: FileExport) -> str:
    return reverse(
        "cases:export_pdf_download", kwargs={"case_id": world.case.uuid, "export_id": made.uuid}
    )


def _ask(world: World, capture, client: Client | None = None) -> FileExport:
    client = client or login_verified(Client(), world.coordinator)
    with capture(execute=True):
        assert client.post(_status_url(world)).status_code == 302
    return FileExport.objects.filter(case=world.case).latest("requested_at", "pk")


def test_asked_prepared_then_ready_and_downloaded_by_who_asked(
    world, django_capture_on_commit_callbacks
):
    client = login_verified(Client(), world.coordinator)
    assert b"Prepare a PDF" not in client.get(_status_url(world)).content  # Dutch page
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(_status_url(world))
    assert response.status_code == 302 and response["Location"] == _status_url(world)
    made = FileExport.objects.get(case=world.case)
    assert (made.status, made.requested_by, made.file.name) == ("waiting", world.coordinator, "")
    # Before the task ran: the page says so and refreshes itself.
    page = client.get(_status_url(world)).content.decode()
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "wordt gemaakt" in page
    assert "file-export-download" not in page

    for callback in queued:
        callback()  # the task queue's turn (immediate mode: in this process)
    made.refresh_from_db()
    assert made.status == FileExportStatus.READY and made.finished_at is not None
    assert made.file.name.startswith("exports/") and "Sem" not in made.file.name
    page = client.get(_status_url(world)).content.decode()
    assert "http-equiv" not in page
    assert _download_url(world, made) in page

    download = client.get(_download_url(world, made))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    body = b"".join(download.streaming_content)
    assert "Sem Vermeer" in pdf_text(body)

    logged = AccessLogEntry.objects.filter(case_ref=world.case.uuid, event="export")
    built = logged.get(object_type="file")
    assert (built.user_id, built.channel) == (world.coordinator.pk, "command")
    downloaded = logged.get(object_type="file_export")
    assert (downloaded.user_id, downloaded.object_id) == (world.coordinator.pk, str(made.uuid))
    assert (downloaded.outcome, downloaded.channel) == ("allowed", "web")


@pytest.mark.parametrize("persona", ["teacher", "youth_worker", "swv_specialist"])
def test_no_one_else_on_the_team_downloads_it(world, django_capture_on_commit_callbacks, persona):
    made = _ask(world, django_capture_on_commit_callbacks)
    other = login_verified(Client(), world.users[persona])
    assert other.get(_download_url(world, made)).status_code == 404
    assert other.get(_status_url(world)).status_code == 404  # regisseur only
    downloads = AccessLogEntry.objects.filter(object_type="file_export", event="export")
    assert not downloads.filter(outcome="allowed").exists()
    # The refused download in the log: who, the case, the export asked for.
    refused = downloads.get(outcome="denied")
    assert (refused.user_id, refused.case_ref, refused.object_id) == (
        world.users[persona].pk,
        world.case.uuid,
        str(made.uuid),
    )


def _same_page(response, asked: str) -> tuple[int, str]:
    """The answer without what differs per request (the CSRF token, the address asked)."""
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return response.status_code, body.replace(asked, "ASKED")


def _refusals(world: World, user) -> list[tuple[str, str]]:
    return list(
        AccessLogEntry.objects.filter(
            user_id=user.pk, case_ref=world.case.uuid, object_type="file_export", event="export"
        ).values_list("outcome", "object_id")
    )


def test_a_new_regisseur_does_not_get_the_former_regisseurs_pdf(
    world, django_capture_on_commit_callbacks
):
    made = _ask(world, django_capture_on_commit_callbacks)
    transfer = regie.propose_regie_transfer(
        access_case(Actor(world.coordinator), world.case.uuid),
        to_member=world.members["youth_worker"],
        reason="Zorg staat voorop",
    )
    regie.accept_regie_transfer(
        access_case(Actor(world.users["youth_worker"]), world.case.uuid), transfer
    )
    new_regisseur = login_verified(Client(), world.users["youth_worker"])
    assert new_regisseur.get(_status_url(world)).status_code == 200
    refused = new_regisseur.get(_download_url(world, made))
    assert refused.status_code == 404
    # Let in at the case's door, refused the other person's export: that refusal is logged,
    # under the place on the team, and nothing is logged as downloaded.
    assert _refusals(world, world.users["youth_worker"]) == [("denied", str(made.uuid))]
    logged = AccessLogEntry.objects.get(user_id=world.users["youth_worker"].pk, outcome="denied")
    place = world.members["youth_worker"].membership
    assert (logged.organisation_id, logged.role) == (place.organisation_id, place.role)
    # And the one who asked is no longer the regisseur: no longer theirs either.
    former = login_verified(Client(), world.coordinator)
    before = _refusals(world, world.coordinator)
    assert former.get(_download_url(world, made)).status_code == 404
    assert _refusals(world, world.coordinator) == [*before, ("denied", str(made.uuid))]
    # An unknown export answers the same 404: the refusal does not tell whether it exists.
    unknown = reverse(
        "cases:export_pdf_download",
        kwargs={"case_id": world.case.uuid, "export_id": "00000000-0000-4000-8000-000000000000"},
    )
    other = new_regisseur.get(unknown)
    assert other.status_code == 404
    assert _same_page(other, unknown) == _same_page(refused, _download_url(world, made))
    assert _refusals(world, world.users["youth_worker"])[-1] == (
        "denied",
        "00000000-0000-4000-8000-000000000000",
    )


def test_the_build_checks_access_again_and_fails_with_a_dutch_message(
    world, django_capture_on_commit_callbacks
):
    client = login_verified(Client(), world.coordinator)
    with mock.patch.object(file_exports, "file_pdf", side_effect=RuntimeError("kapot")):
        made = _ask(world, django_capture_on_commit_callbacks, client)
    made.refresh_from_db()
    assert made.status == FileExportStatus.FAILED and not made.file
    page = client.get(_status_url(world)).content.decode()
    assert "kon niet worden gemaakt" in page and "http-equiv" not in page


def test_the_pdf_is_deleted_after_24_hours(world, django_capture_on_commit_callbacks):
    client = login_verified(Client(), world.coordinator)
    made = _ask(world, django_capture_on_commit_callbacks, client)
    stored = made.file.name
    assert default_storage.exists(stored)
    later = timezone.now() + dt.timedelta(hours=24, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        # A new session: the old one has timed out by then.
        client = login_verified(Client(), world.coordinator)
        assert client.get(_download_url(world, made)).status_code == 404
        # Expired: the owner's own attempt is refused, and logged as such.
        assert _refusals(world, world.coordinator)[-1] == ("denied", str(made.uuid))
        assert "geen PDF van dit dossier" in client.get(_status_url(world)).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("apply_retention", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not default_storage.exists(stored)
    made.refresh_from_db()
    assert made.file.name == ""  # the record of who asked stays, without the file


def test_the_next_request_deletes_expired_pdfs_too(world, django_capture_on_commit_callbacks):
    client = login_verified(Client(), world.coordinator)
    first = _ask(world, django_capture_on_commit_callbacks, client)
    stored = first.file.name
    FileExport.objects.filter(pk=first.pk).update(
        requested_at=timezone.now() - dt.timedelta(hours=25)
    )
    second = _ask(world, django_capture_on_commit_callbacks, client)
    assert second.pk != first.pk and second.status == FileExportStatus.READY
    assert not default_storage.exists(stored)
    assert default_storage.exists(second.file.name)
    page = client.get(_status_url(world)).content.decode()
    assert re.search(re.escape(_download_url(world, second)), page)


def test_a_destroyed_case_takes_its_pdf_with_it(world, django_capture_on_commit_callbacks):
    made = _ask(world, django_capture_on_commit_callbacks)
    stored = made.file.name
    with django_capture_on_commit_callbacks(execute=True):
        FileExport.objects.filter(pk=made.pk).delete()
    assert not default_storage.exists(stored)
