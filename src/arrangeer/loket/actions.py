"""The Loket's lines in Mijn acties (cases.actions's registry; imported from
LoketConfig.ready()): the adviser's advice when due, the asker's advice when it arrived, and
a match in both domains for the contact of a case's side."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.accounts.models import User
from arrangeer.cases.access import LOKET_ROLES
from arrangeer.cases.actions import CASE_FIELDS, PERSON, Action, limited, register_action_source
from arrangeer.cases.constants import CaseStatus
from arrangeer.cases.models import Case
from arrangeer.consents.constants import ConsentPurpose
from arrangeer.consents.models import Consent
from arrangeer.organisations.models import Membership

from .constants import ConsultStatus
from .models import Consult, Match


def _open_consults(today: dt.date) -> QuerySet[Consult]:
    """The questions waiting for the Loket's advice on an open case, while the family's
    consent for that Loket holds: what the Loket's door opens."""
    consent = (
        Consent.objects.active_on(today)
        .for_purpose(ConsentPurpose.LOKET)
        .filter(case_id=OuterRef("case_id"), organisation_id=OuterRef("loket_id"))
    )
    return Consult.objects.filter(status=ConsultStatus.ASKED, case__status=CaseStatus.OPEN).filter(
        Exists(consent)
    )


def _advisers_waited_for() -> QuerySet[User]:
    """The Loket's advisers with an open question at their Loket: they are on no team, so the
    reminder mail finds them here (cases.reminders). One subquery; the mail itself names no
    child (the source's mail text and a link)."""
    lokets = _open_consults(timezone.localdate()).values("loket_id")
    places = (
        Membership.objects.active()
        .filter(role__in=LOKET_ROLES, organisation__is_active=True, organisation_id__in=lokets)
        .values("user_id")
    )
    return User.objects.filter(pk__in=places)


def _advice_probe(today: dt.date) -> list[QuerySet[Any]]:
    """Their places at a Loket."""
    return [Membership.objects.active().filter(user=PERSON, role__in=LOKET_ROLES).values("pk")]


@register_action_source(
    "loket_advice",
    label=gettext_lazy("Advice asked of your Loket"),
    mail=gettext_lazy("A question to the Integraal Loket waits for your advice."),
    people=_advisers_waited_for,
    probe=_advice_probe,
)
def advice_to_give(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    """For the Loket's advisers: the questions asked of their Loket, while the family's
    consent for the Loket holds (the Loket's door opens only then; they are not on the
    team, so `cases` does not hold these). One query."""
    lokets = (
        Membership.objects.active()
        .filter(user=user, role__in=LOKET_ROLES)
        .values("organisation_id")
    )
    found = (
        _open_consults(today)
        .filter(loket_id__in=lokets)
        .select_related("case__child")
        .order_by("due_on", "case__child__last_name", "case_id", "pk")
    )
    for consult in limited(found, limit):
        yield Action(
            source="loket_advice",
            case=consult.case,
            title=_("Give the Loket's advice: %(question)s") % {"question": consult.question[:80]},
            due=consult.due_on,
            view="loket:detail",
            url_kwargs=(("consult_id", consult.uuid),),
            key=f"loket_advice:{consult.pk}",
            remind_from=consult.due_on - dt.timedelta(days=2),
            tiebreak=consult.pk,
        )


def _arrived_probe(today: dt.date) -> list[QuerySet[Any]]:
    return [Consult.objects.filter(asked_by=PERSON, status=ConsultStatus.ADVISED).values("pk")]


@register_action_source(
    "loket_advice_arrived",
    label=gettext_lazy("Advice of the Loket arrived"),
    mail=gettext_lazy("The Integraal Loket's advice you asked for has arrived."),
    probe=_arrived_probe,
)
def advice_arrived(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    """For who asked: the advice arrived; record what was done with it. One query."""
    found = (
        Consult.objects.filter(case__in=cases, asked_by=user, status=ConsultStatus.ADVISED)
        .select_related("case__child")
        .order_by("case__child__last_name", "case_id", "pk")
    )
    for consult in limited(found, limit):
        assert consult.advised_at is not None
        yield Action(
            source="loket_advice_arrived",
            case=consult.case,
            title=_("The Loket's advice arrived: take it over and record what was done"),
            due=None,
            view="loket:detail",
            url_kwargs=(("consult_id", consult.uuid),),
            key=f"loket_advice_arrived:{consult.pk}",
            remind_from=timezone.localtime(consult.advised_at).date(),
            tiebreak=consult.pk,
        )


def _known_probe(today: dt.date) -> list[QuerySet[Any]]:
    """A match on either side of which they are the contact."""
    return [
        Match.objects.filter(**{f"{own}__contact__user": PERSON}).values("pk")
        for own in ("education", "youth")
    ]


@register_action_source(
    "loket_known",
    label=gettext_lazy("Also known at the other domain"),
    mail=gettext_lazy("A child on whose case you work is also known at another organisation."),
    probe=_known_probe,
)
def known_elsewhere(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    """For the contact of a case's side (either side may have a case here): the child is
    known at the other domain too. Two queries, one per side."""
    rows: list[tuple[Case, str, int]] = []
    for own, other in (("education", "youth"), ("youth", "education")):
        found = (
            Match.objects.filter(**{f"{own}__case__in": cases, f"{own}__contact__user": user})
            .select_related(f"{own}__case__child", f"{other}__organisation")
            # What the line shows: the case and child it names, the other side's name.
            .only(
                own,
                other,
                f"{own}__case",
                *(f"{own}__case__{name}" for name in CASE_FIELDS),
                f"{other}__organisation__name",
            )
            .order_by(f"{own}__case__child__last_name", f"{own}__case_id", "pk")
        )
        for match in limited(found, limit):
            case = getattr(match, own).case
            assert case is not None
            rows.append((case, getattr(match, other).organisation.name, match.pk))
    for case, organisation, pk in rows:
        yield Action(
            source="loket_known",
            case=case,
            title=_("Also known at %(organisation)s: propose them for the team?")
            % {"organisation": organisation},
            due=None,
            view="cases:detail",
            anchor="#bekend-elders",
            key=f"loket_known:{pk}",
            remind_from=None,
            tiebreak=pk,
        )
