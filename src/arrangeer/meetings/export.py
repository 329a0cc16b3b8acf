"""The MDO's part of the whole-file export (cases.export's registry; imported from
MeetingsConfig.ready()): every meeting with who was invited and came, the agenda with its
minutes, the decisions, the agreements and what participants brought beforehand.

Each meeting is read through `selectors.meeting_view`, as on the meeting's page: the minutes
once approved (the draft for the chair and the regisseur), within the person's data
categories. The family sees no professional's preparation, only what they wrote themselves."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.export import Part, Record, record, register_part, text, when
from arrangeer.core.models_util import field_label

from .models import Decision, Meeting, Preparation
from .selectors import MeetingView, meeting_views, meetings_of


def _decision(access: CaseAccess, decision: Decision) -> Record:
    """A decision with the goal and the module it concerns, where the person may see them."""
    extra: list[tuple[str, object]] = []
    for name in ("goal", "module"):
        linked = getattr(decision, name)
        if linked is not None and access.allows(linked.category):
            extra.append((field_label(Decision, name), str(linked)))
    return record(decision, ["text", "agenda_item", "category"], title=decision.text, extra=extra)


_MEETING_FIELDS = (
    "kind",
    "status",
    "starts_at",
    "ends_at",
    "place",
    "room",
    "video_link",
    "interpreter_needed",
    "interpreter_language",
    "chair",
    "parents_absent_reason",
    "minutes_approved_at",
    "minutes_approved_by",
)
_INVITEE_FIELDS = (
    "kind",
    "status",
    "decided_by_representative",
    "decided_via",
    "decided_at",
    "decision_reason",
    "sent_at",
    "response_note",
    "attendance",
)
_PREPARATION_FIELDS = (
    "is_child_view",
    "goes_well",
    "can_be_better",
    "support_needed",
    "already_tried",
    "text",
    "author",
    "created_at",
)


def _meeting(access: CaseAccess, view: MeetingView, preparations: list[Preparation]) -> Record:
    meeting = view.meeting
    return record(
        meeting,
        _MEETING_FIELDS,
        title=f"{meeting.get_kind_display()} · {when(meeting.starts_at)}",
        parts=[
            Part(
                "invitees",
                _("Invitees"),
                [record(i, _INVITEE_FIELDS, title=i.name) for i in view.invitees],
            ),
            Part(
                "agenda",
                _("Agenda and minutes"),
                [
                    record(a, ["title", "minutes"], title=f"{a.position}. {a.title}")
                    for a in view.agenda
                ],
                note="" if view.sees_minutes else _("The minutes are not yet approved."),
            ),
            Part(
                "decisions",
                _("Decisions"),
                [_decision(access, d) for d in view.decisions],
            ),
            Part(
                "actions",
                _("Agreements"),
                [
                    record(a, ["what", "owner", "due", "done_at", "category"], title=a.what)
                    for a in view.actions
                ],
            ),
            Part(
                "preparations",
                _("Brought to the meeting beforehand"),
                [
                    record(
                        p,
                        _PREPARATION_FIELDS,
                        title=text(p.invitee.name if p.invitee else p.author),
                    )
                    for p in preparations
                ],
            ),
        ],
    )


@register_part("meetings", order=70)
def meeting_parts(access: CaseAccess) -> list[Part]:
    meetings: list[Meeting] = list(
        meetings_of(access)
        .select_related("chair__membership__organisation", "minutes_approved_by")
        .order_by("starts_at", "pk")
    )
    views = meeting_views(access, meetings)
    own: dict[int, list[Preparation]] = defaultdict(list)
    if access.family is not None:
        for preparation in (
            Preparation.objects.filter(meeting__in=meetings, author=access.user)
            .select_related(
                "author", "invitee__team_member__membership__user", "invitee__representative"
            )
            .order_by("created_at", "pk")
        ):
            own[preparation.meeting_id].append(preparation)
    return [
        Part(
            "meetings",
            _("Meetings (MDO)"),
            [
                _meeting(
                    access,
                    view,
                    own[view.meeting.pk] if access.family is not None else view.preparations,
                )
                for view in views
            ],
        )
    ]
