"""The demo regions' quality contact points (seed 003): the first municipality's, with its
account manager from contract management, and the SWV's, with its consultant; and one concern
in the demo region. For the demo app only."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases.access import Actor, access_family_case
from arrangeer.cases.models import Case
from arrangeer.organisations.models import Membership, Organisation, Region

from . import services
from .constants import ConcernKind, ContactPointKind, SharedPart
from .models import Concern, ContactHandler, ContactPoint
from .selectors import concerned_choices

_DESCRIPTION = {
    ContactPointKind.MUNICIPALITY: (
        "Zorgen over de jeugdhulp? De accountmanager contractbeheer van de gemeente kijkt "
        "ernaar, praat met de aanbieder en laat u weten wat eruit kwam."
    ),
    ContactPointKind.SWV: (
        "Zorgen over de ondersteuning op school? Een consulent van het samenwerkingsverband "
        "kijkt ernaar, samen met de kwaliteitsfunctionaris."
    ),
}


def seed_contact_points(
    region: Region,
    *,
    municipality: Organisation,
    swv: Organisation,
    municipality_handler: Membership | None,
    swv_handler: Membership | None,
) -> None:
    """Two contact points, unless the region has them already."""
    if ContactPoint.objects.filter(region=region).exists():
        return
    for kind, organisation, handler, title, kinds in (
        (
            ContactPointKind.MUNICIPALITY,
            municipality,
            municipality_handler,
            "Accountmanager contractbeheer",
            [],
        ),
        (
            ContactPointKind.SWV,
            swv,
            swv_handler,
            "Consulent",
            [ConcernKind.EDUCATION.value, ConcernKind.COOPERATION.value],
        ),
    ):
        point = ContactPoint.objects.create(
            region=region,
            kind=kind,
            organisation=organisation,
            name=f"Meldpunt kwaliteit {organisation.name}",
            description=_DESCRIPTION[kind],
        )
        if handler is not None:
            ContactHandler.objects.create(
                contact_point=point, membership=handler, title=title, kinds=kinds
            )


def seed_concern(case: Case, *, parent: User, provider_name: str) -> Concern | None:
    """The parent's concern about the youth care provider on the case, to the municipality's
    contact point, not shared with the provider: waiting for the acknowledgement."""
    if Concern.objects.filter(case=case).exists():
        return None
    point = ContactPoint.objects.filter(
        region=case.region, kind=ContactPointKind.MUNICIPALITY
    ).first()
    if point is None:
        return None
    access = access_family_case(Actor(parent), case.uuid)
    concerned = concerned_choices(access).filter(name=provider_name).first()
    if concerned is None:
        return None
    return services.report_concern(
        access,
        contact_point=point,
        kind=ConcernKind.YOUTH_CARE,
        concerned=concerned,
        what=(
            "De begeleider van Daan is de laatste weken vaak niet gekomen. We horen het pas "
            "op het laatste moment. Daan raakt daardoor van slag."
        ),
        since=timezone.localdate() - dt.timedelta(days=35),
        tried="Twee keer gebeld met de aanbieder en het gezegd tegen de regisseur.",
        parts=[SharedPart.MODULES.value],
    )
