"""The minutes PDF a school would send: which child, school, date, place and chair at the top;
each decision names the goal or module of the plan it concerns, within the reader's data
categories (the meeting page follows the same rule). Read through the real endpoint."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

import pytest

from arrangeer.cases.access import Actor, access_case
from arrangeer.meetings import services
from arrangeer.meetings.constants import Attendance, DecisionChannel
from arrangeer.meetings.models import Decision, Meeting
from arrangeer.testing.auth import login_verified
from arrangeer.testing.meetings import meeting_started, plan_mdo
from arrangeer.testing.pdf import pdf_words
from arrangeer.testing.world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world(with_plan=True)


def _held(world: World) -> Meeting:
    """An MDO with the teacher at the table, two decisions, the minutes approved."""
    assert world.plan is not None
    case = world.case
    access = access_case(Actor(world.coordinator), case.uuid)
    meeting = plan_mdo(case, regisseur=world.coordinator)
    teacher = services.propose_invitee(access, meeting, member=world.members["teacher"])
    services.approve_invitee(
        access, teacher, representative=world.parent, via=DecisionChannel.IN_PERSON
    )
    services.send_invitations(access, meeting)
    meeting_started(meeting)
    services.record_meeting(
        access,
        meeting,
        attendance={i.pk: Attendance.PRESENT for i in meeting.invitees.all()},
        minutes={item.pk: "Besproken." for item in meeting.agenda.all()},
    )
    services.add_decision(
        access,
        meeting,
        text="Leesbegeleiding gaat door",
        category="onderwijs",
        goal=world.plan.education_goal,
        module=world.plan.education_module,
    )
    # A decision of the school's category about the youth team's module (the category of a
    # module can differ from the decision's): its text is the school's, the module's is not.
    Decision.objects.create(
        meeting=meeting,
        text="Afstemmen met de gezinscoach",
        category="onderwijs",
        module=world.plan.care_module,
        goal=world.plan.care_goal,
    )
    services.add_action(
        access,
        meeting,
        what="Observatie in de klas",
        owner=world.members["teacher"],
        due=timezone.localdate() + dt.timedelta(days=14),
    )
    services.approve_minutes(access, meeting)
    meeting.refresh_from_db()
    return meeting


@pytest.mark.parametrize("persona", ["coordinator", "teacher"])
def test_the_minutes_say_who_where_and_what_each_decision_concerns(world, persona):
    assert world.plan is not None
    meeting = _held(world)
    kwargs = {"case_id": world.case.uuid, "meeting_id": meeting.uuid}
    client = login_verified(Client(), world.users[persona])
    response = client.get(reverse("meetings:pdf", kwargs=kwargs))
    assert response.status_code == 200
    text = pdf_words(response.content)
    start = timezone.localtime(meeting.starts_at)
    assert "Verslag van het MDO" in text
    assert "Kind Sem Vermeer" in text
    assert "School Basisschool De Test" in text
    assert f"Datum {date_format(start, 'd-m-Y')}, {date_format(start, 'H:i')}-" in text
    assert "Plaats School, kamer 1" in text
    assert f"Voorzitter {world.coordinator}, Basisschool De Test" in text
    # The decision names its goal and its module, in Dutch.
    assert "Leesbegeleiding gaat door" in text
    assert f"Doel: {world.plan.education_goal.what}" in text
    assert f"Module: {world.plan.education_module.title}" in text
    # The other decision is readable; the youth team's goal and module are not named.
    assert "Afstemmen met de gezinscoach" in text
    assert "Jeugdzorgmodule" not in text and "Jeugdzorgdoel" not in text
    # The page follows the same rule.
    page = client.get(reverse("meetings:detail", kwargs=kwargs)).content.decode()
    assert "Afstemmen met de gezinscoach" in page
    assert world.plan.education_module.title in page
    assert "Jeugdzorgmodule" not in page and "Jeugdzorgdoel" not in page


def test_the_minutes_name_their_title_author_subject_and_language(world):
    from arrangeer.testing.pdf import pdf_info

    meeting = _held(world)
    kwargs = {"case_id": world.case.uuid, "meeting_id": meeting.uuid}
    client = login_verified(Client(), world.users["coordinator"])
    client.cookies["arrangeer_language"] = "en"  # the minutes, their metadata too, are Dutch
    response = client.get(reverse("meetings:pdf", kwargs=kwargs))
    assert pdf_info(response.content) == {
        "Title": "Verslag van het MDO",
        "Author": "Arrangeer",
        "Subject": "Verslag van een overleg over een kind",
        "Lang": "nl",
    }
    words = pdf_words(response.content)
    assert "VERTROUWELIJK — bijzondere persoonsgegevens over een kind" in words
    assert "Pagina 1 van 1" in words


def test_the_minutes_are_a_tagged_pdf_ua_document(world):
    from arrangeer.testing.pdf import assert_accessible

    meeting = _held(world)
    kwargs = {"case_id": world.case.uuid, "meeting_id": meeting.uuid}
    client = login_verified(Client(), world.users["coordinator"])
    response = client.get(reverse("meetings:pdf", kwargs=kwargs))
    assert_accessible(
        response.content,
        title="Verslag van het MDO",
        lang="nl",
        kinds={"H1", "H2", "H3", "P", "Table", "TH", "TD", "L", "LI"},
    )
