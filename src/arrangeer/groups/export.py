"""The group arrangement's part of the whole-file export (cases.export's registry; imported
from GroupsConfig.ready()): the child's intake and place in a group, for who reads the case's
education data (a place is an education module of the child's plan)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.export import Part, record, register_part
from arrangeer.vocabulary import DataCategory

from .models import Placement

FIELDS = [
    "status",
    "intake_on",
    "intake_choice",
    "parents_prefer",
    "parents_view",
    "placed_on",
    "left_on",
    "destination",
    "outflow_note",
]


@register_part("groups", order=74)
def placement_parts(access: CaseAccess) -> list[Part]:
    if not access.allows(DataCategory.EDUCATION):
        return []
    placements = Placement.objects.filter(case=access.case).select_related("group").order_by("pk")
    records = [record(p, FIELDS, title=p.group.name) for p in placements]
    return [Part("groups", _("Group arrangement"), records)] if records else []
