"""The receiver's decision on an aanmelding: a question to the referrer and the answer,
declining, or accepting (a case opens)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases import services as case_services
from arrangeer.cases.models import Case
from arrangeer.consents.constants import Evidence
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Membership

from .. import mail
from ..access import ReferralAccess, log_referral, receiving_memberships
from ..constants import SWV_CONSENT_CATEGORIES, ConsentHow, EventKind, ReferralStatus
from ..models import Referral
from .common import _event, _move


def _lock(access: ReferralAccess) -> Referral:
    return Referral.objects.select_for_update().get(pk=access.referral.pk)


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
    membership = _receiving_membership(access, referral)
    case = _open_case(access, referral, membership)
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


def _receiving_membership(access: ReferralAccess, referral: Referral) -> Membership:
    """The receiver's place at the receiving organisation, in which they open the case."""
    membership = (
        receiving_memberships(access.user)
        .filter(organisation_id=referral.receiving_organisation_id)
        .order_by("pk")
        .first()
    )
    if membership is None:  # the door checked this; a role ended in between
        raise PermissionDenied(_("Only the receiving organisation decides on an aanmelding."))
    return membership


def _open_case(access: ReferralAccess, referral: Referral, membership: Membership) -> Case:
    """The case opens with the aanmelding's child and parent; at an SWV the child stays a
    pupil of the current school, and the SWV's place stands on the parents' consent."""
    at_swv = membership.organisation.type == OrganisationType.SWV
    child_fields: dict[str, Any] = {
        "first_name": referral.first_name,
        "last_name": referral.last_name,
        "date_of_birth": referral.date_of_birth,
        "bsn": referral.bsn,
    }
    if at_swv and referral.current_school is not None:
        child_fields["school"] = referral.current_school
    return case_services.open_case(
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
