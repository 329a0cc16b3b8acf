"""Before and after the meeting: the participants' preparation, the record (attendance and
minutes), decisions, SMART agreements and the approval of the minutes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases import notices
from arrangeer.cases.access import CaseAccess
from arrangeer.cases.constants import MemberStatus, NoticeKind
from arrangeer.cases.models import TeamMember
from arrangeer.core.models_util import require_transition
from arrangeer.plans.models import Goal, Module
from arrangeer.vocabulary import DataCategory

from ..constants import (
    MDO_KINDS,
    MEETING_TRANSITIONS,
    Attendance,
    InviteeKind,
    MeetingKind,
    MeetingStatus,
)
from ..models import ActionItem, AgendaItem, Decision, Invitee, Meeting, Preparation
from .common import (
    _lock,
    _log,
    _save,
    can_manage,
    is_chair,
)
from .planning import _fill_new_meeting, _tell_planned

# --- preparation ---------------------------------------------------------------------------


@transaction.atomic
def add_preparation(
    access: CaseAccess,
    meeting: Meeting,
    *,
    category: str,
    goes_well: str = "",
    can_be_better: str = "",
    support_needed: str = "",
    already_tried: str = "",
    text: str = "",
    is_child_view: bool = False,
) -> Preparation:
    """A participant's input before the meeting: a teacher answers the four questions; a
    professional records the parents' input or the child's view. In the parent portal a
    parent with gezag writes the parents' input and the young person from 12 their own view
    (always marked as the child's view)."""
    place = access.family
    if place is not None:
        if not place.is_child and not place.has_authority:
            raise PermissionDenied(_("A parent without parental authority reads only."))
        is_child_view = place.is_child
    elif access.member is None:
        raise PermissionDenied(_("With emergency access you can read, not write."))
    if meeting.case_id != access.case.pk:
        raise PermissionDenied(_("This meeting belongs to another case."))
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Preparation is written before the meeting."))
    if category not in DataCategory.values or not access.allows(category):
        raise ValidationError({"category": _("Choose a data category you may see.")})
    if not any(s.strip() for s in (goes_well, can_be_better, support_needed, already_tried, text)):
        raise ValidationError(_("Write at least one answer."))
    if place is None:
        invitee = Invitee.objects.filter(
            meeting=meeting, team_member__membership__user=access.user
        ).first()
    elif place.representative is not None:
        invitee = Invitee.objects.filter(
            meeting=meeting, representative=place.representative
        ).first()
    else:
        invitee = Invitee.objects.filter(meeting=meeting, kind=InviteeKind.CHILD).first()
    prep = Preparation.objects.create(
        meeting=meeting,
        invitee=invitee,
        is_child_view=is_child_view,
        goes_well=goes_well.strip(),
        can_be_better=can_be_better.strip(),
        support_needed=support_needed.strip(),
        already_tried=already_tried.strip(),
        text=text.strip(),
        category=category,
        author=access.user,
    )
    _log(access, prep, event=Event.CREATE, category=category)
    return prep


# --- the record of the meeting -------------------------------------------------------------


@transaction.atomic
def record_meeting(
    access: CaseAccess,
    meeting: Meeting,
    *,
    attendance: Mapping[int, str],
    minutes: Mapping[int, str],
    parents_absent_reason: str = "",
) -> Meeting:
    """Attendance per invitee and the minutes per agenda item, from the meeting's start on.
    The parents are always there; if not, the reason is recorded (002)."""
    locked = _lock(access, meeting)
    require_transition(
        MEETING_TRANSITIONS,
        locked.status,
        MeetingStatus.HELD,
        _("The minutes of this meeting are approved; they stay as they are."),
    )
    _require_started(locked)
    invitees = list(locked.invitees.select_for_update().order_by("pk"))
    for invitee in invitees:
        value = attendance.get(invitee.pk, "")
        if value and value not in Attendance.values:
            raise ValidationError(_("Choose present, absent or excused."))
        invitee.attendance = value
    parents = [i for i in invitees if i.kind == InviteeKind.PARENT]
    parents_absent = bool(parents) and not any(i.attendance == Attendance.PRESENT for i in parents)
    if parents_absent and not parents_absent_reason.strip():
        raise ValidationError(
            {
                "parents_absent_reason": _(
                    "The parents are always at the MDO. Record why they were not there."
                )
            }
        )
    Invitee.objects.bulk_update(invitees, ["attendance"])
    items = list(locked.agenda.all())
    for item in items:
        if item.pk in minutes:
            item.minutes = minutes[item.pk].strip()
            item.category = item.category or locked.category
    AgendaItem.objects.bulk_update(items, ["minutes", "category"])
    locked.status = MeetingStatus.HELD
    locked.parents_absent_reason = parents_absent_reason.strip()
    locked.held_recorded_at = timezone.now()
    _save(locked, ["status", "parents_absent_reason", "held_recorded_at"])
    _log(access, locked, category=locked.category)
    return locked


def _require_started(meeting: Meeting) -> None:
    """A meeting is recorded (who was there, minutes, decisions, agreements) from its start
    on: what is recorded of a meeting still to come would count as held."""
    if timezone.now() < meeting.starts_at:
        raise ValidationError(
            _(
                "This meeting starts on %(start)s. Record who was there, the minutes, decisions "
                "and agreements from its start on."
            )
            % {"start": timezone.localtime(meeting.starts_at).strftime("%d-%m-%Y %H:%M")}
        )


def _require_recordable(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.APPROVED:
        raise ValidationError(_("The minutes of this meeting are approved; they stay as they are."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    _require_started(meeting)


@transaction.atomic
def add_decision(
    access: CaseAccess,
    meeting: Meeting,
    *,
    text: str,
    category: str = "",
    agenda_item: AgendaItem | None = None,
    goal: Goal | None = None,
    module: Module | None = None,
) -> Decision:
    locked = _lock(access, meeting)
    _require_recordable(locked)
    category = category or locked.category
    if category not in DataCategory.values or not access.allows(category):
        raise ValidationError({"category": _("Choose a data category you may see.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the decision.")})
    if agenda_item is not None and agenda_item.meeting_id != locked.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})
    for linked, field in ((goal, "goal"), (module, "module")):
        if linked is not None and (
            linked.plan.case_id != access.case.pk or not access.allows(linked.category)
        ):
            raise ValidationError({field: _("Choose from the plan of this case.")})
    decision = Decision.objects.create(
        meeting=locked,
        agenda_item=agenda_item,
        text=text.strip(),
        category=category,
        goal=goal,
        module=module,
    )
    _log(access, decision, event=Event.CREATE, category=category)
    return decision


@transaction.atomic
def add_action(
    access: CaseAccess,
    meeting: Meeting,
    *,
    what: str,
    owner: TeamMember | None,
    due: dt.date | None,
    category: str = "",
) -> ActionItem:
    """A SMART agreement. Owner and date may still be open while the minutes are drafted;
    the minutes cannot be approved until each has both."""
    locked = _lock(access, meeting)
    _require_recordable(locked)
    category = category or locked.category
    if category not in DataCategory.values or not access.allows(category):
        raise ValidationError({"category": _("Choose a data category you may see.")})
    if not what.strip():
        raise ValidationError({"what": _("Write what will be done.")})
    if owner is not None and (
        owner.case_id != access.case.pk or owner.status != MemberStatus.ACTIVE
    ):
        raise ValidationError({"owner": _("The owner must be an active member of the team.")})
    action = ActionItem.objects.create(
        meeting=locked, what=what.strip(), owner=owner, due=due, category=category
    )
    _log(access, action, event=Event.CREATE, category=category)
    return action


@transaction.atomic
def complete_action(access: CaseAccess, action: ActionItem) -> ActionItem:
    locked: ActionItem = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("owner__membership", "meeting")
        .get(pk=action.pk, meeting__case=access.case)
    )
    owner_user = locked.owner.membership.user_id if locked.owner is not None else None
    if owner_user != access.user.pk and not can_manage(access, locked.meeting):
        raise PermissionDenied(_("Only the owner, the chair or the regisseur can do this."))
    if locked.done_at is None:
        locked.done_at = timezone.now()
        locked.save(update_fields=["done_at"])
    _log(access, locked, category=locked.category)
    return locked


@transaction.atomic
def approve_minutes(access: CaseAccess, meeting: Meeting) -> Meeting:
    """Only the chair approves (the regisseur when they chair). Every action needs an owner
    and a date. With a rhythm, the next meeting is planned at once at the same hour."""
    locked = _lock(access, meeting)
    if not is_chair(access, locked):
        raise PermissionDenied(_("Only the chair approves the minutes."))
    require_transition(
        MEETING_TRANSITIONS,
        locked.status,
        MeetingStatus.APPROVED,
        _("Record the meeting before approving its minutes."),
    )
    loose = locked.actions.filter(owner__isnull=True) | locked.actions.filter(due__isnull=True)
    first = loose.order_by("pk").first()
    if first is not None:
        raise ValidationError(
            _(
                "The action “%(what)s” has no owner or no date. Every agreement is SMART: who "
                "does it, and by when."
            )
            % {"what": first.what}
        )
    locked.status = MeetingStatus.APPROVED
    locked.minutes_approved_at = timezone.now()
    locked.minutes_approved_by = access.user
    _save(locked, ["status", "minutes_approved_at", "minutes_approved_by"])
    _log(access, locked, category=locked.category)
    # Only those of the family who may read the meeting's category hear of its report.
    notices.tell_family(
        locked.case,
        kind=NoticeKind.MINUTES,
        key=f"minutes:{locked.pk}",
        category=locked.category,
        acting_user=access.user,
    )
    _plan_next(access, locked)
    return locked


def _plan_next(access: CaseAccess, locked: Meeting) -> None:
    """With a rhythm, the next MDO at the same hour once the minutes are approved (once)."""
    if (
        locked.rhythm_weeks
        and locked.kind in MDO_KINDS
        and not Meeting.objects.filter(follows=locked).exists()
    ):
        step = dt.timedelta(weeks=locked.rhythm_weeks)
        follow = Meeting.objects.create(
            case=locked.case,
            kind=MeetingKind.EVALUATION if locked.kind != MeetingKind.EXTRA else locked.kind,
            starts_at=locked.starts_at + step,
            ends_at=locked.ends_at + step,
            chair=locked.chair,
            place=locked.place,
            video_link=locked.video_link,
            room=locked.room,
            interpreter_needed=locked.interpreter_needed,
            interpreter_language=locked.interpreter_language,
            category=locked.category,
            rhythm_weeks=locked.rhythm_weeks,
            follows=locked,
            created_by=access.user,
        )
        _fill_new_meeting(follow, access)
        _log(access, follow, event=Event.CREATE, category=follow.category)
        _tell_planned(access, follow)
