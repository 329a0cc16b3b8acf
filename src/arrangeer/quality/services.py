"""The writes of the quality contact point. Each is one transaction that checks the
transition (constants.TRANSITIONS), writes a step and the access log, and tells the reporter
by mail (after the commit, without child data) when the status changes."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from arrangeer.accounts.models import User
from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change
from arrangeer.core import tasks
from arrangeer.core.workdays import add_working_days
from arrangeer.organisations.models import Organisation

from .constants import OBJECT_TYPE, TRANSITIONS, ConcernKind, ConcernStatus, StepKind
from .doors import ConcernAccess, log_handler
from .models import Concern, ConcernStep, ContactHandler, ContactPoint
from .rules import acknowledge_days
from .selectors import concerned_choices, contact_points, shareable_parts, shared_data


@transaction.atomic
def report_concern(
    access: CaseAccess,
    *,
    contact_point: ContactPoint,
    kind: str,
    concerned: Organisation,
    what: str,
    since: dt.date,
    tried: str = "",
    parts: list[str] | None = None,
    concerned_may_see: bool = False,
) -> Concern:
    """The regisseur, or a parent or the young person in the portal, reports a concern about
    the support an organisation gives on the case, with the parts of the case they chose."""
    chosen = _check_concern(
        access,
        contact_point=contact_point,
        kind=kind,
        concerned=concerned,
        what=what,
        since=since,
        parts=parts,
    )
    now = timezone.now()
    concern = Concern.objects.create(
        case=access.case,
        contact_point=contact_point,
        kind=kind,
        concerned=concerned,
        what=what.strip(),
        since=since,
        tried=tried.strip(),
        reporter=access.user,
        reporter_organisation=access.organisation.name if access.organisation else "",
        from_family=access.is_family,
        concerned_may_see=access.is_family and concerned_may_see,
        shared_parts=chosen,
        shared_data=shared_data(access, chosen),
        reported_at=now,
        acknowledge_due=add_working_days(
            timezone.localtime(now).date(), acknowledge_days(access.case.region)
        ),
    )
    ConcernStep.objects.create(
        concern=concern,
        kind=StepKind.REPORTED,
        at=now,
        by=access.user,
        by_organisation=concern.reporter_organisation,
    )
    log_change(access, event=Event.CREATE, object_type=OBJECT_TYPE, object_id=str(concern.uuid))
    tasks.on_commit(_tell_handlers, concern.pk)
    return concern


def _check_concern(
    access: CaseAccess,
    *,
    contact_point: ContactPoint,
    kind: str,
    concerned: Organisation,
    what: str,
    since: dt.date,
    parts: list[str] | None,
) -> list[str]:
    """A concern on an open case, by its regisseur or its family, to a contact point of the
    region, about a school or organisation of the case, described, not dated in the future;
    the parts of the case to share (only what the reporter may see)."""
    if access.read_only:
        raise PermissionDenied(_("This case is closed: it can still be read, not changed."))
    if not access.is_family and not access.is_regisseur:
        raise PermissionDenied(_("Only the regisseur of this case can report a concern here."))
    if not contact_points(access.case).filter(pk=contact_point.pk).exists():
        raise ValidationError({"contact_point": _("Choose a contact point of this region.")})
    if kind not in ConcernKind.values:
        raise ValidationError({"kind": _("Choose what the concern is about.")})
    if not concerned_choices(access).filter(pk=concerned.pk).exists():
        raise ValidationError(
            {"concerned": _("Choose the school or organisation that gives the support.")}
        )
    if not what.strip():
        raise ValidationError({"what": _("Describe the concern.")})
    if since > timezone.localdate():
        raise ValidationError({"since": _("The date cannot be in the future.")})
    allowed = {code for code, _label in shareable_parts(access)}
    chosen = sorted(set(parts or []))
    if not set(chosen) <= allowed:
        raise ValidationError({"parts": _("Choose only parts of the case you may see yourself.")})
    return chosen


def _lock(view: ConcernAccess) -> tuple[Concern, ContactHandler]:
    if view.handler is None:
        raise PermissionDenied(_("Only the contact point handles a concern."))
    locked = (
        Concern.objects.select_for_update()
        .filter(pk=view.concern.pk)
        .select_related("case__child")
        .get()
    )
    return locked, view.handler


def _step(view: ConcernAccess, concern: Concern, kind: str, note: str) -> dt.datetime:
    after = TRANSITIONS.get((concern.status, kind))
    if after is None:
        if concern.status == ConcernStatus.RECEIVED:
            raise ValidationError(_("Acknowledge the concern first."))
        if concern.status == ConcernStatus.CLOSED:
            raise ValidationError(_("This concern is closed: nothing can change in it any more."))
        raise ValidationError(_("This concern was acknowledged already."))
    handler = view.handler
    assert handler is not None
    now = timezone.now()
    ConcernStep.objects.create(
        concern=concern,
        kind=kind,
        at=now,
        by=view.user,
        by_organisation=handler.membership.organisation.name,
        note=note,
    )
    concern.status = after
    log_handler(view.actor, [(concern, handler.membership)], event=Event.CHANGE)
    return now


@transaction.atomic
def acknowledge(view: ConcernAccess, *, note: str = "") -> Concern:
    """The handler confirms the concern is received and being handled (within the term)."""
    concern, _handler = _lock(view)
    now = _step(view, concern, StepKind.ACKNOWLEDGED, note.strip())
    concern.acknowledged_at = now
    concern.save(update_fields=["status", "acknowledged_at"])
    tasks.on_commit(_tell_reporter, concern.pk)
    return concern


@transaction.atomic
def record_handling(view: ConcernAccess, *, note: str) -> Concern:
    """A note of what the contact point did (a talk with the organisation, a visit)."""
    if not note.strip():
        raise ValidationError({"note": _("Describe what was done.")})
    concern, _handler = _lock(view)
    _step(view, concern, StepKind.HANDLING, note.strip())
    concern.save(update_fields=["status"])
    return concern


@transaction.atomic
def record_outcome(view: ConcernAccess, *, note: str) -> Concern:
    """The outcome closes the concern; the reporter reads it."""
    if not note.strip():
        raise ValidationError({"note": _("Describe the outcome.")})
    concern, _handler = _lock(view)
    now = _step(view, concern, StepKind.OUTCOME, note.strip())
    concern.outcome = note.strip()
    concern.closed_at = now
    concern.save(update_fields=["status", "outcome", "closed_at"])
    tasks.on_commit(_tell_reporter, concern.pk)
    return concern


def reporter_link(concern: Concern) -> str:
    if concern.from_family:
        path = reverse(
            "quality_family:detail",
            kwargs={"case_id": concern.case.uuid, "concern_id": concern.uuid},
        )
    else:
        path = reverse(
            "quality:detail", kwargs={"case_id": concern.case.uuid, "concern_id": concern.uuid}
        )
    return settings.SITE_URL + path


def _greeting(user: User) -> str:
    return _("Hello %(name)s,") % {"name": user.first_name or user.get_username()}


@tasks.background
def _tell_reporter(concern_id: int) -> None:
    """A mail to the reporter that the status changed: the status and a link, no child data."""
    concern = Concern.objects.select_related("reporter", "case").get(pk=concern_id)
    user = concern.reporter
    if not user.email or not user.is_active:
        return
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Arrangeer: news about your concern")
        body = "\n".join(
            [
                _greeting(user),
                "",
                _("The contact point changed the status of the concern you reported: %(status)s.")
                % {"status": concern.get_status_display()},
                "",
                reporter_link(concern),
                "",
                _("Log in to read more. This mail names no child, to protect privacy."),
            ]
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@tasks.background
def _tell_handlers(concern_id: int) -> None:
    """A mail to the handlers of a new concern: a link, no child data."""
    concern = Concern.objects.select_related("case").get(pk=concern_id)
    handlers = ContactHandler.objects.filter(
        contact_point_id=concern.contact_point_id,
        membership__is_active=True,
        membership__user__is_active=True,
    ).select_related("membership__user")
    link = settings.SITE_URL + reverse(
        "quality:detail", kwargs={"case_id": concern.case.uuid, "concern_id": concern.uuid}
    )
    for handler in handlers:
        user = handler.membership.user
        if not user.email or not handler.handles(concern.kind):
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = _("Arrangeer: a new concern for your contact point")
            body = "\n".join(
                [
                    _greeting(user),
                    "",
                    _(
                        "A concern about the quality of support was reported. "
                        "Acknowledge it by %(date)s."
                    )
                    % {"date": concern.acknowledge_due.strftime("%d-%m-%Y")},
                    "",
                    link,
                    "",
                    _("This mail names no child, to protect privacy."),
                ]
            )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
