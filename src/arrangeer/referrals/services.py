"""The writes of the aanmelding, the intake and the Meldcode. Each is one transaction that
checks the lifecycle (constants.REFERRAL_TRANSITIONS), writes the trail and the access log,
and mails after the commit (nothing is mailed when it rolls back)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, CaseAccess, log_change, require_regisseur
from arrangeer.cases.models import Case
from arrangeer.children.validators import validate_date_of_birth
from arrangeer.consents.constants import Evidence
from arrangeer.core.models_util import require_transition
from arrangeer.organisations.constants import CASEWORK_ROLES, OrganisationType
from arrangeer.organisations.models import Membership, Organisation

from . import mail
from .access import (
    ReferralAccess,
    log_referral,
    log_referrals,
    receiving_memberships,
    receiving_place,
)
from .activities import save_activity
from .constants import (
    RECEIVING_ROLES,
    REFERRAL_CATEGORY,
    REFERRAL_TRANSITIONS,
    REFERRER_ORGANISATION_TYPES,
    SAFETY_CATEGORY,
    SWV_CONSENT_CATEGORIES,
    ConsentHow,
    EventKind,
    MeldcodeStepKind,
    ReferralStatus,
)
from .models import Intake, MeldcodeStep, Referral, ReferralEvent, VerwijsindexSignal

# What the referrer fills in about the child, the parent, the question and the consent.
REFERRAL_FIELDS = (
    "referrer_reference",
    "first_name",
    "last_name",
    "date_of_birth",
    "bsn",
    "current_school",
    "parent_first_name",
    "parent_last_name",
    "parent_relation",
    "parent_has_authority",
    "parent_email",
    "parent_phone",
    "reason",
    "tried",
    "consent_how",
    "consent_on",
    "consent_given_by",
    "outcome_may_be_shared",
)


def may_refer(membership: Membership) -> bool:
    return (
        membership.role in CASEWORK_ROLES
        and membership.organisation.type in REFERRER_ORGANISATION_TYPES
    )


def referrer_memberships(actor: Actor) -> list[Membership]:
    """The roles in which this person can send an aanmelding."""
    return [
        membership
        for membership in Membership.objects.active()
        .filter(user=actor.user)
        .select_related("organisation__region")
        .order_by("organisation__name", "role")
        if may_refer(membership)
    ]


def receiving_organisations(*memberships: Membership) -> QuerySet[Organisation]:
    """The organisations of the referrer's regions that receive aanmeldingen: a school with a
    support coordinator, an SWV with an education specialist; other than the referrer's own
    organisations. Never one of another region."""
    receivers = Membership.objects.active().filter(receiving_place()).values("organisation_id")
    return (
        Organisation.objects.filter(
            region_id__in={m.organisation.region_id for m in memberships},
            type__in=list(RECEIVING_ROLES),
            is_active=True,
            pk__in=receivers,
        )
        .exclude(pk__in={m.organisation_id for m in memberships})
        .order_by("name")
    )


def _event(
    referral: Referral, kind: str, *, access_user: Any, organisation: str, text: str = ""
) -> ReferralEvent:
    return ReferralEvent.objects.create(
        referral=referral,
        kind=kind,
        at=timezone.now(),
        by=access_user,
        by_organisation=organisation,
        text=text,
    )


@transaction.atomic
def submit_referral(
    *,
    actor: Actor,
    membership: Membership,
    receiving_organisation: Organisation,
    fields: Mapping[str, Any],
    consent_confirmed: bool,
) -> Referral:
    """A referrer registers a child at a receiving school or SWV, with the parents' consent."""
    if membership.user_id != actor.user.pk or not membership.is_active:
        raise PermissionDenied(_("This is not one of your roles."))
    if not may_refer(membership):
        raise PermissionDenied(_("In this role you cannot send an aanmelding."))
    if not receiving_organisations(membership).filter(pk=receiving_organisation.pk).exists():
        raise ValidationError(
            {
                "receiving_organisation": _(
                    "Choose a school or samenwerkingsverband of your region, other than your "
                    "own, that receives aanmeldingen."
                )
            }
        )
    if not consent_confirmed:
        raise ValidationError(
            {"consent_confirmed": _("An aanmelding needs the parents' consent. Ask for it first.")}
        )
    today = timezone.localdate()
    consent_on = fields.get("consent_on")
    if isinstance(consent_on, dt.date) and consent_on > today:
        raise ValidationError({"consent_on": _("This date is in the future.")})
    dob = fields.get("date_of_birth")
    if isinstance(dob, dt.date):
        try:
            validate_date_of_birth(dob)
        except ValidationError as error:
            raise ValidationError({"date_of_birth": error.messages}) from error
    for name in ("reason", "tried", "consent_given_by"):
        if not str(fields.get(name) or "").strip():
            raise ValidationError({name: _("This field is required.")})
    now = timezone.now()
    referral = Referral(
        region_id=membership.organisation.region_id,
        receiving_organisation=receiving_organisation,
        referrer=actor.user,
        referrer_membership=membership,
        referrer_organisation_name=membership.organisation.name,
        submitted_at=now,
        status_since=now,
        **{name: fields[name] for name in REFERRAL_FIELDS if name in fields},
    )
    referral.bsn = (referral.bsn or "").strip()
    referral.full_clean()
    referral.save()
    _event(
        referral,
        EventKind.SUBMITTED,
        access_user=actor.user,
        organisation=membership.organisation.name,
    )
    log_referrals(actor, [referral], {referral.pk: membership}, event=Event.CREATE)
    mail.tell_receivers(referral)
    return referral


