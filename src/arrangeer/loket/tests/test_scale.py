"""The Loket adviser's lists follow what is shown: Mijn acties (both pages) and the API's tasks
take the same number of queries for 2 and for 12 questions waiting for advice, and list them
all, in the order of their due dates."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.actions import actions_for
from arrangeer.consents.constants import Evidence
from arrangeer.loket import services
from arrangeer.loket.models import Consult
from arrangeer.testing.loket import LoketWorld, loket_in
from arrangeer.testing.world import World, years_ago
from arrangeer.vocabulary import DataCategory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PAGES = [
    reverse("actions:my_actions"),
    reverse("actions:my_actions") + "?pagina=2",
    reverse("api:tasks"),
]


@pytest.fixture
def pages_of_5(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of 5 rows instead of 50: the same paging with fewer questions to ask."""
    from arrangeer.cases import views_actions

    monkeypatch.setattr(views_actions, "PAGE_SIZE", 5)


def _ask(world: World, desk: LoketWorld, count: int, start: int) -> None:
    """`count` new cases of the coordinator, each with a question to the Loket (the parents'
    consent for the Loket recorded with it)."""
    membership = world.coordinator.memberships.get()
    for n in range(start, start + count):
        case = case_services.open_case(
            actor=Actor(world.coordinator),
            membership=membership,
            child_fields={
                "first_name": f"Vraag{n:02d}",
                "last_name": f"Loketkind{n:02d}",
                "date_of_birth": years_ago(8),
            },
            representatives=[
                {
                    "first_name": "Ouder",
                    "last_name": f"Loketkind{n:02d}",
                    "relation": "moeder",
                    "has_authority": True,
                }
            ],
        )
        access = access_case(Actor(world.coordinator), case.uuid)
        services.ask_loket(
            access,
            loket=desk.loket,
            question=f"Vraag {n}: welke aanpak past?",
            tried="Gesprekken met de ouders.",
            urgency="normaal",
            consent={
                "categories": [DataCategory.EDUCATION],
                "representative": case.child.representatives.get(),
                "by_child": False,
                "evidence": Evidence.SIGNED_FORM,
                "valid_until": None,
            },
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_advisers_lists_take_the_same_queries_for_few_and_many_questions(
    world: World, verified_client, pages_of_5
):
    desk = loket_in(world)
    _ask(world, desk, 2, start=0)
    client = verified_client(desk.adviser)
    for url in PAGES:  # warm: the first request of a session reads what the next ones keep
        client.get(url)
    few = [_queries(client, url) for url in PAGES]
    _ask(world, desk, 10, start=2)
    assert Consult.objects.filter(loket=desk.loket).count() == 12
    many = [_queries(client, url) for url in PAGES]
    assert many == few, list(zip(PAGES, few, many, strict=True))
    # And every question is listed, the earliest due first, across the two pages.
    shown = [
        a.key
        for url in PAGES[:2]
        for a, _label, _overdue in client.get(url).context["rows"]
        if a.source == "loket_advice"
    ]
    everything = actions_for(desk.adviser, only=["loket_advice"])
    assert len(everything) == 12
    assert shown == [a.key for a in everything[:10]]
    assert [a.due for a in everything] == sorted(a.due for a in everything)
    tasks = client.get(reverse("api:tasks") + "?limit=200").json()
    assert tasks["count"] == 12
