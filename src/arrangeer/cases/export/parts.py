"""The case's own parts of the whole file: the child, the parents, the case, the team,
consents, mails to the family, the regisseur's checklist, the route and the regie, the
changes to the case and the access log."""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from arrangeer.audit.services import entries_for_case
from arrangeer.consents.models import Consent, ParentSharing
from arrangeer.core.models_util import field_label
from arrangeer.routes import checklist
from arrangeer.routes.guards import all_guards

from .. import history, journey
from ..access import CaseAccess
from ..dossier import active_flags, child_fields
from ..models import (
    ChecklistMark,
    EmergencyAccess,
    FamilyNotice,
    RegieTransfer,
    StepChange,
    TeamMember,
)
from .registry import Part, Record, history_part, history_records, record, register_part
from .values import category_labels, label_of, role_label, text, when


@register_part("child", order=10)
def _child(access: CaseAccess) -> list[Part]:
    child = access.case.child
    rows = [(capfirst(f.label), text(f.value)) for f in child_fields(access)]
    return [
        Part(
            "child",
            _("Child"),
            [Record(child._meta.label_lower, child.full_name, rows)],
        )
    ]


@register_part("representatives", order=15)
def _representatives(access: CaseAccess) -> list[Part]:
    names = ("first_name", "last_name", "relation", "has_authority", "email", "phone", "address")
    return [
        Part(
            "representatives",
            _("Parents and carers"),
            [
                record(r, names, title=f"{r.first_name} {r.last_name}")
                for r in access.case.child.representatives.order_by("-has_authority", "pk")
            ],
        )
    ]


@register_part("case", order=20)
def _case(access: CaseAccess) -> list[Part]:
    case = access.case
    names = [
        "region",
        "created_by",
        "initiator",
        "initiating_organisation",
        "status",
        "opened_at",
        "closed_at",
        "regisseur",
        "route",
        "current_step",
        "step_since",
        "step_due",
        "thuiszitter_since",
        "school_plan_kind",
        "school_plan_evaluated_on",
        "school_plan_missing_reason",
    ]
    return [
        Part(
            "case",
            _("Case"),
            [
                record(
                    case,
                    names,
                    title=_("Case of %(name)s") % {"name": case.child.full_name},
                    extra=[(_("Particulars"), active_flags(case))],
                )
            ],
        )
    ]


@register_part("team", order=30)
def _team(access: CaseAccess) -> list[Part]:
    members = (
        TeamMember.objects.filter(case=access.case)
        .select_related("membership__user", "membership__organisation", "proposed_by", "decided_by")
        .order_by("proposed_at", "pk")
    )
    emergencies = (
        EmergencyAccess.objects.filter(case=access.case)
        .select_related("user", "membership__organisation")
        .order_by("started_at", "pk")
    )
    return [
        Part(
            "team",
            _("Team"),
            [
                record(
                    m,
                    [
                        "status",
                        "basis",
                        "proposed_at",
                        "proposed_by",
                        "decided_at",
                        "decided_by",
                        "decision_note",
                        "ended_at",
                        "end_reason",
                    ],
                    title=str(m.membership.user),
                    extra=[
                        (_("Role"), m.membership.get_role_display()),
                        (_("Organisation"), m.membership.organisation.name),
                    ],
                )
                for m in members
            ],
        ),
        Part(
            "emergency_access",
            _("Emergency access"),
            [
                record(
                    e,
                    ["reason", "started_at", "expires_at"],
                    title=str(e.user),
                    extra=[(_("Organisation"), e.membership.organisation.name)],
                )
                for e in emergencies
            ],
            note=_(
                "Someone who had to act at once (for the child's safety) could open the file "
                "for 24 hours; each time is listed here with the reason given."
            ),
        ),
    ]


