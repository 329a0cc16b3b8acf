"""A vrijstelling van de leerplicht: the leerplichtambtenaar on the team records it on the case
(ground, from, until), in one transaction with an access-log record; who reads the case's
education data sees it on the dossier; nobody else records one."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases.access import Actor, access_case
from arrangeer.referrals import exemptions
from arrangeer.referrals.constants import ExemptionGround
from arrangeer.referrals.models import Exemption

pytestmark = pytest.mark.django_db


def _access(world, persona: str):
    return access_case(Actor(world.users[persona]), world.case.uuid)


def test_leerplicht_records_a_vrijstelling_with_who_and_when_and_it_is_logged(world):
    starts = timezone.localdate()
    exemption = exemptions.record_exemption(
        _access(world, "leerplicht"),
        ground=ExemptionGround.PHYSICAL_MENTAL,
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=365),
        note="  Verklaring van de jeugdarts ontvangen  ",
    )
    assert (exemption.by, exemption.by_organisation, exemption.note) == (
        world.users["leerplicht"],
        world.leerplicht_office.name,
        "Verklaring van de jeugdarts ontvangen",
    )
    entry = AccessLogEntry.objects.get(object_id=str(exemption.uuid))
    assert (entry.event, entry.object_type, entry.data_category) == (
        "create",
        "exemption",
        "onderwijs",
    )


@pytest.mark.parametrize("persona", ["coordinator", "teacher"])
def test_only_the_leerplichtambtenaar_records_one(world, persona):
    with pytest.raises(PermissionDenied):
        exemptions.record_exemption(
            _access(world, persona), ground="5a", starts_on=timezone.localdate()
        )
    assert not Exemption.objects.exists()


def test_an_end_before_the_start_or_an_unknown_ground_is_refused(world, english):
    access = _access(world, "leerplicht")
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        exemptions.record_exemption(access, ground="5a", starts_on=today, ends_on=today)
    assert error.value.message_dict == {"ends_on": ["The end date must be after the start date."]}
    with pytest.raises(ValidationError) as error:
        exemptions.record_exemption(access, ground="7", starts_on=today)
    assert "ground" in error.value.message_dict
    assert not Exemption.objects.exists()


def test_the_page_records_one_and_the_dossier_shows_it_to_education_readers(world, verified_client):
    url = reverse("exemptions:overview", kwargs={"case_id": world.case.uuid})
    client = verified_client(world.users["leerplicht"])
    refused = client.post(url, {"ground": "5c", "starts_on": "2026-03-01", "ends_on": "2026-02-01"})
    assert refused.status_code == 200
    # The message in Dutch, the product's language.
    assert "De einddatum moet na de begindatum liggen." in refused.content.decode()
    done = client.post(url, {"ground": "5c", "starts_on": "2026-03-01", "note": ""})
    assert done.status_code == 302
    assert Exemption.objects.get().ground == ExemptionGround.ABROAD
    dossier = reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    teacher = verified_client(world.users["teacher"])
    text = teacher.get(dossier).content.decode()
    assert 'data-testid="exemptions-section"' in text and "Art. 5" in text
    # The teacher reads it but records nothing: no form, and a post is refused.
    assert 'name="ground"' not in teacher.get(url).content.decode()
    assert teacher.post(url, {"ground": "5a", "starts_on": "2026-03-01"}).status_code == 404
    assert Exemption.objects.count() == 1


def test_who_does_not_read_the_education_data_does_not_see_it(world, verified_client):
    exemptions.record_exemption(
        _access(world, "leerplicht"), ground="5a", starts_on=timezone.localdate()
    )
    client = verified_client(world.users["youth_worker"])
    url = reverse("exemptions:overview", kwargs={"case_id": world.case.uuid})
    assert client.get(url).status_code == 404
    dossier = client.get(reverse("cases:detail", kwargs={"case_id": world.case.uuid}))
    assert 'data-testid="exemptions-section"' not in dossier.content.decode()
