"""The rules of the Loket in one place: the advice's deadline in working days, who asks,
who takes an advice over, and which side of "known in both domains" an organisation is on."""

from __future__ import annotations

import datetime as dt

from arrangeer.cases.access import CaseAccess
from arrangeer.core.workdays import add_working_days
from arrangeer.organisations.models import Organisation, Region

from .constants import ASKING_ROLES, DOMAIN_OF_TYPE
from .models import AdviceDeadline, Consult


def advice_days(region: Region) -> int:
    return AdviceDeadline.value_for(region)


def due_on(region: Region, asked_on: dt.date) -> dt.date:
    return add_working_days(asked_on, advice_days(region))


def may_ask(access: CaseAccess) -> bool:
    """The gouden driehoek's people with a place on the team: intern begeleider, SWV
    specialist, youth-team worker. Emergency access is not the team."""
    return (
        access.member is not None
        and not access.read_only
        and access.member.membership.role in ASKING_ROLES
    )


def may_take_over(access: CaseAccess, consult: Consult) -> bool:
    """Who asked, or the regisseur, on the team of the open case."""
    return (
        access.member is not None
        and not access.read_only
        and (access.is_regisseur or consult.asked_by_id == access.user.pk)
    )


def may_advise(access: CaseAccess, consult: Consult) -> bool:
    return (
        access.is_advice_seat
        and access.seat is not None
        and access.seat.organisation_id == (consult.loket_id)
    )


def domain_of(organisation: Organisation) -> str | None:
    return DOMAIN_OF_TYPE.get(organisation.type)
