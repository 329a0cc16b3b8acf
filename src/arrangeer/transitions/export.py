"""The transitions' part of the whole-file export (cases.export's registry; imported from
TransitionsConfig.ready()): each transition of the case with its receiving school and dates,
the pupil files read in for it (school data: for who reads education) and its changes, for
the team and the family."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.export import (
    Part,
    Record,
    day,
    history_part,
    item_history,
    record,
    register_part,
)
from arrangeer.core.models_util import field_label
from arrangeer.vocabulary import DataCategory

from .models import PupilFileImport, Transition

FIELDS = [
    "kind",
    "expected_on",
    "set_by_hand",
    "note",
    "status",
    "sending_school",
    "receiving_school",
    "receiving_swv",
    "handover_mdo_on",
    "regie_agreed_at",
    "completed_at",
]
FILE_FIELDS = ["file_name", "sending_school_name", "sending_brin", "imported_by", "imported_at"]
FILE_PARTS = ["personal", "school_career", "support", "test_results", "advice"]


def _value(value: object) -> str:
    """A value of the pupil file in words: a date as people write it."""
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return day(dt.date.fromisoformat(text))
        except ValueError:
            return text
    return text


def _entry(entry: dict[str, object]) -> str:
    return ", ".join(_value(v) for v in entry.values() if v not in ("", None))


def _described(value: object) -> str:
    """A part of the pupil file (a group of fields, or a list of them) as lines of text."""
    if isinstance(value, dict):
        return _entry(value)
    if isinstance(value, list):
        return "\n".join(_entry(item) for item in value if isinstance(item, dict))
    return _value(value)


def _file_record(imported: PupilFileImport) -> Record:
    return record(
        imported,
        FILE_FIELDS,
        title=imported.file_name,
        extra=[
            (field_label(PupilFileImport, name), _described(getattr(imported, name)))
            for name in FILE_PARTS
        ],
    )


@register_part("transitions", order=78)
def transition_parts(access: CaseAccess) -> list[Part]:
    if access.member is None and not access.is_family:
        return []
    found = list(
        Transition.objects.filter(case=access.case)
        .select_related("sending_school", "receiving_school", "receiving_swv")
        .order_by("expected_on", "pk")
    )
    if not found:
        return []
    school_data = access.allows(DataCategory.EDUCATION)
    files: dict[int, list[PupilFileImport]] = {}
    if school_data:
        for imported in PupilFileImport.objects.filter(transition__in=found).select_related(
            "imported_by"
        ):
            files.setdefault(imported.transition_id, []).append(imported)
    records = []
    for transition in found:
        parts = []
        if files.get(transition.pk):
            parts.append(
                Part(
                    "pupil_files",
                    _("Pupil files read in"),
                    [_file_record(f) for f in files[transition.pk]],
                )
            )
        records.append(record(transition, FIELDS, title=str(transition), parts=parts))
    rows = list(
        Transition.history.filter(id__in=[t.pk for t in found]).select_related("history_user")
    )
    return [
        Part("transitions", _("Transitions"), records),
        history_part(
            "transition_history",
            _("Changes to the transitions"),
            item_history([(Transition, rows, _("Transition"))]),
        ),
    ]
