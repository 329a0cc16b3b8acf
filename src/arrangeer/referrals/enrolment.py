"""Schoolsucces na een jaar: one year after a case closed, the leerplichtambtenaar of the
child's municipality confirms whether the child is still in school (docs/monitor.md, *Regionale
uitkomsten*).

The case has closed, so its team has ended: the leerplichtambtenaar reaches it not through a
team place but by the legal task of leerplicht for the children of their municipality (the
leerplichtadministratie). That is a named ground of the access layer (`cases.access.enter`,
`log_entries`), registered here: the access layer decides with the rule below, logs every
read and write (and every refusal, as at the case's door) and answers 404.

The rule: an active membership with the role of leerplichtambtenaar at an active leerplicht
organisation of the case's region whose municipality is the municipality of the child's
school (the municipality the monitor counts the child in), while the check is open: from one
year after the closing (`ENROLMENT_CHECK_AFTER_DAYS`) until a year after that, when the
education data of a closed case reaches the end of its retention (cases/retention.py).
Nothing else of the case is read through this ground: the child's name, date of birth and
school, when the case closed and where the child went then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.audit.constants import Basis, Event
from arrangeer.cases.access import Actor, Ground, enter, log_entries, register_ground
from arrangeer.cases.constants import CaseStatus
from arrangeer.cases.models import Case
from arrangeer.core.paging import Window
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership

from .activities import stamp
from .constants import ENROLMENT_CHECK_AFTER_DAYS, EnrolmentOutcome
from .models import EnrolmentCheck

GROUND = "enrolment_check"
OBJECT_TYPE = "enrolment_check"
# How long a check stays open after it fell due.
OPEN_FOR_DAYS = 365


def due_on(case: Case) -> dt.date:
    """The day the check falls due: one year after the day the case closed."""
    assert case.closed_at is not None
    closed = timezone.localtime(case.closed_at).date()
    return closed + dt.timedelta(days=ENROLMENT_CHECK_AFTER_DAYS)


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def open_window(today: dt.date) -> Q:
    """Closed cases whose check is open today: due (closed at least a year ago) and not yet
    past the year it stays open."""
    due_from = today - dt.timedelta(days=ENROLMENT_CHECK_AFTER_DAYS)
    open_since = due_from - dt.timedelta(days=OPEN_FOR_DAYS)
    return Q(
        status=CaseStatus.CLOSED,
        closed_at__lt=_moment(due_from + dt.timedelta(days=1)),
        closed_at__gte=_moment(open_since + dt.timedelta(days=1)),
    )


def is_open(case: Case, today: dt.date) -> bool:
    """`open_window` for one case already read: closed, due, and not past the year it stays
    open."""
    if case.status != CaseStatus.CLOSED or case.closed_at is None:
        return False
    due = due_on(case)
    return due <= today < due + dt.timedelta(days=OPEN_FOR_DAYS)


def _officer_places(user: User) -> QuerySet[Membership]:
    """The user's active places as a leerplichtambtenaar at an active leerplicht organisation
    (none for a family account or an inactive user)."""
    if not user.is_authenticated or not user.is_active or user.kind != AccountKind.PROFESSIONAL:
        return Membership.objects.none()
    return Membership.objects.active().filter(
        user=user,
        role=Role.LEERPLICHT_OFFICER,
        organisation__type=OrganisationType.LEERPLICHT,
        organisation__is_active=True,
    )


def leerplicht_places(user: User, organisation_id: int | None = None) -> QuerySet[Membership]:
    """The user's places as a leerplichtambtenaar of a municipality (an API token of another
    organisation gets none)."""
    places = (
        _officer_places(user)
        .exclude(organisation__municipality="")
        .select_related("organisation")
        .order_by("pk")
    )
    if organisation_id is not None:
        places = places.filter(organisation_id=organisation_id)
    return places


def is_leerplicht_officer(user: User) -> bool:
    """Whether the user works as a leerplichtambtenaar (the list of checks is theirs, empty
    when their organisation names no municipality)."""
    return _officer_places(user).exists()


def _of_municipality(place: Membership) -> Q:
    return Q(
        region_id=place.organisation.region_id,
        child__school__municipality=place.organisation.municipality,
    )


def _place_for(case: Case, places: Iterable[Membership]) -> Membership | None:
    school = case.child.school
    for place in places:
        if (
            school is not None
            and place.organisation.region_id == case.region_id
            and place.organisation.municipality == school.municipality
        ):
            return place
    return None


def _due_cases(places: list[Membership], today: dt.date) -> QuerySet[Case]:
    """The open checks of these places' municipalities not yet recorded, the longest due
    first (then by the child's surname; the key last, so the order is stable for paging)."""
    anywhere = Q()
    for each in places:
        anywhere |= _of_municipality(each)
    return (
        Case.objects.filter(open_window(today), anywhere, enrolment_check__isnull=True)
        .select_related("child__school")
        .order_by("closed_at", "child__last_name", "pk")
    )


def _with_places(cases: Iterable[Case], places: list[Membership]) -> list[Due]:
    found = []
    for case in cases:
        through = _place_for(case, places)
        if through is not None:
            found.append(Due(case, through, due_on(case)))
    return found


def due_checks(
    user: User, today: dt.date, organisation_id: int | None = None, limit: int | None = None
) -> list[Due]:
    """The open checks of the user's municipalities not yet recorded, the longest due first,
    each with the place it is reached through. Two queries (the places, the cases); not yet
    logged: who shows them logs them (`log_shown`)."""
    places = list(leerplicht_places(user, organisation_id))
    if not places:
        return []
    cases = _due_cases(places, today)
    return _with_places(cases if limit is None else cases[:limit], places)


def due_page(user: User, today: dt.date, page: str | None, size: int) -> Window:
    """One page of `due_checks` (its rows `Due`), counted as the other long lists are (is
    there a next page: one row more, no COUNT). Two queries whatever the number of checks;
    not yet logged: who shows the page logs its rows (`log_shown`)."""
    places = list(leerplicht_places(user))
    if not places:
        return Window(1, [], has_next=False)
    cases = Window.of(_due_cases(places, today), page, size)
    return Window(cases.number, _with_places(cases.rows, places), cases.has_next)


@dataclass(frozen=True)
class Due:
    case: Case
    place: Membership
    due_on: dt.date


def log_shown(actor: Actor, shown: Iterable[Due], *, event: str = Event.LIST) -> None:
    """One access-log record per case shown, under the leerplicht place it is read through."""
    log_entries(GROUND, actor, [(due.case, due.place) for due in shown], event=event)


def _find(case_id: UUID, _in_address: UUID | None) -> Case | None:
    return (
        Case.objects.filter(uuid=case_id, status=CaseStatus.CLOSED)
        .select_related("child__school", "enrolment_check__by")
        .first()
    )


def _case(case: Case) -> Case:
    return case


def _place(
    user: User, case: Case, *, organisation_id: int | None = None, today: dt.date | None = None
) -> Membership | None:
    """A leerplicht place of the child's municipality, while the case's check is open."""
    if not is_open(case, today or timezone.localdate()):
        return None
    return _place_for(case, leerplicht_places(user, organisation_id))


register_ground(
    Ground(
        name=GROUND,
        object_type=OBJECT_TYPE,
        basis=Basis.LEGAL_TASK_LEERPLICHT,
        find=_find,
        case_of=_case,
        place=_place,
    )
)


@dataclass(frozen=True)
class CheckAccess:
    case: Case
    actor: Actor
    place: Membership

    @property
    def due_on(self) -> dt.date:
        return due_on(self.case)

    @property
    def recorded(self) -> EnrolmentCheck | None:
        try:
            return self.case.enrolment_check
        except EnrolmentCheck.DoesNotExist:
            return None


def access_check(actor: Actor, case_id: UUID, *, event: str = Event.VIEW) -> CheckAccess:
    """The closed case's check for a leerplichtambtenaar of the child's municipality while it
    is open, or Http404 (not allowed and not found look the same). Logged by the access layer
    either way."""
    entry = enter(
        GROUND, actor, case_id, case_id=case_id, event=event, organisation_id=actor.organisation_id
    )
    return CheckAccess(entry.found, actor, entry.place)


@transaction.atomic
def record_check(access: CheckAccess, *, outcome: str, note: str = "") -> EnrolmentCheck:
    """The outcome of the check, once per closed case, with who recorded it and when; the
    write is logged under the leerplicht place."""
    if outcome not in EnrolmentOutcome.values:
        raise ValidationError({"outcome": _("Choose where the child is now.")})
    # One check per case: the row is locked while it is written.
    case = Case.objects.select_for_update().get(pk=access.case.pk)
    if EnrolmentCheck.objects.filter(case=case).exists():
        raise ValidationError(_("The school success of this case is already recorded."))
    check = EnrolmentCheck(case=case, due_on=access.due_on, outcome=outcome, note=note.strip())
    stamp(check, access.actor.user, access.place.organisation.name)
    check.full_clean()
    check.save()
    log_entries(GROUND, access.actor, [(access.case, access.place)], event=Event.CREATE)
    return check
