"""Public API of the cases app: open, close and reopen a case, manage its team, emergency
access. Every function is one transaction and writes the access log (ARCHITECTURE.md rule 2).

Split by aggregate: opening a case is in `opening`, the team's places in `team`, both
imported back here; the flags, the checklist, closing and reopening and emergency access are
here. Other apps import all of them from this module."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Basis, Event, Outcome
from arrangeer.audit.services import AccessRecord, write_access_records
from arrangeer.children.models import LegalRepresentative
from arrangeer.core import tasks
from arrangeer.core.models_util import require_transition, require_version
from arrangeer.organisations.constants import CASEWORK_ROLES
from arrangeer.organisations.models import Membership
from arrangeer.routes import checklist

from . import journey
from .access import Actor, CaseAccess, log_change, log_for_membership, require_regisseur
from .constants import (
    CASE_FLAGS,
    CASE_TRANSITIONS,
    EMERGENCY_ACCESS_HOURS,
    CaseStatus,
    CloseReason,
    Destination,
    MemberStatus,
)
from .models import Case, ChecklistMark, EmergencyAccess, TeamMember
from .opening import CHILD_FIELDS as CHILD_FIELDS
from .opening import REPRESENTATIVE_FIELDS as REPRESENTATIVE_FIELDS
from .opening import _own_membership
from .opening import open_case as open_case
from .team import approve_team_member as approve_team_member
from .team import end_team_member as end_team_member
from .team import propose_team_member as propose_team_member
from .team import refuse_team_member as refuse_team_member


@transaction.atomic
def update_flags(
    access: CaseAccess,
    *,
    flags: Mapping[str, bool],
    thuiszitter_since: dt.date | None = None,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Case:
    """Change what needs attention. A thuiszitter's first day counts for the
    Thuiszitterspact: given, or today when the flag is switched on. Refused (StaleVersion)
    when someone changed the flags since `expected_version`, the version the caller read."""
    require_regisseur(access, open_case=True)
    today = today or timezone.localdate()
    if thuiszitter_since is not None and thuiszitter_since > today:
        raise ValidationError({"thuiszitter_since": _("This date is in the future.")})
    # Locked alone (`of`); read with what the answer shows (the API's case summary), so the
    # caller does not load the child, school, region and regisseur one by one after it.
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("child__school", "region", "regisseur")
        .get(pk=access.case.pk)
    )
    require_version(
        case.flags_version,
        expected_version,
        _(
            "Someone else changed what needs attention while you were editing it. Your change "
            "was not saved, so that nothing is overwritten silently; what you chose is still in "
            "the form. Check what is saved now, then save again to keep yours."
        ),
    )
    changed = [flag for flag in CASE_FLAGS if bool(flags.get(flag)) != getattr(case, flag)]
    for flag in changed:
        setattr(case, flag, bool(flags.get(flag)))
    since = (thuiszitter_since or case.thuiszitter_since or today) if case.is_thuiszitter else None
    if since != case.thuiszitter_since:
        case.thuiszitter_since = since
        changed.append("thuiszitter_since")
    if changed:
        case.flags_version += 1
        case.save(update_fields=[*changed, "flags_version"])
        log_change(access, object_type="case")
    return case


@transaction.atomic
def tick_checklist_item(access: CaseAccess, *, item: str, done: bool) -> ChecklistMark | None:
    """The regisseur ticks (or unticks) an item of their checklist that the product cannot
    read from the data. Each change is a new mark (who, in which role, when) and an access-log
    record; a tick that changes nothing records nothing."""
    require_regisseur(access, open_case=True)
    if item not in checklist.MANUAL_CODES:
        raise ValidationError(
            {"item": _("This item is ticked from the case's data, not by hand.")},
            code="automatic_item",
        )
    case = Case.objects.select_for_update().get(pk=access.case.pk)
    last = ChecklistMark.objects.filter(case=case, item=item).order_by("-at", "-pk").first()
    if (last.done if last else False) == done:
        return None
    mark = ChecklistMark.objects.create(
        case=case,
        item=item,
        done=done,
        by_user=access.user,
        by_membership=access.membership,
        at=timezone.now(),
    )
    log_change(access, object_type="checklist", object_id=item)
    return mark


@transaction.atomic
def close_case(access: CaseAccess, *, reason: str, note: str = "", destination: str = "") -> Case:
    """Closing follows the route (journey.closes_along_the_route): on a route, only its
    closing step closes the case, with that step's checks, as the route page's move does.
    After closing, the last regisseur and the family keep read-only access for the retention
    period (cases.access); everyone else loses it at once. The team and consent records stay
    as history."""
    require_regisseur(access, open_case=True)
    if reason not in CloseReason.values:
        raise ValidationError({"reason": _("Choose a reason for closing.")})
    if reason == CloseReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Describe the reason for closing.")})
    if destination and destination not in Destination.values:
        raise ValidationError(
            {"destination": _("Choose where the child goes after the arrangement.")}
        )
    case = Case.objects.select_for_update().get(pk=access.case.pk)
    require_transition(
        CASE_TRANSITIONS, case.status, CaseStatus.CLOSED, _("This case is already closed.")
    )
    if journey.closes_along_the_route(case, reason):
        journey.move_case(
            access, to_step=None, reason=note, close_reason=reason, destination=destination
        )
        case.refresh_from_db()
        return case
    now = timezone.now()
    fields = case.mark_closed(reason=reason, note=note.strip(), at=now, destination=destination)
    case.step_due = None
    case.save(update_fields=[*fields, "step_due"])
    journey.record_closed(access, case, reason=case.get_close_reason_display(), at=now)
    log_change(access, object_type="case")
    return case


@transaction.atomic
def reopen_case(case: Case, *, actor: Actor, reason: str) -> Case:
    """The last regisseur may reopen a closed case while still in the role that led it."""
    locked = Case.objects.select_for_update().select_related("child").get(pk=case.pk)
    require_transition(CASE_TRANSITIONS, locked.status, CaseStatus.OPEN, _("This case is open."))
    if locked.regisseur_id != actor.user.pk:
        raise PermissionDenied(_("Only the last regisseur can reopen a case."))
    if not reason.strip():
        raise ValidationError({"reason": _("Describe why the case is reopened.")})
    lead = (
        TeamMember.objects.filter(
            case=locked, membership__user=actor.user, status=MemberStatus.ACTIVE
        )
        .select_related("membership__organisation")
        .first()
    )
    if lead is None or not lead.membership.is_active:
        raise PermissionDenied(_("You no longer hold the role in which you led this case."))
    if Case.objects.filter(
        child=locked.child, region=locked.region, status=CaseStatus.OPEN
    ).exists():
        raise ValidationError(_("This child already has an open case in this region."))
    locked.status = CaseStatus.OPEN
    locked.closed_at = None
    locked.close_reason = ""
    locked.destination = ""
    locked.close_note = reason.strip()
    step_fields = journey.record_reopened(
        locked,
        user=actor.user,
        membership=lead.membership,
        reason=reason.strip(),
        at=timezone.now(),
    )
    locked.save(
        update_fields=[
            "status",
            "closed_at",
            "close_reason",
            "close_note",
            "destination",
            *step_fields,
        ]
    )
    log_for_membership(
        actor, locked, lead.membership, event=Event.CHANGE, object_type="case", basis=lead.basis
    )
    return locked


MIN_EMERGENCY_REASON = 20


def start_emergency_access(
    *,
    actor: Actor,
    membership: Membership,
    reason: str,
    bsn: str = "",
    last_name: str = "",
    date_of_birth: dt.date | None = None,
) -> EmergencyAccess:
    """Break-the-glass: open a case of the region for 24 hours with a written reason.
    Flagged everywhere; the regisseur and the parents are told (without child details).
    A search that finds nothing is logged as a refused attempt, outside the transaction that
    would otherwise roll the record back with the error."""
    _own_membership(actor, membership)
    if membership.role not in CASEWORK_ROLES:
        raise PermissionDenied(_("Emergency access is for professionals who work with children."))
    if len(reason.strip()) < MIN_EMERGENCY_REASON:
        raise ValidationError(
            {
                "reason": _("Describe the emergency in at least %(n)d characters.")
                % {"n": MIN_EMERGENCY_REASON}
            }
        )
    case = _emergency_case(actor, membership, bsn, last_name, date_of_birth)
    now = timezone.now()
    with transaction.atomic():
        emergency = EmergencyAccess.objects.create(
            case=case,
            user=actor.user,
            membership=membership,
            reason=reason.strip(),
            started_at=now,
            expires_at=now + dt.timedelta(hours=EMERGENCY_ACCESS_HOURS),
        )
        log_for_membership(
            actor,
            case,
            membership,
            event=Event.VIEW,
            object_type="emergency_access",
            basis=Basis.BREAK_THE_GLASS,
        )
        tasks.on_commit(_tell_about_emergency, emergency.pk)
    return emergency


def _emergency_case(
    actor: Actor,
    membership: Membership,
    bsn: str,
    last_name: str,
    date_of_birth: dt.date | None,
) -> Case:
    """The one open case of the region the details find; a search that finds none or several
    is logged as a refused attempt (committed even though the error rolls back the rest)."""
    candidates = Case.objects.filter(
        status=CaseStatus.OPEN, region=membership.organisation.region
    ).select_related("child", "regisseur")
    if bsn.strip():
        candidates = candidates.filter(child__bsn=bsn.strip())
    elif last_name.strip() and date_of_birth is not None:
        candidates = candidates.filter(
            child__last_name__iexact=last_name.strip(), child__date_of_birth=date_of_birth
        )
    else:
        raise ValidationError(_("Give the BSN, or the last name and date of birth of the child."))
    found = list(candidates[:2])
    if len(found) != 1:
        write_access_records(
            [
                AccessRecord(
                    event=Event.SEARCH,
                    outcome=Outcome.DENIED,
                    channel=actor.channel,
                    user_id=actor.user.pk,
                    username=actor.user.get_username(),
                    role=membership.role,
                    organisation_id=membership.organisation_id,
                    organisation_name=membership.organisation.name,
                    responsible_user_id=actor.user.pk,
                    object_type="emergency_search",
                    basis=Basis.BREAK_THE_GLASS,
                    client_address=actor.client_address,
                )
            ]
        )
        if not found:
            raise ValidationError(_("No open case was found in your region for these details."))
        raise ValidationError(_("More than one case matches. Search with the BSN."))
    return found[0]


@tasks.background
def _tell_about_emergency(emergency_id: int) -> None:
    emergency = EmergencyAccess.objects.select_related(
        "case__regisseur", "membership__organisation"
    ).get(pk=emergency_id)
    case = emergency.case
    organisation = emergency.membership.organisation.name
    link = settings.SITE_URL + reverse("cases:access_log", kwargs={"case_id": case.uuid})
    # Specific about what happened, silent about the child: no name, no details.
    regisseur_body = _(
        "Emergency access was used for a case in which you are the regisseur, by a professional "
        "of %(organisation)s. The access lasts 24 hours. See who and why in the access log of "
        "the case: %(link)s"
    ) % {"organisation": organisation, "link": link}
    recipients = [case.regisseur.email] if case.regisseur.email else []
    if recipients:
        send_mail(
            _("Emergency access to a case"),
            regisseur_body,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
    parent_emails = list(
        LegalRepresentative.objects.filter(child_id=case.child_id, has_authority=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if parent_emails:
        parent_body = _(
            "A professional of %(organisation)s has looked at the file about your child "
            "because of an urgent situation. This is allowed for 24 hours and is recorded. "
            "Do you have questions? Contact the regisseur of your child's plan."
        ) % {"organisation": organisation}
        for address in parent_emails:
            send_mail(
                _("Someone looked at your child's file in an emergency"),
                parent_body,
                settings.DEFAULT_FROM_EMAIL,
                [address],
            )
