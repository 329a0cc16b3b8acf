"""What the dossier page shows of a case, cut to what the viewer may see.

Fields of a category the viewer has no ground for are left out of the context altogether
(absent, not blanked), so a template cannot show them by mistake."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.children.constants import CHILD_FIELD_CATEGORIES
from arrangeer.children.models import Child
from arrangeer.consents.constants import DataCategory
from arrangeer.consents.models import Consent
from arrangeer.core.models_util import field_label
from arrangeer.plans.services import plan_view

from .access import CaseAccess, running_emergency_accesses
from .constants import CASE_FLAGS, MemberStatus
from .models import Case, TeamMember


def flag_names() -> tuple[str, ...]:
    return CASE_FLAGS


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    value: Any


def child_fields(access: CaseAccess) -> list[Field]:
    """The child's data the viewer may see, in display order."""
    child: Child = access.case.child
    shown: list[Field] = [
        Field("full_name", _("Name"), child.full_name),
        Field("date_of_birth", field_label(Child, "date_of_birth"), child.date_of_birth),
        Field("school", field_label(Child, "school"), child.school or "—"),
    ]
    if access.can_see_bsn and child.bsn:
        shown.append(Field("bsn", field_label(Child, "bsn"), child.bsn))
    for name in ("home_language", "interpreter_needed"):
        shown.append(Field(name, field_label(Child, name), getattr(child, name)))
    for name, category in CHILD_FIELD_CATEGORIES.items():
        if not access.allows(category):
            continue
        value = getattr(child, name)
        if name == "sector":
            value = child.get_sector_display()
        shown.append(Field(name, field_label(Child, name), value))
    return shown


def active_flags(case: Case) -> list[str]:
    return [field_label(Case, flag) for flag in CASE_FLAGS if getattr(case, flag)]


def _meetings(access: CaseAccess) -> list[Any]:
    """The case's meetings for the "Overleggen" section (one query)."""
    from arrangeer.meetings.selectors import meetings_of

    return list(meetings_of(access).order_by("-starts_at")[:20])


def build(access: CaseAccess) -> dict[str, Any]:
    case = access.case
    child = case.child
    today = timezone.localdate()
    band = child.age_band(today)
    team = list(
        TeamMember.objects.filter(
            case=case, status__in=[MemberStatus.ACTIVE, MemberStatus.PROPOSED]
        )
        .select_related("membership__user", "membership__organisation")
        .order_by("status", "proposed_at")
    )
    consents = list(
        Consent.objects.active_on(today)
        .filter(case=case)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    emergencies = list(
        running_emergency_accesses()
        .filter(case=case)
        .select_related("user", "membership__organisation")
    )
    representatives = list(child.representatives.all())
    return {
        "access": access,
        "case": case,
        "child": child,
        "age": child.age(today),
        "fields": child_fields(access),
        "flags": active_flags(case),
        "team": team,
        "consents": consents,
        "renewals": [c for c in consents if c.needs_renewal(band)] if access.is_regisseur else [],
        "emergencies": emergencies,
        "representatives": representatives,
        "plan": plan_view(access),
        "meetings": _meetings(access),
        "categories": [
            (value, label, value in access.categories) for value, label in DataCategory.choices
        ],
    }
