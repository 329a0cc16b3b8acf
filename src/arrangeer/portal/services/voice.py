"""The child's voice and the parents' logbook: the child's view recorded (by the young
person, or with them by someone on the team) and who reads the views and the logbook."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change

from ..models import ChildView, Feeling, LogbookEntry, PlanPart


@transaction.atomic
def record_child_view(access: CaseAccess, *, part: str, feeling: str, text: str) -> ChildView:
    """The young person from 12 in the portal, or a professional on the team who fills it in
    together with the child (a younger child, or one who prefers to talk)."""
    place = access.family
    by_child = place is not None and place.is_child
    if place is not None and not by_child:
        raise PermissionDenied(_("This page is for the child."))
    if place is None and access.member is None:
        raise PermissionDenied(_("Only someone on the team fills this in with the child."))
    errors = {}
    if part not in PlanPart.values:
        errors["part"] = _("Choose what it is about.")
    if feeling not in Feeling.values:
        errors["feeling"] = _("Choose how it feels.")
    if errors:
        raise ValidationError(errors)
    view = ChildView.objects.create(
        case=access.case,
        part=part,
        feeling=feeling,
        text=text.strip(),
        by_child=by_child,
        recorded_by=access.user,
    )
    log_change(access, event=Event.CREATE, object_type="child_view", object_id=str(view.uuid))
    return view


def child_views_for(access: CaseAccess) -> list[ChildView]:
    """The child's views this person may read: the young person their own, the team all
    (as on "Hoe denk jij erover?"); a parent reads the child's view where it is in the plan."""
    place = access.family
    if place is not None and not place.is_child:
        return []
    return list(
        ChildView.objects.filter(case=access.case)
        .select_related("recorded_by")
        .order_by("-recorded_at", "-pk")
    )


def logbook_for(access: CaseAccess) -> list[LogbookEntry]:
    """The parents' logbook: the family reads it in the portal; of the professionals, the
    regisseur (the family's contact) reads it."""
    if access.family is None and not access.is_regisseur:
        return []
    return list(
        LogbookEntry.objects.filter(case=access.case)
        .select_related("author")
        .order_by("-written_at", "-pk")
    )
