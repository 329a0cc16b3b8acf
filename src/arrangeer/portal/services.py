"""Public API of the portal: invitations for the family, and what the home page shows.

Every rule about what a family member may do lives with its aggregate (cases.access for
reading, cases.consents and plans.services for consent and instemming); this module only
combines them for the portal's pages."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change, require_regisseur
from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import Case, TeamMember
from arrangeer.children.models import LegalRepresentative
from arrangeer.consents.models import Consent
from arrangeer.core import tasks
from arrangeer.meetings import services as meeting_services
from arrangeer.meetings.constants import (
    DecisionChannel,
    InviteeKind,
    InviteeStatus,
    MeetingStatus,
)
from arrangeer.meetings.models import Invitee, Meeting
from arrangeer.plans.constants import VersionStatus
from arrangeer.plans.models import ParentAgreement, PlanVersion
from arrangeer.plans.services import version_for_family
from arrangeer.vocabulary import AgeBand

from . import gifts
from .models import (
    ChildView,
    Feeling,
    Invitation,
    LogbookEntry,
    MessageKind,
    Moment,
    PlanPart,
    SatisfactionAnswer,
)

INVITATION_DAYS = 7


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def too_young(case: Case, day: dt.date | None = None) -> bool:
    return not case.child.may_use_own_account(day or timezone.localdate())


@transaction.atomic
def invite(
    access: CaseAccess,
    *,
    representative: LegalRepresentative | None,
    for_child: bool,
    email: str,
    base_url: str,
) -> Invitation:
    """The regisseur invites one parent or carer, or the young person from 12, by mail. Each
    parent separately: an invitation is for one person. Earlier open links for the same person
    stop working."""
    require_regisseur(access, _("Only the regisseur invites the family."))
    case = access.case
    if for_child == (representative is not None):
        raise ValidationError({"invitee": _("Choose who you invite.")})
    if representative is not None and representative.child_id != case.child_id:
        raise ValidationError({"invitee": _("This person is not a parent or carer of this child.")})
    if for_child and too_young(case):
        raise ValidationError(
            {"invitee": _("A child under 12 cannot have an account; the parents use theirs.")}
        )
    if not email.strip():
        raise ValidationError({"email": _("Fill in the e-mail address.")})
    now = timezone.now()
    Invitation.objects.filter(
        case=case, representative=representative, for_child=for_child, used_at__isnull=True
    ).update(expires_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        case=case,
        representative=representative,
        for_child=for_child,
        email=email.strip(),
        token_digest=_digest(token),
        created_by=access.user,
        expires_at=now + dt.timedelta(days=INVITATION_DAYS),
    )
    log_change(access, event=Event.CREATE, object_type="invitation", object_id=str(invitation.uuid))
    link = base_url.rstrip("/") + reverse("portal:accept", kwargs={"token": token})
    # The mail names no child: whoever reads it over someone's shoulder learns nothing.
    if for_child:  # the young person is spoken to as "je", about their own plan
        subject = pgettext("jongere", "Your invitation to Arrangeer")
        body = pgettext(
            "jongere",
            "You are invited to the Arrangeer portal, where you can read your plan and say "
            "what you think of it.\n\nOpen this link within %(days)s days to make your "
            "account:\n%(link)s\n\nThe link works once. Did it expire? Ask the person who "
            "invited you for a new link.",
        )
    else:
        subject = _("Your invitation to Arrangeer")
        body = _(
            "You are invited to the Arrangeer portal, where you can read and help make the plan "
            "for your child's support.\n\nOpen this link within %(days)s days to make your "
            "account:\n%(link)s\n\nThe link works once. Did it expire? Ask the person who invited "
            "you for a new link."
        )
    body %= {"days": INVITATION_DAYS, "link": link}
    tasks.on_commit(tasks.send_mail, subject, body, [invitation.email])
    return invitation


class InvitationUnusable(Exception):
    """The link is unknown, used, expired or for a child who is too young."""


def find_invitation(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("case__child", "representative")
        .filter(token_digest=_digest(token))
        .first()
    )
    if invitation is None or not invitation.is_open():
        raise InvitationUnusable
    if invitation.for_child and too_young(invitation.case):
        raise InvitationUnusable
    return invitation


@transaction.atomic
def accept_invitation(token: str, *, password: str) -> User:
    """Makes the account (or uses the one the person already has) and links it to the
    parent record or the child. The second factor is set up right after, at the first page."""
    invitation = find_invitation(token)
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_open():
        raise InvitationUnusable
    kind = AccountKind.YOUTH if invitation.for_child else AccountKind.PARENT
    user = _account_for(invitation, kind)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    if invitation.for_child:
        child = invitation.case.child
        child.user = user
        child.save(update_fields=["user"])
    else:
        representative = invitation.representative
        assert representative is not None
        representative.user = user
        representative.save(update_fields=["user"])
    locked.used_at = timezone.now()
    locked.user = user
    locked.save(update_fields=["used_at", "user"])
    return user


def _account_for(invitation: Invitation, kind: str) -> User:
    """The account an invitation leads to. A person who already has a family account (a
    parent of two children) keeps one account; a professional's account is never reused."""
    linked = (
        invitation.case.child.user
        if invitation.for_child
        else (invitation.representative.user if invitation.representative else None)
    )
    if linked is not None:
        return linked
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None:
        if existing.kind != kind:
            raise ValidationError(
                _("This e-mail address already belongs to another kind of account.")
            )
        return existing
    person = invitation.case.child if invitation.for_child else invitation.representative
    assert person is not None
    username = f"{kind}-{secrets.token_hex(4)}"
    return User(
        username=username,
        email=invitation.email,
        first_name=person.first_name,
        last_name=person.last_name,
        kind=kind,
    )


