"""Before the MDO, from the portal: the parents' input and the young person's own view."""

from __future__ import annotations

from django.urls import reverse

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases.access import Actor, access_case
from arrangeer.meetings import selectors
from arrangeer.meetings.models import Preparation
from arrangeer.testing.meetings import plan_mdo

pytestmark = pytest.mark.django_db

ANSWERS = {
    "goes_well": "Hij leest graag",
    "can_be_better": "Huiswerk kost veel ruzie",
    "support_needed": "Hulp bij plannen",
}


@pytest.fixture
def meeting(world):
    return plan_mdo(world.case, regisseur=world.coordinator)


def _url(world, meeting):
    return reverse(
        "portal:meeting_preparation",
        kwargs={"case_id": world.case.uuid, "meeting_id": meeting.uuid},
    )


def test_the_parents_input_reaches_the_participants(world, meeting, client_for):
    client = client_for("parent")
    assert client.post(_url(world, meeting), ANSWERS).status_code == 302
    prep = Preparation.objects.get(meeting=meeting)
    assert prep.author == world.users["parent"] and not prep.is_child_view
    assert prep.invitee.representative == world.parent
    assert prep.category == meeting.category
    assert AccessLogEntry.objects.filter(
        object_type="preparation", object_id=str(prep.pk), user_id=world.users["parent"].pk
    ).exists()
    assert "Huiswerk kost veel ruzie" in client.get(_url(world, meeting)).content.decode()
    chair = access_case(Actor(world.coordinator), world.case.uuid)
    seen = selectors.meeting_view(chair, meeting).preparations
    assert [p.pk for p in seen] == [prep.pk]


def test_the_young_persons_view_is_marked_as_the_childs_view(world, meeting, client_for):
    client = client_for("child_13")
    page = client.get(_url(world, meeting)).content.decode()
    assert "What do you think? Before the meeting" in page
    assert client.post(_url(world, meeting), {"goes_well": "Gym"}).status_code == 302
    prep = Preparation.objects.get(meeting=meeting)
    assert prep.is_child_view and prep.invitee.kind == "jeugdige"


def test_an_empty_answer_and_a_parent_without_gezag_are_refused(world, meeting, client_for):
    response = client_for("parent").post(_url(world, meeting), {"goes_well": "  "})
    assert response.status_code == 200
    assert "Write at least one answer." in response.content.decode()
    other = client_for("parent_without_authority")
    assert 'name="goes_well"' not in other.get(_url(world, meeting)).content.decode()
    assert other.post(_url(world, meeting), ANSWERS).status_code == 403
    assert not Preparation.objects.exists()
