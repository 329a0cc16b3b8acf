"""Work follows what is shown: "My cases" and "My actions" take the same number of queries
for 5 and for 60 visible cases, show 50 rows a page with a next page, and log exactly the
cases shown; the access check of one case reads that case only."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases import services
from arrangeer.cases.access import Actor, access_case, visible_cases
from arrangeer.cases.actions import actions_for
from arrangeer.cases.models import Case
from arrangeer.testing.world import World, build_world, years_ago

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LIST_PAGES = [
    reverse("cases:list"),
    reverse("cases:list") + "?q=Schaal",
    reverse("cases:list") + "?te_laat=on&stap=waarnemen",
    reverse("actions:my_actions"),
    reverse("actions:my_actions") + "?pagina=2",
]


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def pages_of_5(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of 5 rows instead of 50: the same paging with fewer cases to make."""
    from arrangeer.cases import views, views_actions

    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    monkeypatch.setattr(views_actions, "PAGE_SIZE", 5)


def _open(world: World, count: int, start: int = 0) -> list[Case]:
    membership = world.coordinator.memberships.get()
    return [
        services.open_case(
            actor=Actor(world.coordinator),
            membership=membership,
            child_fields={
                "first_name": f"Kind{n:03d}",
                "last_name": "Schaal",
                "date_of_birth": years_ago(8),
            },
        )
        for n in range(start, start + count)
    ]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_both_list_pages_take_the_same_queries_for_5_and_for_60_visible_cases(
    world, verified_client
):
    _open(world, 4)
    client = verified_client(world.coordinator)
    assert visible_cases(world.coordinator).count() == 5
    few = [_queries(client, url) for url in LIST_PAGES]
    _open(world, 55, start=4)
    assert visible_cases(world.coordinator).count() == 60
    many = [_queries(client, url) for url in LIST_PAGES]
    assert many == few, list(zip(LIST_PAGES, few, many, strict=True))


def test_my_cases_shows_a_page_at_a_time_and_logs_only_the_cases_shown(
    world, verified_client, pages_of_5
):
    _open(world, 6)
    client = verified_client(world.coordinator)
    first = client.get(reverse("cases:list")).content.decode()
    assert first.count("data-case=") == 5
    assert "?&amp;pagina=2" in first
    logged = AccessLogEntry.objects.filter(event="list", user_id=world.coordinator.pk)
    assert logged.count() == 5
    second = client.get(reverse("cases:list") + "?pagina=2").content.decode()
    assert second.count("data-case=") == 2
    assert "pagina=3" not in second and "pagina=1" in second
    # Past the end (an old link) shows the first page.
    assert client.get(reverse("cases:list") + "?pagina=9").content.decode().count("data-case=") == 5


def test_my_actions_shows_a_page_at_a_time_in_order_and_logs_only_their_cases(
    world, verified_client, pages_of_5
):
    _open(world, 9)
    everything = actions_for(world.coordinator)
    assert len(everything) > 5
    client = verified_client(world.coordinator)
    before = AccessLogEntry.objects.count()
    first = client.get(reverse("actions:my_actions"))
    rows = first.context["rows"]
    assert [a.key for a, _label, _overdue in rows] == [a.key for a in everything[:5]]
    assert "pagina=2" in first.content.decode()
    assert AccessLogEntry.objects.count() - before == len({a.case.pk for a, _, _ in rows})
    second = client.get(reverse("actions:my_actions") + "?pagina=2").context["rows"]
    assert [a.key for a, _, _ in second] == [a.key for a in everything[5:10]]


def test_the_first_actions_are_the_same_with_a_limit(world):
    _open(world, 8)
    everything = actions_for(world.coordinator)
    for limit in (1, 4, 9):
        assert [a.key for a in actions_for(world.coordinator, limit=limit)] == [
            a.key for a in everything[:limit]
        ]


def test_the_access_check_of_one_case_does_not_read_the_caseload(world):
    _open(world, 2)
    with CaptureQueriesContext(connection) as captured:
        access_case(Actor(world.coordinator), world.case.uuid)
    # The case is read by its key alone (not as one of the visible cases: no sub-select of
    # team places over the table); the grant is then read for that case only.
    reads = [q["sql"] for q in captured if 'FROM "cases_case"' in q["sql"]]
    assert reads and all(sql.upper().count("SELECT") == 1 for sql in reads), reads


def _reference(user) -> set[int]:
    """The rule as first written: open cases with a valid place or a running emergency
    access (`pk IN places OR pk IN emergencies`, slow but plain)."""
    from django.db.models import Q

    from arrangeer.cases.access import running_emergency_accesses, valid_team_members

    if not user.is_active:
        return set()
    places = valid_team_members().filter(membership__user=user).values("case_id")
    emergencies = running_emergency_accesses().filter(user=user).values("case_id")
    return set(
        Case.objects.filter(status="open")
        .filter(Q(pk__in=places) | Q(pk__in=emergencies))
        .values_list("pk", flat=True)
    )


def _both_ways(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from arrangeer.cases.access import visibility

    for name, user in world.users.items():
        expected = _reference(user)
        monkeypatch.setattr(visibility, "WALK_FROM_PLACES", 10**9)  # driven from the places
        driven = set(visible_cases(user).values_list("pk", flat=True))
        monkeypatch.setattr(visibility, "WALK_FROM_PLACES", 0)  # walking the cases
        walked = set(visible_cases(user).values_list("pk", flat=True))
        assert driven == walked == expected, name


def test_both_query_shapes_see_exactly_what_the_rule_allows(world, monkeypatch):
    from django.utils import timezone

    from arrangeer.children.models import Child
    from arrangeer.consents.models import Consent

    _open(world, 2)
    _both_ways(world, monkeypatch)  # team places by legal task and consent, an emergency
    # The grounds go away one by one: a consent withdrawn, the absence over, another school.
    first = Consent.objects.filter(case=world.case, withdrawn_at__isnull=True).first()
    assert first is not None
    Consent.objects.filter(pk=first.pk).update(withdrawn_at=timezone.now())
    _both_ways(world, monkeypatch)
    Case.objects.filter(pk=world.case.pk).update(has_absence=False)
    _both_ways(world, monkeypatch)
    Child.objects.filter(pk=world.child.pk).update(school=world.other_school)
    _both_ways(world, monkeypatch)


def _grounds_checked(captured: CaptureQueriesContext) -> int:
    """How many queries test the grounds of the person's team places (the legal tasks)."""
    return sum("legal_task_school" in query["sql"] for query in captured.captured_queries)


def test_my_actions_checks_the_grounds_of_a_persons_places_once(world, verified_client):
    """A dozen sources start from the visible cases: for a person with few places (fewer than
    WALK_FROM_PLACES) their keys are read once and each source looks its cases up by key."""
    _open(world, 6)
    client = verified_client(world.coordinator)
    client.get(reverse("actions:my_actions"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("actions:my_actions"))
    assert response.status_code == 200 and response.context["rows"]
    assert _grounds_checked(captured) == 1
    # And the list is still exactly the person's: no more and no fewer actions than before.
    assert [a.key for a, _label, _overdue in response.context["rows"]] == [
        a.key for a in actions_for(world.coordinator)[:50]
    ]