# The home page ---------------------------------------------------------------------------


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


# The child's voice ---------------------------------------------------------------------------


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


# Satisfaction --------------------------------------------------------------------------------


def _respondent_key(user: User, moment: str, ref: str) -> str:
    message = f"{user.pk}\x00{moment}\x00{ref}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _asked_moment(access: CaseAccess) -> tuple[str, str] | None:
    """What the family is asked about now: the closing of the arrangement while the case is
    at a step of its route from which it may close; otherwise the latest evaluation of the
    plan."""
    from arrangeer.plans.models import Evaluation

    case = access.case
    if case.closed_at is None and case.current_step_id is not None:
        step = case.current_step
        if step is not None and step.can_close:
            return (Moment.CLOSING, str(case.uuid))
    latest = (
        Evaluation.objects.filter(plan__case=case)
        .order_by("-held_on", "-pk")
        .values_list("uuid", flat=True)
        .first()
    )
    return None if latest is None else (Moment.EVALUATION, str(latest))


def open_questionnaire(access: CaseAccess) -> tuple[str, str] | None:
    """The moment this family member (a parent or the young person) is asked about now, if
    they have not answered for it yet: the route's closing step, else the latest evaluation."""
    if access.family is None:
        return None
    moment = _asked_moment(access)
    if moment is None:
        return None
    key = _respondent_key(access.user, *moment)
    if SatisfactionAnswer.objects.filter(
        moment=moment[0], moment_ref=moment[1], respondent_key=key
    ).exists():
        return None
    return moment


@transaction.atomic
def answer_questionnaire(
    access: CaseAccess, *, usefulness: int, heard: int, overall: int, remark: str = ""
) -> SatisfactionAnswer:
    place = access.family
    if place is None:
        raise PermissionDenied(_("The questionnaire is for parents and the young person."))
    moment = open_questionnaire(access)
    if moment is None:
        raise ValidationError(_("There is no questionnaire for you at the moment."))
    errors = {}
    if not 1 <= usefulness <= 5:
        errors["usefulness"] = _("Choose a number from 1 to 5.")
    if not 1 <= heard <= 5:
        errors["heard"] = _("Choose a number from 1 to 5.")
    if not 1 <= overall <= 10:
        errors["overall"] = _("Choose a number from 1 to 10.")
    if errors:
        raise ValidationError(errors)
    answer = SatisfactionAnswer.objects.create(
        case=access.case,
        moment=moment[0],
        moment_ref=moment[1],
        respondent="youth" if place.is_child else "parent",
        respondent_key=_respondent_key(access.user, *moment),
        usefulness=usefulness,
        heard=heard,
        overall=overall,
    )
    log_change(access, event=Event.CREATE, object_type="satisfaction", object_id=str(answer.pk))
    # The numbers are counted without a name; the remark is for the team, who must be able
    # to answer it, so it is kept apart with its author and reaches the regisseur.
    if remark.strip():
        gifts.record_message(access, kind=MessageKind.REMARK, text=remark.strip())
    return answer


