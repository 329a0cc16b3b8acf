"""The quality contact point for tests: the world's municipality runs the contact point and
its policy officer handles every kind of concern; the matrix gets a parent's report about the
school (not shared with it) and the regisseur's report about the youth care provider."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from arrangeer.cases.access import Actor, access_case, access_family_case
from arrangeer.organisations.models import Membership
from arrangeer.quality import services
from arrangeer.quality.constants import ConcernKind, ContactPointKind, SharedPart
from arrangeer.quality.models import Concern, ContactHandler, ContactPoint


@dataclass
class QualityWorld:
    point: ContactPoint
    parents_concern: Concern
    regisseurs_concern: Concern


def contact_point(world: object) -> ContactPoint:
    from arrangeer.testing.world import World

    assert isinstance(world, World)
    point = ContactPoint.objects.create(
        region=world.region,
        kind=ContactPointKind.MUNICIPALITY,
        organisation=world.municipality,
        name="Meldpunt kwaliteit Gemeente Test",
    )
    ContactHandler.objects.create(
        contact_point=point,
        membership=Membership.objects.get(user=world.policy_officer),
        title="Accountmanager contractbeheer",
    )
    return point


def matrix_concerns(world: object) -> QualityWorld:
    from arrangeer.testing.world import World

    assert isinstance(world, World)
    point = contact_point(world)
    since = timezone.localdate() - dt.timedelta(days=30)
    family = access_family_case(Actor(world.users["parent"]), world.case.uuid)
    parents = services.report_concern(
        family,
        contact_point=point,
        kind=ConcernKind.EDUCATION,
        concerned=world.school,
        what="De leesbegeleiding wordt steeds afgezegd.",
        since=since,
        tried="Gesprek met de leerkracht.",
        parts=[SharedPart.SCHOOL],
    )
    regie = access_case(Actor(world.coordinator), world.case.uuid)
    regisseurs = services.report_concern(
        regie,
        contact_point=point,
        kind=ConcernKind.YOUTH_CARE,
        concerned=world.youth_team,
        what="De afspraken worden niet nagekomen.",
        since=since,
        parts=[SharedPart.TEAM],
    )
    return QualityWorld(point, parents, regisseurs)
