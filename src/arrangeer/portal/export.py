"""The family's own parts of the whole-file export (cases.export's registry; imported from
PortalConfig.ready()): the child's view ("Hoe denk jij erover?"), the parents' logbook, the
questionnaire and the invitations to the portal.

Who sees what is decided in `services` (one place, shared with the pages):
`child_views_for`, `logbook_for`, `answers_for`, `invitations_for`."""

from __future__ import annotations

from django.utils.translation import gettext as _

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.export import Part, record, register_part, text, when

from . import gifts, services


@register_part("family", order=80)
def family_parts(access: CaseAccess) -> list[Part]:
    return [
        Part(
            "child_views",
            _("The child's view"),
            [
                record(
                    v,
                    ["part", "feeling", "text", "by_child", "recorded_by", "recorded_at"],
                    title=f"{v.get_part_display()} · {when(v.recorded_at)}",
                )
                for v in services.child_views_for(access)
            ],
        ),
        Part(
            "logbook",
            _("The parents' logbook"),
            [
                record(e, ["text", "author", "written_at"], title=when(e.written_at))
                for e in services.logbook_for(access)
            ],
        ),
        Part(
            "from_family",
            _("What the family gave the team"),
            [
                record(
                    m,
                    ["kind", "author", "given_at", "text", "read_at", "read_by"],
                    title=f"{m.get_kind_display()} · {when(m.given_at)}",
                )
                for m in gifts.family_messages(access, limit=None)
            ],
        ),
        _questionnaire(access),
        _invitations(access),
    ]


def _questionnaire(access: CaseAccess) -> Part:
    return Part(
        "questionnaire",
        _("Questionnaire"),
        [
            record(
                a,
                ["moment", "usefulness", "heard", "overall", "remark"],
                title=f"{a.get_moment_display()} · {when(a.answered_at)}",
                extra=[
                    (_("Answered by"), services.respondent_label(a.respondent)),
                    (_("Answered at"), a.answered_at),
                ],
            )
            for a in services.answers_for(access)
        ],
    )


def _invitations(access: CaseAccess) -> Part:
    return Part(
        "invitations",
        _("Invitations to the portal"),
        [
            record(
                i,
                ["email", "for_child", "created_by", "created_at", "expires_at", "used_at"],
                title=text(i.representative) if i.representative else _("The young person"),
            )
            for i in services.invitations_for(access)
        ],
    )
