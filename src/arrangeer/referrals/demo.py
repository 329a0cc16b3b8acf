"""The demo's aanmeldingen, with the parents' consent: the JGZ's youth doctor registers a child
at the demo coordinator's school, and the leerplichtambtenaar registers a thuiszitter at the
samenwerkingsverband; each waits in the receiver's incoming aanmeldingen. For the demo app
only."""

from __future__ import annotations

import datetime as dt
from typing import Any

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
    today = timezone.localdate()
    return _seed(
        referrer,
        school,
        {
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
    )


def seed_swv_referral(
    *, referrer: User, swv: Organisation, current_school: Organisation
) -> Referral | None:
    """One aanmelding from the leerplichtambtenaar to the samenwerkingsverband (a pupil who has
    been at home for weeks), unless there is one already."""
    today = timezone.localdate()
    return _seed(
        referrer,
        swv,
        {
            "referrer_reference": "LPL-2026-047",
            "first_name": "Milan",
            "last_name": "Verhoeven",
            "date_of_birth": today.replace(year=today.year - 11) - dt.timedelta(days=140),
            "bsn": "",
            "current_school": current_school,
            "parent_first_name": "Esther",
            "parent_last_name": "Verhoeven",
            "parent_relation": Relation.MOTHER,
            "parent_has_authority": True,
            "parent_email": "esther.verhoeven@example.invalid",
            "parent_phone": "",
            "reason": (
                "Milan gaat sinds zes weken niet meer naar school. De school ziet geen passend "
                "aanbod meer binnen de eigen ondersteuning. Moeder en school vragen het "
                "samenwerkingsverband mee te denken over een plek en een arrangement."
            ),
            "tried": (
                "Een verzuimgesprek met moeder en Milan, een aangepast rooster van twee "
                "ochtenden per week (vier weken) en een gesprek met de jeugdarts: Milan bleef "
                "thuis."
            ),
            "consent_how": ConsentHow.IN_WRITING,
            "consent_on": today - dt.timedelta(days=2),
            "consent_given_by": "Esther Verhoeven (moeder)",
            "outcome_may_be_shared": True,
        },
    )


def _seed(referrer: User, receiving: Organisation, fields: dict[str, Any]) -> Referral | None:
    """The referrer's aanmelding to the receiving organisation, through the service (so it is
    checked, logged and mailed as any), unless the referrer sent it one already."""
    existing = Referral.objects.filter(referrer=referrer, receiving_organisation=receiving).first()
    if existing is not None:
        return existing
    membership = (
        Membership.objects.active()
        .filter(user=referrer, organisation__region_id=receiving.region_id)
        .select_related("organisation")
        .first()
    )
    if membership is None:
        return None
    return services.submit_referral(
        actor=Actor(referrer),
        membership=membership,
        receiving_organisation=receiving,
        fields=fields,
        consent_confirmed=True,
    )
