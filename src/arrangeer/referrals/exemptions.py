"""The vrijstellingen van de leerplicht of a case: the leerplichtambtenaar on the team records
one (on which ground, from when, until when); who reads the case's education data sees them on
the dossier. The regional monitor counts them (monitor/outcomes.py)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.dossier import register_section
from arrangeer.organisations.constants import Role

from .activities import save_activity
from .constants import EXEMPTION_CATEGORY, ExemptionGround
from .models import Exemption


def may_read_exemptions(access: CaseAccess) -> bool:
    return access.allows(EXEMPTION_CATEGORY)


def may_record_exemption(access: CaseAccess) -> bool:
    """Only the leerplichtambtenaar on the team, while the case is open."""
    return (
        access.member is not None
        and not access.read_only
        and access.role == Role.LEERPLICHT_OFFICER
        and access.allows(EXEMPTION_CATEGORY)
    )


def exemptions_of(access: CaseAccess) -> list[Exemption]:
    """The case's vrijstellingen, for who reads its education data (none for the others)."""
    if not may_read_exemptions(access):
        return []
    return list(Exemption.objects.filter(case=access.case).select_related("by"))


@transaction.atomic
def record_exemption(
    access: CaseAccess,
    *,
    ground: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    note: str = "",
) -> Exemption:
    """A vrijstelling van de leerplicht: its ground in the Leerplichtwet, from when and (when
    limited) until when, recorded with who recorded it."""
    if access.read_only:
        raise PermissionDenied(_("This case is closed: it can still be read, not changed."))
    if not may_record_exemption(access):
        raise PermissionDenied(
            _("Only the leerplichtambtenaar on the team records a vrijstelling.")
        )
    if ground not in ExemptionGround.values:
        raise ValidationError({"ground": _("Choose the ground of the vrijstelling.")})
    if starts_on > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationError({"starts_on": _("This date is more than a year ahead.")})
    if ends_on is not None and ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The end date must be after the start date.")})
    exemption = Exemption(
        case=access.case,
        ground=ground,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note.strip(),
    )
    save_activity(access, exemption, object_type="exemption", category=EXEMPTION_CATEGORY)
    return exemption


@register_section("exemptions", template="referrals/_dossier_exemptions.html")
def exemptions_section(access: CaseAccess) -> dict[str, object]:
    """The vrijstellingen on the dossier page, and the link to record one for leerplicht."""
    return {
        "shown": may_read_exemptions(access),
        "items": exemptions_of(access),
        "may_record": may_record_exemption(access),
    }
