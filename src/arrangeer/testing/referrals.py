"""Aanmeldingen for tests: one sent by the teacher of the other school to the world's school,
and the world's case as the case it was accepted into (for the matrix)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from arrangeer.cases.access import Actor
from arrangeer.organisations.models import Membership, Organisation
from arrangeer.referrals import services
from arrangeer.referrals.constants import ConsentHow, ReferralStatus
from arrangeer.referrals.models import Referral


def referral_fields(**overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    fields: dict[str, Any] = {
        "referrer_reference": "DOS-77",
        "first_name": "Noor",
        "last_name": "Aanmeldkind",
        "date_of_birth": today.replace(year=today.year - 10) - dt.timedelta(days=40),
        "bsn": "",
        "parent_first_name": "Lies",
        "parent_last_name": "Aanmeldkind",
        "parent_relation": "moeder",
        "parent_has_authority": True,
        "parent_email": "lies@test.invalid",
        "parent_phone": "",
        "reason": "Leesproblemen en somberheid sinds de verhuizing",
        "tried": "Extra leesbegeleiding in de klas, zes weken",
        "consent_how": ConsentHow.SIGNED_FORM,
        "consent_on": today,
        "consent_given_by": "Lies Aanmeldkind",
        "outcome_may_be_shared": True,
    }
    fields.update(overrides)
    return fields


def send_referral(
    referrer: Any, membership: Membership, school: Organisation, **overrides: Any
) -> Referral:
    return services.submit_referral(
        actor=Actor(referrer),
        membership=membership,
        receiving_organisation=school,
        fields=referral_fields(**overrides),
        consent_confirmed=True,
    )


def matrix_referral(world: Any) -> Referral:
    """An aanmelding by the teacher of the other school, accepted into the world's case."""
    user = world.users["teacher_other_school"]
    membership = Membership.objects.get(user=user)
    referral = send_referral(user, membership, world.school)
    Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.ACCEPTED, case=world.case)
    referral.refresh_from_db()
    return referral
