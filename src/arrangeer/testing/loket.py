"""The Integraal Loket for tests: a Loket in the world's region with an adviser, the
parents' consent for it, a question advised with a partner and a module, and a match in both
domains (the world's youth team registers the world's child)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases import consents as consent_services
from arrangeer.cases.access import Actor, access_case, access_case_for_advice
from arrangeer.consents.constants import ConsentPurpose, Evidence
from arrangeer.loket import services
from arrangeer.loket.models import Consult, Match
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation
from arrangeer.organisations.services import grant_membership
from arrangeer.plans.constants import ModuleFunction, Side
from arrangeer.testing.factories import UserFactory
from arrangeer.vocabulary import DataCategory


@dataclass
class LoketWorld:
    loket: Organisation
    adviser: User
    adviser_membership: Membership
    consult: Consult | None = None
    match: Match | None = None


def loket_in(world: object, *, with_consent: bool = True) -> LoketWorld:
    from arrangeer.testing.world import World

    assert isinstance(world, World)
    loket = Organisation.objects.create(
        region=world.region, name="Integraal Loket Test", type=OrganisationType.INTEGRAL_DESK
    )
    adviser = UserFactory.create(username="loket_adviser", first_name="Lotte", last_name="Loket")
    membership = grant_membership(user=adviser, organisation=loket, role=Role.INTEGRAL_DESK_ADVISER)
    if with_consent:
        consent_services.record_consent(
            access_case(Actor(world.coordinator), world.case.uuid),
            organisation=loket,
            categories=[DataCategory.EDUCATION, DataCategory.YOUTH_CARE],
            purpose="Advies van het Loket",
            purpose_kind=ConsentPurpose.LOKET,
            given_by_representative=world.parent,
            given_by_child=True,
            valid_from=timezone.localdate(),
            valid_until=None,
            evidence=Evidence.SIGNED_FORM,
        )
    return LoketWorld(loket, adviser, membership)


def advised_consult(world: object, built: LoketWorld) -> Consult:
    """The regisseur asks; the adviser proposes the youth team's other worker and a module."""
    from arrangeer.testing.world import World

    assert isinstance(world, World)
    consult = services.ask_loket(
        access_case(Actor(world.coordinator), world.case.uuid),
        loket=built.loket,
        question="Hoe krijgen we Sem weer naar school?",
        tried="Gesprekken met ouders en een aangepast rooster.",
        urgency="normaal",
    )
    partner = Membership.objects.get(user=world.youth_worker_off_team)
    return services.advise(
        access_case_for_advice(
            Actor(built.adviser), world.case.uuid, organisation_id=built.loket.pk
        ),
        consult,
        advice="Betrek het jeugdteam en start een opbouwmodule.",
        route_step="Organiseren van het breed overleg",
        partners=[partner],
        modules=[
            {
                "title": "Opbouw schoolgang",
                "side": Side.EDUCATION,
                "function": ModuleFunction.OPBOUWEN,
                "provider": world.school,
            }
        ],
    )


def matrix_loket(world: object) -> LoketWorld:
    """For the authorization matrix: the advised consult and a match, whose youth side is the
    youth team's worker off the team."""
    from arrangeer.testing.world import World

    assert isinstance(world, World)
    built = loket_in(world)
    built.consult = advised_consult(world, built)
    worker = Membership.objects.get(user=world.youth_worker_off_team)
    services.record_signal(
        Actor(world.youth_worker_off_team),
        membership=worker,
        bsn=world.child.bsn,
        child_name="Sem V.",
    )
    built.match = Match.objects.get(youth__contact=worker)
    return built
