"""The handover summary: what a receiving school without Arrangeer reads, in the parts of an
onderwijskundig rapport (personal data, school career, support, test results) and the plan's
goals, modules and funding. Built of the whole-file export's parts, so the PDF and the JSON
come from the project's own builders (cases.export), cut to what the person making it may
see."""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.dossier import child_fields
from arrangeer.cases.export import (
    Document,
    Part,
    Record,
    category_labels,
    day,
    document_data,
    document_pdf,
    record,
    text,
)
from arrangeer.vocabulary import DataCategory

from .constants import SUMMARY_FORMAT
from .models import PupilFileImport, Transition
from .selectors import HandoverView, NextTransition, handover_view, next_transition

EDUCATION = DataCategory.EDUCATION.value


def _row(title: str, fields: list[tuple[str, Any]], kind: str = "transitions.row") -> Record:
    return Record(type=kind, title=title, fields=[(label, text(value)) for label, value in fields])


def _personal(access: CaseAccess, latest: PupilFileImport | None) -> Part:
    rows = [(str(f.label), text(f.value)) for f in child_fields(access)]
    records = [Record(type="children.child", title=access.case.child.full_name, fields=rows)]
    if latest is not None and access.allows(EDUCATION):
        personal = latest.personal
        records.append(
            _row(
                _("From the pupil file of %(school)s") % {"school": latest.sending_school_name},
                [
                    (_("First names"), personal.get("voornamen")),
                    (_("Name used"), personal.get("roepnaam")),
                    (_("Sex"), personal.get("geslacht")),
                    (_("Nationality"), personal.get("nationaliteit")),
                ],
            )
        )
    return Part("personal", _("Personal data"), records)


def _career(
    access: CaseAccess, upcoming: NextTransition | None, latest: PupilFileImport | None
) -> Part:
    records: list[Record] = []
    if upcoming is not None:
        stored = upcoming.stored
        fields: list[tuple[str, Any]] = [
            (_("Kind of transition"), upcoming.kind_label),
            (_("Date of the transition"), day(upcoming.expected_on)),
            (_("School year"), upcoming.school_year),
        ]
        if stored is not None:
            fields += [
                (_("Sending school"), stored.sending_school or access.case.child.school),
                (_("Receiving school"), stored.receiving_school),
                (_("SWV of the receiving region"), stored.receiving_swv),
                (_("Handover MDO on"), day(stored.handover_mdo_on)),
                (_("Status"), stored.get_status_display()),
            ]
        records.append(_row(_("The transition"), fields))
    if latest is not None and access.allows(EDUCATION):
        for entry in latest.school_career:
            records.append(
                _row(
                    entry.get("school", ""),
                    [
                        (_("BRIN code"), entry.get("brin")),
                        (_("Kind of education"), entry.get("onderwijssoort")),
                        (_("Group or year"), entry.get("groep_of_leerjaar")),
                        (_("From"), entry.get("van")),
                        (_("Until"), entry.get("tot")),
                    ],
                )
            )
        if latest.advice:
            records.append(
                _row(
                    _("School advice"),
                    [
                        (_("Advice"), latest.advice.get("schooladvies")),
                        (_("Date"), latest.advice.get("datum")),
                        (_("Explanation"), latest.advice.get("toelichting")),
                    ],
                )
            )
    return Part("school_career", _("School career"), records)


def _support(access: CaseAccess, view: HandoverView, latest: PupilFileImport | None) -> Part:
    case = access.case
    records: list[Record] = []
    if access.allows(EDUCATION) and case.school_plan_kind:
        records.append(
            _row(
                case.get_school_plan_kind_display(),
                [(_("Evaluated on"), day(case.school_plan_evaluated_on))],
            )
        )
    for need in view.needs:
        records.append(record(need, ["of_whom", "text"], title=need.get_of_whom_display()))
    for entry in view.strengths:
        records.append(
            record(entry, ["child_can_wants", "what_is_needed"], title=entry.get_domain_display())
        )
    if latest is not None and access.allows(EDUCATION):
        for item in latest.support:
            records.append(
                _row(
                    item.get("soort", ""),
                    [
                        (_("Description"), item.get("omschrijving")),
                        (_("From"), item.get("van")),
                        (_("Until"), item.get("tot")),
                    ],
                )
            )
    return Part("support", _("Support"), records)


def _tests(access: CaseAccess, latest: PupilFileImport | None) -> Part:
    records: list[Record] = []
    if latest is not None and access.allows(EDUCATION):
        for result in latest.test_results:
            records.append(
                _row(
                    result.get("toets", ""),
                    [
                        (_("Test code"), result.get("toetscode")),
                        (_("Part"), result.get("onderdeel")),
                        (_("Date"), result.get("datum")),
                        (_("Score"), result.get("score")),
                        (_("Level"), result.get("niveau")),
                    ],
                )
            )
    return Part("test_results", _("Test results"), records, table=True, row_label=_("Test"))


def _plan(view: HandoverView) -> list[Part]:
    goals = [
        record(goal, ["side", "what", "target", "deadline", "owner"], title=goal.what or str(goal))
        for goal in view.goals
    ]
    modules = [
        record(
            module,
            [
                "side",
                "provider",
                "function",
                "start_date",
                "end_date",
                "funding_framework",
                "instrument",
                "decision_status",
                "decision_ends_on",
            ],
            title=module.title,
        )
        for module in view.modules
    ]
    return [
        Part("goals", _("The plan's goals"), goals),
        Part(
            "modules",
            _("Running modules and their funding"),
            modules,
            note=_("Each module with the end of its funding decision: plan what follows in time."),
        ),
    ]


def _consent_note(transition: Transition | None) -> str:
    if transition is None or transition.consent is None:
        return ""
    return _("The family consented on %(date)s to sharing: %(categories)s.") % {
        "date": day(transition.consent.valid_from),
        "categories": category_labels(transition.consent.categories),
    }


def build(access: CaseAccess) -> Document:
    upcoming = next_transition(access.case)
    stored = upcoming.stored if upcoming is not None else None
    view = handover_view(access, stored)
    latest = view.imports[0] if view.imports else None
    parts = [
        _personal(access, latest),
        _career(access, upcoming, latest),
        _support(access, view, latest),
        _tests(access, latest),
        *_plan(view),
    ]
    scope = " ".join(
        s
        for s in (
            _(
                "Handover summary for the receiving school, made by %(organisation)s with the "
                "data it may see in this case."
            )
            % {"organisation": access.organisation.name if access.organisation else ""},
            _consent_note(stored),
        )
        if s
    )
    return Document(
        title=_("Handover summary of %(name)s") % {"name": access.case.child.full_name},
        scope=scope,
        made_at=timezone.now(),
        parts=parts,
    )


def summary_pdf(access: CaseAccess) -> bytes:
    """In Dutch, as a Dutch school reads it, whatever the maker's language."""
    with translation.override("nl"):
        return document_pdf(
            build(access),
            title=_("Handover summary"),
            subject=_("What the next school needs to know about a child, shared with consent"),
        )


def summary_data(access: CaseAccess) -> dict[str, Any]:
    with translation.override("nl"):
        return document_data(build(access), format_name=SUMMARY_FORMAT)
