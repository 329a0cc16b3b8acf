"""The aanmelding's lines in Mijn acties (cases.actions's registry; imported from
ReferralsConfig.ready()): the receiving coordinator's decision on a waiting aanmelding, the
referrer's answer to the school's question, and the leerplichtambtenaar's check of the school
success one year after a case closed (a closed case: its team has ended).

An aanmelding has no case before it is accepted, so these actions have none: they are read
from the person's own places (the access ground of the aanmelding, `referrals.access`), not
from the cases they see, and each row shown is logged as the aanmelding's own lists log it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.accounts.models import User
from arrangeer.audit.constants import Event
from arrangeer.cases.access import Actor
from arrangeer.cases.actions import PERSON, Action, limited, register_action_source
from arrangeer.cases.models import Case
from arrangeer.core.workdays import add_working_days
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership

from . import enrolment
from .access import log_referrals, receiving_memberships, receiving_place
from .constants import ReferralStatus
from .models import DecisionTerm, Referral

DECISION = "referral_decision"
ANSWER = "referral_answer"
ENROLMENT_CHECK = "enrolment_check"


def decision_due(status_since: dt.datetime, working_days: int) -> dt.date:
    """The day the receiving school should have decided: the term counts from the arrival, or
    from the referrer's answer to a question."""
    return add_working_days(timezone.localtime(status_since).date(), working_days)


def _terms(referrals: list[Referral]) -> dict[int, int]:
    """The decision term of each region among these aanmeldingen. One query."""
    regions = {r.region_id for r in referrals}
    set_ = dict(
        DecisionTerm.objects.filter(region_id__in=regions).values_list("region_id", "working_days")
    )
    return {region: set_.get(region, DecisionTerm.default) for region in regions}


def _log_decisions(actor: Actor, shown: list[Action]) -> None:
    referrals: list[Referral] = [action.row for action in shown]
    by_school = {m.organisation_id: m for m in receiving_memberships(actor.user)}
    log_referrals(
        actor,
        referrals,
        {r.pk: by_school[r.receiving_organisation_id] for r in referrals},
        event=Event.LIST,
    )


def _receivers_waited_for() -> QuerySet[User]:
    """The receivers (a school's support coordinator, an SWV's education specialist) of the
    organisations where an aanmelding waits: on no team yet, they are reminded all the same."""
    waiting = Referral.objects.filter(status=ReferralStatus.SUBMITTED).values(
        "receiving_organisation_id"
    )
    places = (
        Membership.objects.active()
        .filter(receiving_place(), organisation__is_active=True, organisation_id__in=waiting)
        .values("user_id")
    )
    return User.objects.filter(pk__in=places)


def _decisions_probe(today: dt.date) -> list[QuerySet[Any]]:
    """A place of theirs as a receiver at an organisation where an aanmelding waits."""
    waiting = Referral.objects.filter(status=ReferralStatus.SUBMITTED).values(
        "receiving_organisation_id"
    )
    return [
        Membership.objects.active()
        .filter(receiving_place(), user=PERSON, organisation_id__in=waiting)
        .values("pk")
    ]


