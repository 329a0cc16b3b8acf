"""*Wie keek in het dossier*: people by name, role in words and organisation, repeated
looks grouped per person and day, every kind of entry explained, at a constant query cost."""

from __future__ import annotations

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from arrangeer.cases.access import Actor, access_case, log_listed
from arrangeer.testing.world import years_ago

pytestmark = pytest.mark.django_db


def _url(world, name="portal:who_looked"):
    return reverse(name, kwargs={"case_id": world.case.uuid})


def _table(response) -> str:
    return response.content.decode().split('data-testid="who-looked"')[1].split("</table>")[0]


def _parent_named(world):
    parent = world.users["parent"]
    parent.first_name, parent.last_name = "Sanne", "de Boer"
    parent.save(update_fields=["first_name", "last_name"])
    return parent


def test_people_show_by_name_role_in_words_and_organisation(world, client_for):
    access_case(Actor(world.users["coordinator"]), world.case.uuid)
    table = _table(client_for("parent").get(_url(world)))
    assert "Coordinator Test (Support coordinator / intern begeleider)" in table
    assert world.school.name in table
    assert ">coordinator<" not in table and "ondersteuningscoordinator" not in table


def test_the_familys_own_views_are_one_line_per_person_and_day(world, client_for):
    _parent_named(world)
    client = client_for("parent")
    for _ in range(8):
        client.get(reverse("portal:home", kwargs={"case_id": world.case.uuid}))
    response = client.get(_url(world))
    lines = [line for line in response.context["lines"] if line.name == "Sanne de Boer"]
    views = [line for line in lines if line.what == "Looked at the file"]
    assert len(views) == 1 and views[0].times >= 8
    assert views[0].role == "parent" and views[0].family
    table = _table(response)
    assert "Sanne de Boer (parent)" in table
    assert "parent-" not in table and ">parent<" not in table


def test_repeated_views_of_one_professional_on_one_day_are_grouped(world, client_for):
    for _ in range(5):
        access_case(Actor(world.users["teacher"]), world.case.uuid)
    page = client_for("parent").get(_url(world)).context["lines"]
    teacher = [line for line in page if line.name == "Teacher Test"]
    assert len(teacher) == 1 and teacher[0].times == 5
    assert teacher[0].why == "The school may do this by law, for its task in education."


def test_a_list_entry_is_explained_instead_of_no_basis(world, client_for):
    world.case.refresh_from_db()
    log_listed(Actor(world.users["coordinator"]), [world.case])
    response = client_for("parent").get(_url(world))
    table = _table(response)
    assert "Saw the file in a list" in table
    assert "The file itself was not opened." in table
    assert "No basis" not in table
    listed = next(line for line in response.context["lines"] if line.what.startswith("Saw"))
    # A list entry has no role in the log: the role on the team is shown.
    assert listed.role == "Support coordinator / intern begeleider"
    assert listed.organisation == world.school.name


def test_a_refused_attempt_says_nothing_was_shown(world, client_for):
    from django.http import Http404

    with pytest.raises(Http404):
        access_case(Actor(world.users["teacher_other_school"]), world.case.uuid)
    table = _table(client_for("parent").get(_url(world)))
    assert "Tried to open the file, but was not allowed" in table
    assert "Not allowed, so nothing was shown." in table


def test_the_page_costs_the_same_queries_for_a_long_log(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("parent")
    client.get(_url(world))
    reset_queries()  # the capture counts positions in a log that holds at most 9000 queries
    with CaptureQueriesContext(connection) as captured:
        assert client.get(_url(world)).status_code == 200
    few = len(captured)
    for persona in ("coordinator", "teacher", "youth_worker", "swv_specialist", "leerplicht"):
        for _ in range(12):
            access_case(Actor(world.users[persona]), world.case.uuid)
        log_listed(Actor(world.users[persona]), [world.case])
    for _ in range(10):
        client.get(reverse("portal:home", kwargs={"case_id": world.case.uuid}))
    reset_queries()
    with django_assert_max_num_queries(few):
        response = client.get(_url(world))
    assert len(response.context["lines"]) >= 10


def test_the_young_person_from_16_reads_the_same_page(world, client_for):
    world.child.date_of_birth = years_ago(17)
    world.child.save(update_fields=["date_of_birth"])
    response = client_for("child_13").get(_url(world))
    assert response.status_code == 200
    assert "young person" in _table(response)


def test_the_regisseurs_log_shows_family_roles_in_words(world, client_for, verified_client):
    client_for("child_13").get(reverse("portal:home", kwargs={"case_id": world.case.uuid}))
    client_for("parent_without_authority").get(
        reverse("portal:home", kwargs={"case_id": world.case.uuid})
    )
    page = verified_client(world.coordinator).get(
        reverse("cases:access_log", kwargs={"case_id": world.case.uuid})
    )
    body = page.content.decode().split("<tbody>")[1]
    assert "<td>young person</td>" in body
    assert "<td>parent without parental authority</td>" in body
    assert "<td>Support coordinator / intern begeleider</td>" in body
    assert "<td>youth</td>" not in body and "parent_without_authority" not in body
