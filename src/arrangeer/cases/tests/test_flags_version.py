"""What needs attention (the case's flags) with optimistic concurrency in one way: the service
checks the version the caller read, the page keeps what was chosen and shows what is saved
now, and the API's ETag is that version (If-Match: 428 without it, 412 when stale)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

import pytest

from arrangeer.api import services as api_services
from arrangeer.cases import services
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.models import Case
from arrangeer.core.models_util import StaleVersion
from arrangeer.testing.world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build_world()
    # Nothing needs attention yet, so each test says what changes.
    services.update_flags(access_case(Actor(world.coordinator), world.case.uuid), flags={})
    return world


def _regie(world: World):
    return access_case(Actor(world.coordinator), world.case.uuid)


def _version(world: World) -> int:
    return Case.objects.values_list("flags_version", flat=True).get(pk=world.case.pk)


def test_a_change_raises_the_version_and_a_stale_one_is_refused_without_a_change(world):
    read = _version(world)
    services.update_flags(_regie(world), flags={"has_absence": True}, expected_version=read)
    assert _version(world) == read + 1
    # Saving the same again changes nothing, so the version stays.
    services.update_flags(_regie(world), flags={"has_absence": True}, expected_version=read + 1)
    assert _version(world) == read + 1
    with pytest.raises(StaleVersion) as stale:
        services.update_flags(
            _regie(world), flags={"has_absence": True, "is_complex": True}, expected_version=read
        )
    assert stale.value.current_version == read + 1
    case = Case.objects.get(pk=world.case.pk)
    assert case.has_absence and not case.is_complex


def test_the_flags_page_keeps_what_was_chosen_when_someone_saved_in_between(world, verified_client):
    client = verified_client(world.coordinator)
    url = reverse("cases:flags", kwargs={"case_id": world.case.uuid})
    form = client.get(url).context["form"]
    read = form.initial["version"]
    assert f'name="version" value="{read}"' in client.get(url).content.decode()
    # Someone else marks absence while this page is open.
    services.update_flags(_regie(world), flags={"has_absence": True})
    mine = {"is_complex": "on", "version": str(read)}
    refused = client.post(url, mine)
    assert refused.status_code == 409
    page = refused.content.decode()
    assert 'data-testid="conflict"' in page
    assert "Iemand anders heeft gewijzigd wat aandacht vraagt" in page
    # What this person chose is still chosen; the hidden version is now the saved one.
    assert refused.context["form"]["is_complex"].value() is True
    assert f'name="version" value="{read + 1}"' in page
    # Shown side by side where what is saved now differs from what was chosen.
    fields = refused.context["form"].fields
    differences = {d.label: (d.typed, d.saved) for d in refused.context["conflict"].differences}
    assert differences == {
        str(fields["is_complex"].label): ("ja", "nee"),
        str(fields["has_absence"].label): ("nee", "ja"),
    }
    case = Case.objects.get(pk=world.case.pk)
    assert case.has_absence and not case.is_complex
    # Saving again from the page as it is now is a deliberate choice, and is kept.
    again = client.post(url, {"is_complex": "on", "version": str(read + 1)})
    assert again.status_code == 302
    case.refresh_from_db()
    assert case.is_complex and not case.has_absence


def test_the_api_etag_is_the_flags_version(world):
    user = world.coordinator
    _record, raw = api_services.create_token(
        user=user, membership=user.memberships.first(), name="test", days=1
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")
    url = reverse("api:case", kwargs={"case_id": world.case.uuid})
    read = _version(world)
    etag = client.get(url)["ETag"]
    assert etag == f'"{world.case.uuid}-{read}"'
    # The page saves in between: the API's read is stale.
    services.update_flags(_regie(world), flags={"has_absence": True})
    stale = client.patch(
        url, {"is_complex": True}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert "Someone else changed what needs attention" in stale.json()["detail"]
    fresh = client.get(url)["ETag"]
    done = client.patch(
        url, {"is_complex": True}, content_type="application/json", HTTP_IF_MATCH=fresh
    )
    assert done.status_code == 200
    assert done["ETag"] == f'"{world.case.uuid}-{read + 2}"'
    assert done.json()["is_complex"] and done.json()["has_absence"]