@register_action_source(
    DECISION,
    label=gettext_lazy("Aanmeldingen waiting for your decision"),
    mail=gettext_lazy("An aanmelding sent to your organisation is waiting for your decision."),
    log=_log_decisions,
    people=_receivers_waited_for,
    probe=_decisions_probe,
)
def decisions(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    """For the receiver (a school's support coordinator, an SWV's education specialist): an
    aanmelding that arrived (or was
    answered) and waits for a decision, due at the end of the region's term. Sorted and cut
    in SQL on the day it arrived (the due date follows it within a region). Two queries: the
    aanmeldingen, their regions' terms."""
    schools = receiving_memberships(user).values("organisation_id")
    found = list(
        limited(
            Referral.objects.filter(
                receiving_organisation_id__in=schools, status=ReferralStatus.SUBMITTED
            )
            .only(
                "uuid",
                "region_id",
                "receiving_organisation_id",
                "case_id",
                "first_name",
                "last_name",
                "status_since",
            )
            .order_by(TruncDate("status_since"), "last_name", "pk"),
            limit,
        )
    )
    if not found:
        return
    terms = _terms(found)
    for referral in found:
        due = decision_due(referral.status_since, terms[referral.region_id])
        yield Action(
            source=DECISION,
            case=None,
            title=_("Decide on aanmelding %(reference)s: accept, ask for more or decline")
            % {"reference": referral.reference},
            due=due,
            view="referrals:detail",
            url_kwargs=(("referral_id", referral.uuid),),
            key=f"{DECISION}:{referral.pk}:{referral.status_since.isoformat()}",
            remind_from=due,
            tiebreak=referral.pk,
            subject=referral.full_name,
            sort_name=referral.last_name,
            row=referral,
            organisation_id=referral.receiving_organisation_id,
        )


def _log_answers(actor: Actor, shown: list[Action]) -> None:
    referrals: list[Referral] = [action.row for action in shown]
    log_referrals(
        actor,
        referrals,
        {r.pk: r.referrer_membership for r in referrals},
        event=Event.LIST,
    )


def _answers_probe(today: dt.date) -> list[QuerySet[Any]]:
    return [Referral.objects.filter(referrer=PERSON, status=ReferralStatus.QUESTION).values("pk")]


@register_action_source(
    ANSWER,
    label=gettext_lazy("Questions about your aanmeldingen"),
    mail=gettext_lazy("The organisation you sent an aanmelding to asks for more information."),
    log=_log_answers,
    probe=_answers_probe,
)
def answers(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    """For the referrer, in the place they sent it from: the receiving school asked for more
    and waits for the answer. The referrer reads the status page only, so the line names the
    child by initials, as that page does. No date: the school's term starts again with the
    answer. One query; the referrer mail already told of the question."""
    found = (
        Referral.objects.filter(
            referrer=user,
            status=ReferralStatus.QUESTION,
            referrer_membership__in=Membership.objects.active().filter(
                user=user, organisation__is_active=True
            ),
        )
        .select_related("referrer_membership")
        .only(
            "uuid",
            "case_id",
            "first_name",
            "last_name",
            "status_since",
            "referrer_membership",
        )
        .order_by("last_name", "pk")
    )
    for referral in limited(found, limit):
        yield Action(
            source=ANSWER,
            case=None,
            title=_("Answer the question about aanmelding %(reference)s")
            % {"reference": referral.reference},
            due=None,
            view="referrals:status",
            url_kwargs=(("referral_id", referral.uuid),),
            anchor="#antwoord",
            key=f"{ANSWER}:{referral.pk}:{referral.status_since.isoformat()}",
            remind_from=None,
            tiebreak=referral.pk,
            subject=referral.initials,
            sort_name=referral.last_name,
            row=referral,
            organisation_id=referral.referrer_membership.organisation_id,
        )


def _log_checks(actor: Actor, shown: list[Action]) -> None:
    enrolment.log_shown(actor, [action.row for action in shown])


def _leerplicht_officers() -> QuerySet[User]:
    """The leerplichtambtenaren of a municipality: on no team of a closed case, they are
    reminded of the checks all the same."""
    places = (
        Membership.objects.active()
        .filter(
            role=Role.LEERPLICHT_OFFICER,
            organisation__type=OrganisationType.LEERPLICHT,
            organisation__is_active=True,
        )
        .exclude(organisation__municipality="")
        .values("user_id")
    )
    return User.objects.filter(pk__in=places)


def _checks_probe(today: dt.date) -> list[QuerySet[Any]]:
    """Their places as a leerplichtambtenaar (`enrolment.due_checks` starts from them)."""
    return [
        Membership.objects.active()
        .filter(
            user=PERSON,
            role=Role.LEERPLICHT_OFFICER,
            organisation__type=OrganisationType.LEERPLICHT,
        )
        .exclude(organisation__municipality="")
        .values("pk")
    ]


@register_action_source(
    ENROLMENT_CHECK,
    label=gettext_lazy("School success one year after closing"),
    mail=gettext_lazy(
        "An arrangement closed a year ago: confirm whether the child is still in school."
    ),
    log=_log_checks,
    people=_leerplicht_officers,
    probe=_checks_probe,
)
def enrolment_checks(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    """For the leerplichtambtenaar of the child's municipality: a case closed a year ago whose
    school success is not yet confirmed. Read from the person's leerplicht places (the ground
    of the check, `referrals.enrolment`), not from the cases they see: the case's team has
    ended. Two queries: the places, the cases."""
    for due in enrolment.due_checks(user, today, limit=limit):
        yield Action(
            source=ENROLMENT_CHECK,
            case=None,
            title=_("Confirm whether the child is still in school, a year after closing"),
            due=due.due_on,
            view="enrolment:record",
            url_kwargs=(("case_id", due.case.uuid),),
            key=f"{ENROLMENT_CHECK}:{due.case.pk}",
            remind_from=due.due_on,
            tiebreak=due.case.pk,
            subject=due.case.child.full_name,
            sort_name=due.case.child.last_name,
            row=due,
            organisation_id=due.place.organisation_id,
        )
