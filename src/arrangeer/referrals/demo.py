"""The demo's aanmelding: the JGZ's youth doctor registers a child at the demo coordinator's
school, with the parents' consent; it waits in the coordinator's incoming aanmeldingen. For the
demo app only."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases.access import Actor
from arrangeer.children.constants import Relation
from arrangeer.organisations.models import Membership, Organisation

from . import services
from .constants import ConsentHow
from .models import Referral


def seed_incoming_referral(
    *, referrer: User, school: Organisation, current_school: Organisation
) -> Referral | None:
    """One aanmelding from the referrer to the school, unless there is one already."""
    existing = Referral.objects.filter(referrer=referrer, receiving_organisation=school).first()
    if existing is not None:
        return existing
    membership = (
        Membership.objects.active()
        .filter(user=referrer, organisation__region_id=school.region_id)
        .select_related("organisation")
        .first()
    )
    if membership is None:
        return None
    today = timezone.localdate()
    return services.submit_referral(
        actor=Actor(referrer),
        membership=membership,
        receiving_organisation=school,
        fields={
            "referrer_reference": "JGZ-2026-118",
            "first_name": "Yara",
            "last_name": "Bos",
            "date_of_birth": today.replace(year=today.year - 9) - dt.timedelta(days=75),
            "bsn": "",
            "current_school": current_school,
            "parent_first_name": "Ingrid",
            "parent_last_name": "Bos",
            "parent_relation": Relation.MOTHER,
            "parent_has_authority": True,
            "parent_email": "ingrid.bos@example.invalid",
            "parent_phone": "",
            "reason": (
                "Yara is sinds de zomer vaak ziek gemeld en zegt buikpijn te hebben voor school. "
                "Op het consult bij de jeugdarts vertelde zij dat ze gepest wordt. Moeder vraagt "
                "om een nieuwe start op een andere school, met begeleiding."
            ),
            "tried": (
                "Twee gesprekken met de jeugdverpleegkundige, een gesprek met de intern "
                "begeleider van Het Kompas, een pestprotocol in de klas (acht weken): de "
                "buikpijn bleef."
            ),
            "consent_how": ConsentHow.SIGNED_FORM,
            "consent_on": today - dt.timedelta(days=3),
            "consent_given_by": "Ingrid Bos (moeder)",
            "outcome_may_be_shared": True,
        },
        consent_confirmed=True,
    )