def _lock(access: ReferralAccess) -> Referral:
    return Referral.objects.select_for_update().get(pk=access.referral.pk)


def _move(referral: Referral, to: str, message: str) -> None:
    require_transition(REFERRAL_TRANSITIONS, referral.status, to, message)
    referral.status = to
    referral.status_since = timezone.now()


def _receiver(access: ReferralAccess) -> None:
    if not access.as_receiver:
        raise PermissionDenied(_("Only the receiving organisation decides on an aanmelding."))


def _text_step(
    access: ReferralAccess,
    *,
    field: str,
    text: str,
    empty: str,
    to: str,
    refused: str,
    kind: str,
) -> Referral:
    """A step of the aanmelding that comes with a text (a question, an answer, a reason): the
    text is required (`empty` says so under `field`), the lifecycle allows the step
    (`refused` says why not), and the trail and the access log record it."""
    if not text.strip():
        raise ValidationError({field: empty})
    referral = _lock(access)
    _move(referral, to, refused)
    referral.save(update_fields=["status", "status_since"])
    _event(
        referral,
        kind,
        access_user=access.user,
        organisation=access.membership.organisation.name,
        text=text.strip(),
    )
    log_referral(access, event=Event.CHANGE)
    return referral


@transaction.atomic
def ask_for_more(access: ReferralAccess, *, question: str) -> Referral:
    """The receiver asks the referrer for more information."""
    _receiver(access)
    referral = _text_step(
        access,
        field="question",
        text=question,
        empty=_("Say what you want to know."),
        to=ReferralStatus.QUESTION,
        refused=_("A question can be asked only while the aanmelding waits for a decision."),
        kind=EventKind.QUESTION,
    )
    mail.tell_referrer(referral, ReferralStatus.QUESTION)
    return referral


@transaction.atomic
def answer_question(access: ReferralAccess, *, answer: str) -> Referral:
    """The referrer answers; the aanmelding waits for the receiver's decision again."""
    if access.as_receiver:
        raise PermissionDenied(_("Only the referrer answers the question."))
    referral = _text_step(
        access,
        field="answer",
        text=answer,
        empty=_("Write your answer."),
        to=ReferralStatus.SUBMITTED,
        refused=_("There is no open question to answer."),
        kind=EventKind.ANSWER,
    )
    mail.tell_receivers(referral, answered=True)
    return referral


@transaction.atomic
def decline(access: ReferralAccess, *, reason: str) -> Referral:
    """The receiver declines, with a reason the referrer reads."""
    _receiver(access)
    referral = _text_step(
        access,
        field="reason",
        text=reason,
        empty=_("Give the reason for declining."),
        to=ReferralStatus.DECLINED,
        refused=_("This aanmelding was already decided on."),
        kind=EventKind.DECLINED,
    )
    mail.tell_referrer(referral, ReferralStatus.DECLINED)
    return referral


# How the referrer's record of the parents' consent reads as the evidence of a consent.
_EVIDENCE = {
    ConsentHow.SIGNED_FORM: Evidence.SIGNED_FORM,
    ConsentHow.IN_WRITING: Evidence.SIGNED_FORM,
    ConsentHow.IN_CONVERSATION: Evidence.MEETING,
}


