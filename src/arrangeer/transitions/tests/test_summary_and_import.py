"""The handover summary (PDF text and JSON) and reading in an OSO-shaped pupil file, with bad
input refused as a whole."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from arrangeer.cases.access import Actor, access_case
from arrangeer.organisations.models import Membership
from arrangeer.testing.pdf import pdf_text
from arrangeer.transitions import services
from arrangeer.transitions.models import PupilFileImport

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "samples" / "overstapdossier.json"


def sample(world, **changes) -> dict:
    data = json.loads(
        SAMPLE.read_text().replace("GEBOORTEDATUM", world.child.date_of_birth.isoformat())
    )
    for path, value in changes.items():
        target = data
        *parents, last = path.split("__")
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if value is None:
            del target[last]
        else:
            target[last] = value
    return data


def url(world, name: str) -> str:
    return reverse(name, kwargs={"case_id": world.case.uuid})


@pytest.fixture
def consented(world):
    access = access_case(Actor(world.coordinator), world.case.uuid)
    transition = services.propose_receiving_school(
        access,
        membership=Membership.objects.get(user=world.users["receiver"]),
        handover_mdo_on=timezone.localdate() + dt.timedelta(days=20),
    )
    return services.record_handover_consent(
        access,
        transition,
        representative=world.parent,
        by_child=True,
        categories=["onderwijs"],
        evidence="signed_form",
    )


def upload(client, world, data: object, name: str = "dossier.json"):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return client.post(
        url(world, "transitions:import"),
        {"file": SimpleUploadedFile(name, body, content_type="application/json")},
    )


def test_the_summary_pdf_holds_the_report_parts_within_what_the_maker_may_see(
    world, login, consented
):
    response = login("receiver").get(url(world, "transitions:summary_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Sem Vermeer" in text
    assert "VERTROUWELIJK" in text  # a child's data: marked on every page
    # The parts of an onderwijskundig rapport, in Dutch for the receiving school.
    for part in ("Personalia", "Schoolloopbaan", "Ondersteuning", "Toetsresultaten"):
        assert part in text, part
    assert "Het Test College" in text
    # The plan: the education goal and module the receiver may see, not the youth care.
    assert "Leesbegeleiding in de klas" in text
    assert "Jeugdzorgmodule" not in text


def test_the_summary_json_is_structured_in_the_same_parts(world, login, consented):
    response = login("coordinator").get(url(world, "transitions:summary_json"))
    data = json.loads(response.content)
    assert data["format"] == "arrangeer-overdracht/1"
    keys = [part["key"] for part in data["parts"]]
    assert keys == ["personal", "school_career", "support", "test_results", "goals", "modules"]
    modules = next(p for p in data["parts"] if p["key"] == "modules")
    assert [r["title"] for r in modules["records"]] == ["Leesbegeleiding in de klas"]


def test_a_pupil_file_is_read_in_and_goes_into_the_summary(world, login, consented):
    client = login("receiver")
    response = upload(client, world, sample(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    imported = PupilFileImport.objects.get()
    assert imported.sending_brin == "12AB"
    assert imported.test_results[0]["score"] == "54"
    text = pdf_text(client.get(url(world, "transitions:summary_pdf")).content)
    assert "Drie-Minuten-Toets" in text
    assert "vmbo-kader" in text
    assert "Remedial teaching lezen" in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<leerling/>", "cannot be read as JSON"),
        ({"formaat": "iets anders"}, "formaat"),
        ("version", "version of the pupil file"),
        ({"leerling__geboortedatum": "2001-01-01"}, "another pupil"),
        ({"leerling__bsn": "123456789"}, "not a valid BSN"),
        ({"leerling__achternaam": None}, "leerling.achternaam: this field is missing"),
        ({"toetsresultaten__0__datum": "20-01-2025"}, "toetsresultaten[1].datum"),
        ({"ondersteuning__1__tot": "2020-01-01"}, "ondersteuning[2].tot"),
        ({"afzender__brin": "XYZ"}, "BRIN"),
        ({"schoolloopbaan": {"school": "x"}}, "must be a list"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(
    world, consented, data, message
):
    if isinstance(data, dict) and data.get("formaat") is None:
        data = sample(world, **data)
    elif data == "version":
        data = sample(world, versie="7")
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    access = access_case(Actor(world.users["receiver"]), world.case.uuid)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.import_pupil_file(access, consented, file_name="x.json", content=body)
    assert any(message in m for m in refused.value.messages), refused.value.messages
    assert not PupilFileImport.objects.exists()


def test_the_page_lists_what_is_wrong_above_the_form(world, login, consented):
    data = sample(world, leerling__geboortedatum="2001-01-01", toetsresultaten__0__datum="x")
    response = upload(login("receiver"), world, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="foutoverzicht"' in body
    assert "toetsresultaten[1].datum" in body
    assert not PupilFileImport.objects.exists()


def test_a_file_is_read_in_only_after_consent(world, login):
    response = login("coordinator").get(url(world, "transitions:import"))
    assert response.status_code == 302
    assert not PupilFileImport.objects.exists()


def test_the_summary_pdf_names_its_title_author_subject_and_language(world, login, consented):
    from arrangeer.testing.pdf import pdf_info

    client = login("receiver")
    client.cookies["arrangeer_language"] = "en"  # a Dutch school reads it
    response = client.get(url(world, "transitions:summary_pdf"))
    assert pdf_info(response.content) == {
        "Title": "Overdrachtsdocument",
        "Author": "Arrangeer",
        "Subject": "Wat de volgende school over een kind moet weten, gedeeld met toestemming",
        "Lang": "nl",
    }


def test_the_summary_pdf_is_a_tagged_pdf_ua_document(world, login, consented):
    from arrangeer.testing.pdf import assert_accessible

    response = login("receiver").get(url(world, "transitions:summary_pdf"))
    assert_accessible(
        response.content, title="Overdrachtsdocument", lang="nl", kinds={"H1", "H2", "P"}
    )
