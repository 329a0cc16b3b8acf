"""The child's voice (hoorrecht) and the satisfaction questionnaire."""

from __future__ import annotations

from django.urls import reverse

import pytest

from arrangeer.cases.models import Case
from arrangeer.portal import services
from arrangeer.portal.models import ChildView, Moment, SatisfactionAnswer
from arrangeer.routes.models import Step

pytestmark = pytest.mark.django_db


def _url(world, name):
    return reverse(name, kwargs={"case_id": world.case.uuid})


def test_the_child_from_12_says_what_it_thinks_with_its_own_login(world, client_for):
    client = client_for("child_13")
    home = client.get(_url(world, "portal:home")).content.decode()
    assert 'data-source="child_view"' in home
    response = client.post(
        _url(world, "portal:child_view"),
        {"part": "school", "feeling": "gaat_wel", "text": "Lezen vind ik moeilijk"},
    )
    assert response.status_code == 302
    view = ChildView.objects.get()
    assert view.by_child and view.recorded_by == world.users["child_13"]
    assert 'data-source="child_view"' not in client.get(_url(world, "portal:home")).content.decode()


def test_a_parent_does_not_fill_in_the_childs_page(world, client_for):
    assert client_for("parent").get(_url(world, "portal:child_view")).status_code == 404


def test_a_professional_fills_it_in_together_with_a_younger_child(world, client_for):
    response = client_for("youth_worker").post(
        _url(world, "portal:child_view_together"),
        {"part": "thuis", "feeling": "goed", "text": "Met mama gaat het fijn"},
    )
    assert response.status_code == 302
    view = ChildView.objects.get()
    assert not view.by_child and view.recorded_by == world.users["youth_worker"]
    page = client_for("child_13").get(_url(world, "portal:child_view")).content.decode()
    assert "Met mama gaat het fijn" in page and "together with a professional" in page


def test_emergency_access_reads_the_childs_voice_but_does_not_write(world, client_for):
    client = client_for("emergency_worker")
    assert client.get(_url(world, "portal:child_view_together")).status_code == 200
    response = client.post(
        _url(world, "portal:child_view_together"), {"part": "thuis", "feeling": "goed"}
    )
    assert response.status_code == 403
    assert not ChildView.objects.exists()


def test_the_questionnaire_after_an_evaluation_once_per_person(world, client_for):
    client = client_for("parent")
    assert 'data-source="questionnaire"' in client.get(_url(world, "portal:home")).content.decode()
    data = {"usefulness": "4", "heard": "5", "overall": "8", "remark": "Fijn team"}
    assert client.post(_url(world, "portal:questionnaire"), data).status_code == 302
    answer = SatisfactionAnswer.objects.get()
    assert answer.respondent == "parent" and answer.overall == 8
    # Stored for counting: no account on the answer.
    assert not any(f.is_relation and f.name != "case" for f in SatisfactionAnswer._meta.fields)
    assert (
        'data-source="questionnaire"' not in client.get(_url(world, "portal:home")).content.decode()
    )
    again = client.post(_url(world, "portal:questionnaire"), data)
    assert again.status_code == 200 and SatisfactionAnswer.objects.count() == 1
    client_for("child_13").post(_url(world, "portal:questionnaire"), {**data, "overall": "6"})
    counts = services.satisfaction_counts(region_id=world.region.pk)
    assert counts.answers == 2 and counts.overall == 7
    assert not hasattr(counts, "remark")


def test_at_the_routes_closing_step_the_parent_and_the_young_person_are_asked_again(
    world, client_for
):
    data = {"usefulness": "5", "heard": "4", "overall": "9"}
    # Answered after the evaluation: nothing open.
    client_for("parent").post(_url(world, "portal:questionnaire"), data)
    home = client_for("parent").get(_url(world, "portal:home")).content.decode()
    assert 'data-source="questionnaire"' not in home
    # The case reaches a step of its route from which it may close: asked about the closing.
    closing = Step.objects.filter(route=world.case.route, can_close=True).first()
    assert closing is not None
    Case.objects.filter(pk=world.case.pk).update(current_step=closing)
    for persona, respondent in (("parent", "parent"), ("child_13", "youth")):
        client = client_for(persona)
        home = client.get(_url(world, "portal:home")).content.decode()
        assert 'data-source="questionnaire"' in home, persona
        assert client.post(_url(world, "portal:questionnaire"), data).status_code == 302
        answer = SatisfactionAnswer.objects.filter(moment=Moment.CLOSING).latest("pk")
        assert answer.respondent == respondent and answer.moment_ref == str(world.case.uuid)
        # Once per person.
        home = client.get(_url(world, "portal:home")).content.decode()
        assert 'data-source="questionnaire"' not in home
    assert SatisfactionAnswer.objects.filter(moment=Moment.CLOSING).count() == 2


def test_an_out_of_range_answer_is_refused(world, client_for):
    response = client_for("parent").post(
        _url(world, "portal:questionnaire"), {"usefulness": "9", "heard": "5", "overall": "8"}
    )
    assert response.status_code == 200
    assert not SatisfactionAnswer.objects.exists()