def answers_for(access: CaseAccess) -> list[SatisfactionAnswer]:
    """A family member's own answers to the questionnaire. The answers carry no name (each
    is found by the keyed digest of this person), and the family was told they are only
    counted: no professional reads them one by one."""
    if access.family is None:
        return []
    answers = SatisfactionAnswer.objects.filter(case=access.case).order_by("answered_at", "pk")
    return [
        a
        for a in answers
        if hmac.compare_digest(
            a.respondent_key, _respondent_key(access.user, a.moment, a.moment_ref)
        )
    ]


def respondent_label(respondent: str) -> str:
    return _("the young person") if respondent == "youth" else _("a parent")


def invitations_for(access: CaseAccess) -> list[Invitation]:
    """The regisseur sees every invitation to the portal (as on the invitation page); a
    family member the invitations that made their own account."""
    invitations = Invitation.objects.filter(case=access.case).select_related(
        "representative", "created_by"
    )
    if access.family is not None:
        invitations = invitations.filter(user=access.user)
    elif not access.is_regisseur:
        return []
    return list(invitations.order_by("created_at", "pk"))


@dataclass(frozen=True)
class SatisfactionCounts:
    answers: int
    usefulness: float | None
    heard: float | None
    overall: float | None


def satisfaction_counts(*, region_id: int) -> SatisfactionCounts:
    """For the monitor: numbers only, never the remarks (those are for the team)."""
    from django.db.models import Avg, Count

    found = SatisfactionAnswer.objects.filter(case__region_id=region_id).aggregate(
        n=Count("pk"), u=Avg("usefulness"), h=Avg("heard"), o=Avg("overall")
    )
    return SatisfactionCounts(found["n"], found["u"], found["h"], found["o"])


# The MDO: who comes, and the meetings on the home page -------------------------------------


def upcoming_meetings(access: CaseAccess) -> list[Meeting]:
    """The family's planned meetings from today: date, time, place and kind (never the
    minutes; those show once approved, through meetings.selectors.meeting_view)."""
    return list(
        Meeting.objects.filter(
            case=access.case,
            status=MeetingStatus.PLANNED,
            ends_at__gte=timezone.now(),
        ).order_by("starts_at", "pk")
    )


def last_approved_meeting(access: CaseAccess) -> Meeting | None:
    """The latest meeting whose minutes the chair approved: its decisions and agreements.
    Only a meeting whose start has passed: the portal never says "what was agreed" at a
    meeting still to come."""
    return (
        Meeting.objects.filter(
            case=access.case, status=MeetingStatus.APPROVED, starts_at__lte=timezone.now()
        )
        .select_related("chair__membership__user")
        .order_by("-starts_at", "-pk")
        .first()
    )


def proposed_invitees(meeting: Meeting) -> list[Invitee]:
    """The professionals invited to this meeting, with their role and organisation."""
    return list(
        Invitee.objects.filter(meeting=meeting, kind=InviteeKind.PROFESSIONAL)
        .select_related(
            "team_member__membership__user",
            "team_member__membership__organisation",
            "decided_by_representative",
        )
        .order_by("pk")
    )


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


@transaction.atomic
def decide_invitee(access: CaseAccess, invitee: Invitee, *, approve: bool, reason: str) -> Invitee:
    """A parent with gezag approves or refuses one proposed professional in the portal. The
    first parent's answer counts; changing it afterwards goes through the regisseur."""
    place = access.family
    if place is None or place.representative is None or not place.has_authority:
        raise PermissionDenied(_("Only a parent with parental authority decides who comes."))
    if invitee.meeting.case_id != access.case.pk:
        raise PermissionDenied(_("This invitation belongs to another case."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Tell us why this person may not come.")})
    current = Invitee.objects.select_for_update().get(pk=invitee.pk)
    if current.status != InviteeStatus.PROPOSED:
        raise ValidationError(
            _(
                "You or the other parent already answered about %(name)s. Want to change "
                "this? Ask the regisseur."
            )
            % {"name": invitee.name}
        )
    decided = meeting_services.record_parents_decision(
        invitee,
        approve=approve,
        representative=place.representative,
        via=DecisionChannel.PORTAL,
        reason=reason,
        recorded_by=access.user,
    )
    log_change(
        access,
        event=Event.CHANGE,
        object_type="invitee",
        object_id=str(decided.uuid),
        category=decided.meeting.category,
    )
    return decided
