"""No silent overwrite: two people editing the same item — the second save is refused with
what the first one changed, and what the second one typed stays in the form."""

from __future__ import annotations

import threading

from django.db import connection, connections
from django.urls import reverse

import pytest

from arrangeer.plans import services
from arrangeer.plans.models import Goal
from arrangeer.plans.services import StaleEdit
from arrangeer.testing.plans import access_for
from arrangeer.testing.world import build_world


def _form(goal: Goal, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "side": goal.side,
        "domain": goal.domain,
        "what": goal.what,
        "indicator": goal.indicator,
        "baseline": goal.baseline,
        "target": goal.target,
        "deadline": goal.deadline.isoformat() if goal.deadline else "",
        "owner": goal.owner,
        "scale": goal.scale,
        "scale_min": goal.scale_min,
        "scale_max": goal.scale_max,
        "category": goal.category,
        "lock_version": goal.lock_version,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_second_save_is_refused_showing_the_first_ones_change_and_keeping_the_typed_text(
    world, plan, client_for
):
    goal = Goal.objects.get(pk=plan.education_goal.pk)
    url = reverse(
        "plans:item_edit",
        kwargs={"case_id": world.case.uuid, "slug": "doelen", "item_id": goal.uuid},
    )
    first, second = client_for("coordinator"), client_for("teacher")
    # Both opened the form at the same version.
    assert first.get(url).status_code == second.get(url).status_code == 200
    saved = first.post(url, _form(goal, target="AVI E7 voor de zomer"))
    assert saved.status_code == 302

    refused = second.post(url, _form(goal, owner="Sem en juf Anna"))
    assert refused.status_code == 409
    body = refused.content.decode()
    assert 'data-testid="conflict"' in body
    assert "Coordinator Test saved this goal" in body
    assert "AVI E6" in body and "AVI E7 voor de zomer" in body  # before and after
    assert "Sem en juf Anna" in body  # what the second person typed is still there
    current = Goal.objects.get(pk=goal.pk)
    assert (current.target, current.owner) == ("AVI E7 voor de zomer", goal.owner)
    assert f'name="lock_version" value="{current.lock_version}"' in body

    # Having seen the change, saving again is a deliberate choice and goes through.
    again = second.post(url, _form(current, owner="Sem en juf Anna", target="AVI E7 voor de zomer"))
    assert again.status_code == 302
    assert Goal.objects.get(pk=goal.pk).owner == "Sem en juf Anna"


@pytest.mark.django_db
def test_removing_an_item_someone_just_changed_is_refused(world, plan, access):
    goal = Goal.objects.get(pk=plan.education_goal.pk)
    services.change_item(
        access("teacher"), goal, expected_version=goal.lock_version, fields={"owner": "Juf"}
    )
    with pytest.raises(StaleEdit) as excinfo:
        services.remove_item(access("coordinator"), goal, expected_version=goal.lock_version)
    assert [c.label for c in excinfo.value.changes] == ["who works on it"]
    assert Goal.objects.get(pk=goal.pk).removed_at is None


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_two_connections_saving_the_same_goal_at_once_never_overwrite_silently():
    world = build_world(with_plan=True)
    assert world.plan is not None
    goal = Goal.objects.get(pk=world.plan.education_goal.pk)
    version = goal.lock_version
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(persona: str, fields: dict[str, str]) -> None:
        try:
            access = access_for(world.users[persona], world.case)
            start.wait()
            services.change_item(access, goal, expected_version=version, fields=fields)
            outcomes[persona] = "saved"
        except StaleEdit as conflict:
            outcomes[persona] = conflict
        except BaseException as error:  # reported in the test's own thread
            outcomes[persona] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=("coordinator", {"target": "AVI E7"})),
        threading.Thread(target=save, args=("teacher", {"owner": "Juf Anna"})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    saved = [p for p, o in outcomes.items() if o == "saved"]
    refused = [o for o in outcomes.values() if isinstance(o, StaleEdit)]
    assert len(saved) == 1 and len(refused) == 1, outcomes
    current = Goal.objects.get(pk=goal.pk)
    assert current.lock_version == version + 1
    winner_field = "target" if saved == ["coordinator"] else "who works on it"
    assert [c.label for c in refused[0].changes] == [winner_field]
    if saved == ["coordinator"]:
        assert (current.target, current.owner) == ("AVI E7", goal.owner)
    else:
        assert (current.target, current.owner) == (goal.target, "Juf Anna")