def _swv_consent(referral: Referral) -> dict[str, Any]:
    """The parents' consent the referrer recorded with the aanmelding, as the team's consent
    for the SWV that accepts it: the ground of the SWV's place on the case."""
    return {
        "categories": list(SWV_CONSENT_CATEGORIES),
        "purpose": _("The aanmelding %(reference)s: the samenwerkingsverband's programme")
        % {"reference": referral.reference},
        "evidence": _EVIDENCE[ConsentHow(referral.consent_how)],
        "evidence_note": _(
            "Recorded by %(organisation)s with aanmelding %(reference)s (%(how)s), given by %(by)s."
        )
        % {
            "organisation": referral.referrer_organisation_name,
            "reference": referral.reference,
            "how": ConsentHow(referral.consent_how).label,
            "by": referral.consent_given_by,
        },
        "valid_from": referral.consent_on,
        "parent_last_name": referral.parent_last_name,
    }


@transaction.atomic
def accept(access: ReferralAccess) -> Case:
    """The receiver accepts: a case opens (the cases services), with the child and the parent
    carried over and the receiver as regisseur; the aanmelding's question, what was tried and
    the consent stay with it, on the dossier. At a school the case opens at the school (the
    child becomes its pupil, on the school's legal task). At an SWV its education specialist
    opens it on the SWV's side, the child staying a pupil of the current school the
    aanmelding names, and the SWV's place stands on the parents' consent the referrer
    recorded (a consent for the SWV, education data). All or nothing: when the case cannot
    open, nothing of the acceptance is saved."""
    _receiver(access)
    referral = _lock(access)
    _move(
        referral,
        ReferralStatus.ACCEPTED,
        _("An aanmelding with an open question, or one already decided on, cannot be accepted."),
    )
    membership = (
        receiving_memberships(access.user)
        .filter(organisation_id=referral.receiving_organisation_id)
        .order_by("pk")
        .first()
    )
    if membership is None:  # the door checked this; a role ended in between
        raise PermissionDenied(_("Only the receiving organisation decides on an aanmelding."))
    at_swv = membership.organisation.type == OrganisationType.SWV
    child_fields: dict[str, Any] = {
        "first_name": referral.first_name,
        "last_name": referral.last_name,
        "date_of_birth": referral.date_of_birth,
        "bsn": referral.bsn,
    }
    if at_swv and referral.current_school is not None:
        child_fields["school"] = referral.current_school
    case = case_services.open_case(
        actor=access.actor,
        membership=membership,
        child_fields=child_fields,
        representatives=[
            {
                "first_name": referral.parent_first_name,
                "last_name": referral.parent_last_name,
                "relation": referral.parent_relation,
                "has_authority": referral.parent_has_authority,
                "email": referral.parent_email,
                "phone": referral.parent_phone,
            }
        ],
        consent=_swv_consent(referral) if at_swv else None,
    )
    referral.case = case
    referral.save(update_fields=["status", "status_since", "case"])
    _event(
        referral,
        EventKind.ACCEPTED,
        access_user=access.user,
        organisation=membership.organisation.name,
    )
    log_referral(
        ReferralAccess(referral, access.actor, membership, as_receiver=True), event=Event.CHANGE
    )
    mail.tell_referrer(referral, ReferralStatus.ACCEPTED)
    return case


def referral_of(case: Case) -> Referral | None:
    return (
        Referral.objects.filter(case=case)
        .select_related("receiving_organisation", "current_school")
        .first()
    )


def _case_referral(access: CaseAccess) -> Referral:
    require_regisseur(access, open_case=True)
    referral = Referral.objects.select_for_update().filter(case=access.case).first()
    if referral is None:
        raise ValidationError(_("This case did not start with an aanmelding."))
    return referral


@transaction.atomic
def record_intake(
    access: CaseAccess,
    *,
    school_information: str,
    information_from: str,
    received_on: dt.date,
) -> Intake:
    """The regisseur records what the child's current school told at the intake."""
    referral = _case_referral(access)
    if not school_information.strip():
        raise ValidationError({"school_information": _("Write down what the current school told.")})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("This date is in the future.")})
    intake, _created = Intake.objects.update_or_create(
        referral=referral,
        defaults={
            "school_information": school_information.strip(),
            "information_from": information_from.strip(),
            "received_on": received_on,
            "recorded_by": access.user,
            "recorded_at": timezone.now(),
        },
    )
    log_change(
        access,
        event=Event.CREATE if _created else Event.CHANGE,
        object_type="intake",
        object_id=str(referral.uuid),
        category=REFERRAL_CATEGORY,
    )
    return intake


