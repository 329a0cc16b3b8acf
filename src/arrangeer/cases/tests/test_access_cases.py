"""`access_cases`, the door for several cases at once (a group's registration page), decides
for each case exactly as `access_case` does for one, logs one record per case, refuses as a
whole when one case is not the person's to see, and costs the same queries for 1 case or 4."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

import pytest

from arrangeer.audit.constants import Outcome
from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, CaseAccess, access_case, access_cases
from arrangeer.organisations.models import Membership
from arrangeer.testing.world import build_world

pytestmark = pytest.mark.django_db

PEOPLE = (
    "coordinator",
    "teacher",
    "school_colleague",
    "youth_worker",
    "youth_worker_off_team",
    "swv_specialist",
    "leerplicht",
    "care_worker_withdrawn",
    "care_worker_proposed",
    "emergency_worker",
    "policy_officer",
    "parent",
)


@pytest.fixture
def world(db):
    return build_world()


def _seen(access: CaseAccess | None):
    if access is None:
        return None
    return (
        access.case.pk,
        access.member.pk if access.member else None,
        access.emergency.pk if access.emergency else None,
        access.categories,
        access.basis,
        access.consent_id,
        access.read_only,
        tuple(m.pk for m in access.all_members),
    )


def _one(actor, case):
    try:
        return access_case(actor, case.uuid)
    except Http404:
        return None


def _many(actor, cases):
    try:
        return access_cases(actor, [c.uuid for c in cases])
    except Http404:
        return None


@pytest.mark.parametrize("name", PEOPLE)
def test_each_case_is_decided_as_by_the_door_for_one(world, name):
    actor = Actor(world.users[name])
    alone = {}
    for case in (world.case, world.closed_case):
        one = _one(actor, case)
        many = _many(actor, [case])
        assert _seen(one) == _seen(many[0] if many else None), (name, case.child.first_name)
        alone[case.pk] = one
    together = _many(actor, [world.case, world.closed_case])
    if all(alone.values()):
        assert [_seen(a) for a in together] == [
            _seen(alone[world.case.pk]),
            _seen(alone[world.closed_case.pk]),
        ]
    else:
        assert together is None, name


def test_the_grounds_differ_per_case_within_one_call(world):
    """The emergency worker: a running emergency access on the world's case, nothing on a
    case they have no place in; the coordinator: a legal task on the open case, the closed
    case as its last regisseur (read-only)."""
    coordinator = access_cases(
        Actor(world.users["coordinator"]), [world.case.uuid, world.closed_case.uuid]
    )
    assert [a.read_only for a in coordinator] == [False, True]
    assert coordinator[0].member is not None
    emergency = access_cases(Actor(world.users["emergency_worker"]), [world.case.uuid])
    assert emergency[0].is_emergency


def test_one_record_per_case_and_a_refusal_refuses_all(world):
    coordinator = world.users["coordinator"]
    membership = Membership.objects.get(user=coordinator)
    extra = [
        case_services.open_case(
            actor=Actor(coordinator),
            membership=membership,
            child_fields={
                "first_name": f"Kind{i}",
                "last_name": "Groep",
                "date_of_birth": dt.date(2021, 3, 1),
            },
        )
        for i in range(3)
    ]
    before = AccessLogEntry.objects.count()
    found = access_cases(
        Actor(coordinator), [c.uuid for c in [world.case, *extra]], object_type="x"
    )
    assert [a.case.pk for a in found] == [c.pk for c in [world.case, *extra]]
    records = AccessLogEntry.objects.order_by("seq")[before:]
    assert [(r.case_ref, r.outcome, r.object_type) for r in records] == [
        (c.uuid, Outcome.ALLOWED, "x") for c in [world.case, *extra]
    ]

    # The teacher is on the world's case, not on the coordinator's new cases: 404, and the
    # refusal on the log under the case refused.
    before = AccessLogEntry.objects.count()
    with pytest.raises(Http404):
        access_cases(Actor(world.users["teacher"]), [world.case.uuid, extra[0].uuid])
    denied = AccessLogEntry.objects.order_by("seq")[before:]
    assert [(r.case_ref, r.outcome) for r in denied] == [(extra[0].uuid, Outcome.DENIED)]

    # A write that touches a closed case is refused as a write (403).
    with pytest.raises(PermissionDenied):
        access_cases(Actor(coordinator, writes=True), [world.case.uuid, world.closed_case.uuid])


def test_the_queries_do_not_grow_with_the_cases(world):
    coordinator = world.users["coordinator"]
    membership = Membership.objects.get(user=coordinator)
    extra = [
        case_services.open_case(
            actor=Actor(coordinator),
            membership=membership,
            child_fields={
                "first_name": f"Kind{i}",
                "last_name": "Groep",
                "date_of_birth": dt.date(2021, 3, 1),
            },
        )
        for i in range(3)
    ]
    with CaptureQueriesContext(connection) as one:
        access_cases(Actor(coordinator), [world.case.uuid])
    with CaptureQueriesContext(connection) as four:
        access_cases(Actor(coordinator), [c.uuid for c in [world.case, *extra]])
    assert len(four) == len(one)
