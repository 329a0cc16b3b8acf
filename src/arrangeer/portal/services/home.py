"""What the home page shows: the family's "Wat moet ik doen" list (agreeing to the plan,
consent, who comes to a meeting, the child's view, the questionnaire), who is on the team and
the plan's agreements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import TeamMember
from arrangeer.consents.models import Consent
from arrangeer.meetings.constants import InviteeKind, InviteeStatus, MeetingStatus
from arrangeer.meetings.models import Meeting
from arrangeer.plans.constants import VersionStatus
from arrangeer.plans.models import ParentAgreement, PlanVersion
from arrangeer.plans.services import version_for_family
from arrangeer.vocabulary import AgeBand

from ..models import ChildView
from .satisfaction import open_questionnaire


@dataclass(frozen=True)
class Todo:
    """One thing on the family's "Wat moet ik doen" list."""

    source: str
    title: str
    url: str


def _todo_agreement(
    access: CaseAccess, versions: Sequence[PlanVersion] | None = None
) -> list[Todo]:
    place = access.family
    if place is None or not place.can_agree or place.representative is None:
        return []
    if versions is None:
        version = version_for_family(access)
    else:  # the page read the plan's versions already: the one with the parents is among them
        version = next((v for v in versions if v.status == VersionStatus.AWAITING), None)
    if version is None:
        return []
    if ParentAgreement.objects.filter(
        version=version, representative=place.representative
    ).exists():
        return []
    return [
        Todo(
            "agreement",
            _("Read the plan and tell us whether you agree"),
            reverse("portal:agreement", kwargs={"case_id": access.case.uuid}),
        )
    ]


def _todo_consent(access: CaseAccess) -> list[Todo]:
    place = access.family
    if place is None or not place.can_decide_consent:
        return []
    waiting = TeamMember.objects.filter(case=access.case, status=MemberStatus.PROPOSED).exclude(
        membership__organisation_id__in=Consent.objects.active()
        .filter(case=access.case)
        .values("organisation_id")
    )
    if not waiting.exists():
        return []
    return [
        Todo(
            "consent",
            _("Decide about consent for sharing information"),
            reverse("portal:consents", kwargs={"case_id": access.case.uuid}),
        )
    ]


def _todo_questionnaire(access: CaseAccess) -> list[Todo]:
    if open_questionnaire(access) is None:
        return []
    return [
        Todo(
            "questionnaire",
            _("Tell us how the help is going (4 short questions)"),
            reverse("portal:questionnaire", kwargs={"case_id": access.case.uuid}),
        )
    ]


def _todo_child_view(access: CaseAccess) -> list[Todo]:
    place = access.family
    if place is None or not place.is_child:
        return []
    if ChildView.objects.filter(case=access.case, by_child=True).exists():
        return []
    return [
        Todo(
            "child_view",
            _("What do you think? Tell us about your plan"),
            reverse("portal:child_view", kwargs={"case_id": access.case.uuid}),
        )
    ]


def todos(access: CaseAccess, *, versions: Sequence[PlanVersion] | None = None) -> list[Todo]:
    """What the family has to do. `versions`: the plan's versions, when the page has read
    them (the home page, for its plan), so the agreement's version is not read again."""
    return _todo_agreement(access, versions) + [
        todo for source in TODO_SOURCES for todo in source(access)
    ]


def team_for_family(access: CaseAccess) -> list[TeamMember]:
    """Who is involved, in which role: the active team (names, roles, organisations)."""
    return list(
        TeamMember.objects.filter(case=access.case, status=MemberStatus.ACTIVE)
        .select_related("membership__user", "membership__organisation")
        .order_by("membership__organisation__name", "pk")
    )


def band_of(access: CaseAccess) -> str:
    return access.family.band if access.family is not None else str(AgeBand.UNDER_12)


def agreements_of(version: PlanVersion) -> list[ParentAgreement]:
    return list(version.agreements.select_related("representative").order_by("pk"))


def _todo_invitees(access: CaseAccess) -> list[Todo]:
    place = access.family
    if place is None or not place.has_authority:
        return []
    waiting = (
        Meeting.objects.filter(
            case=access.case,
            status=MeetingStatus.PLANNED,
            invitees__kind=InviteeKind.PROFESSIONAL,
            invitees__status=InviteeStatus.PROPOSED,
        )
        .distinct()
        .order_by("starts_at", "pk")
    )
    return [
        Todo(
            "invitees",
            _("Tell us who may come to the meeting of %(date)s")
            % {"date": date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")},
            reverse(
                "portal:invitees",
                kwargs={"case_id": access.case.uuid, "meeting_id": meeting.uuid},
            ),
        )
        for meeting in waiting
    ]


# After the agreement (which `todos` asks first, with the page's plan versions).
TODO_SOURCES = [
    _todo_invitees,
    _todo_consent,
    _todo_child_view,
    _todo_questionnaire,
]