@transaction.atomic
def mark_started(access: CaseAccess, *, started_on: dt.date) -> Referral:
    """The programme started: the referrer hears it."""
    referral = _case_referral(access)
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("This date is in the future.")})
    _move(referral, ReferralStatus.STARTED, _("The programme has started already, or ended."))
    referral.started_on = started_on
    referral.save(update_fields=["status", "status_since", "started_on"])
    _event(
        referral,
        EventKind.STARTED,
        access_user=access.user,
        organisation=access.organisation.name if access.organisation else "",
    )
    log_change(access, object_type="referral", object_id=str(referral.uuid))
    mail.tell_referrer(referral, ReferralStatus.STARTED)
    return referral


@transaction.atomic
def mark_ended(access: CaseAccess, *, ended_on: dt.date, outcome: str = "") -> Referral:
    """The programme ended: the referrer hears it, and reads a short outcome only when the
    parents agreed to that in the aanmelding."""
    referral = _case_referral(access)
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("This date is in the future.")})
    if referral.started_on is not None and ended_on < referral.started_on:
        raise ValidationError({"ended_on": _("The end is before the start of the programme.")})
    if outcome.strip() and not referral.outcome_may_be_shared:
        raise ValidationError(
            {
                "outcome": _(
                    "The parents did not agree to share an outcome with the referrer: leave it "
                    "empty."
                )
            }
        )
    _move(referral, ReferralStatus.ENDED, _("The programme has ended already."))
    referral.ended_on = ended_on
    referral.outcome = outcome.strip()
    referral.save(update_fields=["status", "status_since", "ended_on", "outcome"])
    _event(
        referral,
        EventKind.ENDED,
        access_user=access.user,
        organisation=access.organisation.name if access.organisation else "",
    )
    log_change(access, object_type="referral", object_id=str(referral.uuid))
    mail.tell_referrer(referral, ReferralStatus.ENDED)
    return referral


# --- Meldcode and Verwijsindex ----------------------------------------------------------


def may_record_safety(access: CaseAccess) -> bool:
    return access.member is not None and not access.read_only and access.allows(SAFETY_CATEGORY)


def _require_safety_writer(access: CaseAccess) -> None:
    if access.read_only:
        raise PermissionDenied(_("This case is closed: it can still be read, not changed."))
    if not may_record_safety(access):
        raise PermissionDenied(
            _("Only a team member who reads safety data can record Meldcode steps and signals.")
        )


@transaction.atomic
def record_meldcode_step(
    access: CaseAccess,
    *,
    step: str,
    done_on: dt.date,
    note: str = "",
    decision: str = "",
) -> MeldcodeStep:
    """A step of the Meldcode, dated, with who did it. Step 5 records the decision."""
    _require_safety_writer(access)
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("This date is in the future.")})
    if step == MeldcodeStepKind.DECIDE and not decision:
        raise ValidationError({"decision": _("Choose the decision of step 5.")})
    if step != MeldcodeStepKind.DECIDE and decision:
        raise ValidationError({"decision": _("Only step 5 records a decision.")})
    found = MeldcodeStep(
        case=access.case,
        step=step,
        done_on=done_on,
        note=note.strip(),
        decision=decision,
    )
    save_activity(access, found, object_type="meldcode_step", category=SAFETY_CATEGORY)
    return found


@transaction.atomic
def record_verwijsindex_signal(
    access: CaseAccess, *, given_on: dt.date, match_with: str = "", note: str = ""
) -> VerwijsindexSignal:
    """A signal in the Verwijsindex Risicojongeren: given when, by whom, matched with whom."""
    _require_safety_writer(access)
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("This date is in the future.")})
    signal = VerwijsindexSignal(
        case=access.case,
        given_on=given_on,
        match_with=match_with.strip(),
        note=note.strip(),
    )
    save_activity(access, signal, object_type="verwijsindex_signal", category=SAFETY_CATEGORY)
    return signal
