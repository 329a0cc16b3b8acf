"""The plan's lifecycle: send for agreement, the parents' instemming on the exact version,
adopt, adjust, compare; evaluations and their decisions."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.children.models import LegalRepresentative
from arrangeer.plans import services, snapshot
from arrangeer.plans.models import Evaluation, Goal, Plan, PlanVersion
from arrangeer.testing.plans import goal_fields

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _send(access):
    return services.send_for_agreement(access("coordinator"))


def _agree(access, world, version, **overrides):
    fields = {
        "content_hash": version.content_hash,
        "representative": world.parent,
        "decision": "instemming",
        "given_on": TODAY(),
        "evidence": "papier",
    }
    fields.update(overrides)
    return services.record_parent_agreement(access("coordinator"), **fields)


def _adopt(access, version, **overrides):
    fields = {
        "content_hash": version.content_hash,
        "child_heard": "in_overleg",
        "child_view": "Ik wil op school blijven.",
        "child_view_category": "onderwijs",
    }
    fields.update(overrides)
    return services.adopt_plan(access("coordinator"), **fields)


def test_sending_freezes_the_draft_with_the_sha256_of_its_canonical_content(access, plan):
    version = _send(access)
    assert version.number == 2 and version.status == "awaiting"
    canonical = json.dumps(
        version.content, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()
    assert version.content_hash == hashlib.sha256(canonical).hexdigest()
    assert Plan.objects.get(pk=plan.plan.pk).status == "awaiting_agreement"
    assert {g["what"] for g in version.content["goal"]} == {
        plan.education_goal.what,
        plan.care_goal.what,
    }


def test_only_the_regisseur_sends_records_adopts_and_adjusts(access, world):
    teacher = access("teacher")
    with pytest.raises(PermissionDenied):
        services.send_for_agreement(teacher)
    with pytest.raises(PermissionDenied):
        services.start_adjustment(teacher, reason="x")
    with pytest.raises(PermissionDenied):
        services.adopt_plan(
            teacher,
            content_hash="x",
            child_heard="niet",
            child_view="x",
            child_view_category="onderwijs",
        )


def test_a_plan_without_a_module_for_every_goal_is_not_sent(access):
    services.add_item(access("coordinator"), kind="goal", fields=goal_fields(what="Nieuw doel"))
    with pytest.raises(ValidationError) as excinfo:
        _send(access)
    assert "Every goal needs at least one module" in excinfo.value.messages[0]


def test_each_parent_with_gezag_agrees_on_their_own_and_one_without_gezag_cannot(access, world):
    version = _send(access)
    second = LegalRepresentative.objects.create(
        child=world.child,
        first_name="Ria",
        last_name="Vermeer",
        relation="voogd",
        has_authority=True,
    )
    with pytest.raises(ValidationError) as excinfo:
        _agree(access, world, version, representative=world.parent_without_authority)
    assert "parental authority" in excinfo.value.message_dict["representative"][0]
    _agree(access, world, version)
    with pytest.raises(ValidationError) as excinfo:
        _adopt(access, version)
    assert "Ria Vermeer" in excinfo.value.messages[0]
    _agree(access, world, version, representative=second)
    adopted = _adopt(access, version)
    assert adopted.status == "adopted"


def test_instemming_on_another_version_than_the_one_sent_is_refused(access, world):
    first = _send(access)
    services.add_item(
        access("coordinator"),
        kind="need",
        fields={"of_whom": "kind", "text": "Een vaste plek in de klas", "category": "onderwijs"},
    )
    second = _send(access)
    assert PlanVersion.objects.get(pk=first.pk).status == "withdrawn"
    with pytest.raises(ValidationError) as excinfo:
        _agree(access, world, first)
    assert f"version {second.number} replaced it" in excinfo.value.messages[0]


def test_a_draft_changed_after_sending_is_refused_for_instemming_and_adoption(
    access, world, plan, client_for
):
    version = _send(access)
    goal = Goal.objects.get(pk=plan.education_goal.pk)
    services.change_item(
        access("coordinator"), goal, expected_version=goal.lock_version, fields={"target": "AVI E7"}
    )
    page = client_for("coordinator").get(reverse("plans:plan", kwargs={"case_id": world.case.uuid}))
    assert b'data-testid="changed-since-sent"' in page.content
    with pytest.raises(ValidationError) as excinfo:
        _agree(access, world, version)
    assert "changed after version" in excinfo.value.messages[0]
    with pytest.raises(ValidationError):
        _adopt(access, version)


def test_adoption_needs_the_childs_view_and_refuses_after_a_parent_disagreed(access, world):
    version = _send(access)
    _agree(access, world, version)
    with pytest.raises(ValidationError) as excinfo:
        _adopt(access, version, child_view=" ")
    assert "child's view" in excinfo.value.message_dict["child_view"][0]
    with pytest.raises(ValidationError) as excinfo:
        _adopt(access, version, child_heard="niet", child_view="")
    assert "why the child was not heard" in excinfo.value.message_dict["child_view"][0]
    other = _send_changed(access)
    _agree(access, world, other, decision="geen_instemming")
    with pytest.raises(ValidationError) as excinfo:
        _adopt(access, other)
    assert "did not agree" in excinfo.value.messages[0]


def _send_changed(access):
    services.add_item(
        access("coordinator"),
        kind="need",
        fields={
            "of_whom": "school",
            "text": "Een extra gesprek per maand",
            "category": "onderwijs",
        },
    )
    return _send(access)


def test_an_adopted_version_is_frozen_and_replaces_the_one_in_force(access, world, plan):
    version = _send(access)
    _agree(access, world, version)
    adopted = _adopt(access, version)
    assert PlanVersion.objects.get(number=1, plan=plan.plan).status == "superseded"
    assert adopted.child_view == "Ik wil op school blijven."
    adopted.content = {}
    with pytest.raises(ValueError, match="frozen"):
        adopted.save()


def test_an_adjustment_starts_a_new_draft_and_earlier_versions_stay_readable(
    access, world, plan, client_for
):
    version = _send(access)
    _agree(access, world, version)
    _adopt(access, version)
    with pytest.raises(ValidationError):
        services.start_adjustment(access("coordinator"), reason=" ")
    services.start_adjustment(access("coordinator"), reason="Nieuw leesdoel")
    assert Plan.objects.get(pk=plan.plan.pk).status == "draft"
    client = client_for("teacher")
    for number in (1, 2):
        url = reverse("plans:version", kwargs={"case_id": world.case.uuid, "number": number})
        assert plan.education_goal.what in client.get(url).content.decode()


def test_comparing_two_versions_lists_what_was_added_changed_and_removed(access, world, plan):
    regie = access("coordinator")
    older = snapshot.build(plan.plan)
    added = services.add_item(regie, kind="goal", fields=goal_fields(what="Rekenen: tafels tot 10"))
    goal = Goal.objects.get(pk=plan.education_goal.pk)
    services.change_item(regie, goal, expected_version=goal.lock_version, fields={"owner": "Sem"})
    need = plan.needs[0]
    services.remove_item(regie, need, expected_version=need.lock_version)
    changes = snapshot.compare(older, snapshot.build(plan.plan), frozenset({"onderwijs"}))
    by_status = {(c.status, c.title) for c in changes}
    assert ("added", added.what) in by_status  # type: ignore[attr-defined]
    assert ("changed", goal.what) in by_status
    assert ("removed", need.text) in by_status
    changed = next(c for c in changes if c.status == "changed")
    assert [(f.label, f.before, f.after) for f in changed.changes] == [
        ("who works on it", "Sem, met de leerkracht", "Sem")
    ]
    # The youth worker does not see education items: for them nothing changed.
    assert snapshot.compare(older, snapshot.build(plan.plan), frozenset({"jeugdhulp"})) == []


def test_the_compare_page_offers_the_versions_and_the_draft(client_for, world):
    url = reverse("plans:compare", kwargs={"case_id": world.case.uuid})
    body = client_for("coordinator").get(url).content.decode()
    assert 'value="1"' in body and 'value="concept"' in body
    assert 'data-status="changed"' in body


def _adopted(access, world):
    version = _send(access)
    _agree(access, world, version)
    return _adopt(access, version)


def test_an_evaluation_to_continue_keeps_the_plan_and_sets_the_next_date(access, world, plan):
    _adopted(access, world)
    evaluation = services.record_evaluation(
        access("coordinator"),
        held_on=TODAY(),
        decision="voortzetten",
        next_evaluation_on=TODAY() + dt.timedelta(days=60),
        summary="Goed op weg",
        category="onderwijs",
        ratings={plan.education_goal: ("deels", "Bijna")},
    )
    assert Plan.objects.get(pk=plan.plan.pk).status == "adopted"
    assert evaluation.goal_ratings.get().realisation == "deels"


@pytest.mark.parametrize(
    ("next_date", "message"),
    [(None, "Give the date of the next evaluation"), (0, "comes after this one")],
)
def test_an_evaluation_needs_a_next_date_after_it_unless_it_closes(
    access, world, next_date, message
):
    _adopted(access, world)
    with pytest.raises(ValidationError) as excinfo:
        services.record_evaluation(
            access("coordinator"),
            held_on=TODAY(),
            decision="voortzetten",
            next_evaluation_on=None if next_date is None else TODAY(),
            summary="",
            category="onderwijs",
            ratings={},
        )
    assert message in excinfo.value.message_dict["next_evaluation_on"][0]


def test_closing_after_evaluation_closes_the_plan_for_good(access, world, plan):
    _adopted(access, world)
    services.record_evaluation(
        access("coordinator"),
        held_on=TODAY(),
        decision="afsluiten",
        next_evaluation_on=None,
        summary="Doelen behaald",
        category="onderwijs",
        ratings={plan.education_goal: ("behaald", "")},
    )
    assert Plan.objects.get(pk=plan.plan.pk).status == "closed"
    with pytest.raises(ValidationError) as excinfo:
        services.add_item(access("coordinator"), kind="goal", fields=goal_fields())
    assert "closed" in excinfo.value.messages[0]


def test_a_colleague_adds_the_rating_of_a_goal_the_regisseur_cannot_see(
    access, world, plan, client_for
):
    _adopted(access, world)
    evaluation = services.record_evaluation(
        access("coordinator"),
        held_on=TODAY(),
        decision="voortzetten",
        next_evaluation_on=TODAY() + dt.timedelta(days=30),
        summary="",
        category="onderwijs",
        ratings={},
    )
    url = reverse(
        "plans:goal_rating",
        kwargs={
            "case_id": world.case.uuid,
            "evaluation_id": evaluation.uuid,
            "item_id": plan.care_goal.uuid,
        },
    )
    client_for("youth_worker").post(url, {"realisation": "behaald", "note": "Rustige avonden"})
    assert evaluation.goal_ratings.get().goal == plan.care_goal
    # Not twice, and not on an older evaluation.
    with pytest.raises(ValidationError):
        services.rate_goal(access("youth_worker"), evaluation, plan.care_goal, realisation="deels")
    assert Evaluation.objects.filter(plan=plan.plan).count() == 2
    with pytest.raises(ValidationError):
        services.rate_goal(
            access("youth_worker"), plan.evaluation, plan.care_goal, realisation="deels"
        )