@register_part("consents", order=40)
def _consents(access: CaseAccess) -> list[Part]:
    consents = (
        Consent.objects.filter(case=access.case)
        .select_related("organisation", "given_by_representative", "withdrawn_by_representative")
        .order_by("recorded_at", "pk")
    )
    sharing = ParentSharing.objects.filter(case=access.case).order_by("recorded_at", "pk")
    return [
        Part(
            "consents",
            _("Consents"),
            [
                record(
                    c,
                    [
                        "organisation",
                        "purpose",
                        "given_by_representative",
                        "given_by_child",
                        "age_band_at_giving",
                        "valid_from",
                        "valid_until",
                        "evidence",
                        "evidence_note",
                        "recorded_at",
                        "withdrawn_at",
                        "withdrawn_by_representative",
                        "withdrawn_by_child",
                        "withdrawal_reason",
                    ],
                    title=c.organisation.name,
                    extra=[(field_label(Consent, "categories"), category_labels(c.categories))],
                )
                for c in consents
            ],
        ),
        Part(
            "parent_sharing",
            _("What the young person shares with the parents"),
            [
                record(
                    s,
                    ["recorded_at"],
                    title=when(s.recorded_at),
                    extra=[
                        (
                            field_label(ParentSharing, "categories"),
                            category_labels(s.categories),
                        )
                    ],
                )
                for s in sharing
            ],
        ),
    ]


@register_part("notices", order=45)
def _notices(access: CaseAccess) -> list[Part]:
    """The mails the family was sent about this case (what kind, when): a family member their
    own, the regisseur all of the case's."""
    notices = FamilyNotice.objects.filter(case=access.case).select_related("user")
    if access.family is not None or not access.is_regisseur:
        notices = notices.filter(user_id=access.user.pk)
    return [
        Part(
            "notices",
            _("Mails to the family"),
            [
                record(
                    n,
                    ["user", "kind", "moment", "created_at", "mailed_at"],
                    title=when(n.created_at),
                )
                for n in notices.order_by("created_at", "pk")
            ],
            table=True,
        )
    ]


@register_part("checklist", order=47)
def _checklist(access: CaseAccess) -> list[Part]:
    """The regisseur's ticks on their checklist (who, in which role, when): the regisseur's
    export; the family's pages do not show the checklist."""
    if access.family is not None or not access.is_regisseur:
        return []
    marks = ChecklistMark.objects.filter(case=access.case).select_related("by_user")
    return [
        Part(
            "checklist",
            _("Checklist of the regisseur"),
            [
                record(
                    m,
                    ["done", "by_user", "at"],
                    title=str(checklist.get(m.item).label),
                )
                for m in marks.order_by("at", "pk")
            ],
            table=True,
        )
    ]


@register_part("route", order=50)
def _route(access: CaseAccess) -> list[Part]:
    case = access.case
    checks = {code: str(guard.label) for code, guard in all_guards().items()}
    steps = [
        Record(
            StepChange._meta.label_lower,
            f"{when(c.at)} · {c.get_kind_display()}",
            [
                (label_of(StepChange, "from_step"), text(c.from_step)),
                (label_of(StepChange, "to_step"), text(c.to_step)),
                (_("Who"), text(c.by_user)),
                (label_of(StepChange, "reason"), text(c.reason)),
                (
                    label_of(StepChange, "overridden_guards"),
                    text([checks.get(code, code) for code in c.overridden_guards]),
                ),
                (label_of(StepChange, "override_reason"), text(c.override_reason)),
            ],
        )
        for c in journey.timeline(case)
    ]
    transfers = [
        record(
            t,
            ["from_user", "reason", "status", "proposed_at", "decided_at", "decision_note"],
            title=_("Regie to %(name)s") % {"name": t.to_member.membership.user},
        )
        for t in RegieTransfer.objects.filter(case=case)
        .select_related("from_user", "to_member__membership__user")
        .order_by("proposed_at", "pk")
    ]
    return [
        Part("route", _("Route"), steps),
        Part("regie", _("Who had the regie"), transfers),
    ]


@register_part("history", order=90)
def _history(access: CaseAccess) -> list[Part]:
    return [
        history_part(
            "history",
            _("Changes to the case"),
            history_records(history.changes(access, limit=None)),
        )
    ]


@register_part("access_log", order=95)
def _access_log(access: CaseAccess) -> list[Part]:
    entries = entries_for_case(access.case.uuid).order_by("occurred_at", "seq")
    return [
        Part(
            "access_log",
            _("Who looked at this file"),
            [
                Record(
                    "audit.accesslogentry",
                    f"{when(e.occurred_at)} · {e.get_event_display()}",
                    [
                        (_("Organisation"), text(e.organisation_name)),
                        (_("Role"), text(role_label(e.role))),
                        (_("Outcome"), e.get_outcome_display()),
                        (_("Basis"), e.get_basis_display()),
                    ],
                )
                for e in entries
            ],
            table=True,
            row_label=_("When and what"),
        )
    ]
