"""Saving a dated activity on a case (a Meldcode step, a Verwijsindex signal, a vrijstelling,
a check of the school success one year after closing): who recorded it and when, the model's
own validation, and the access log's record of the write. Called inside the caller's
transaction."""

from __future__ import annotations

from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change

from .models import SafetyActivity


def save_activity(
    access: CaseAccess, activity: SafetyActivity, *, object_type: str, category: str
) -> None:
    """Stamp the activity with the person and organisation of `access`, validate and save it,
    and log the write under the data category it belongs to."""
    stamp(activity, access.user, access.organisation.name if access.organisation else "")
    activity.full_clean()
    activity.save()
    log_change(
        access,
        event=Event.CREATE,
        object_type=object_type,
        object_id=str(activity.uuid),
        category=category,
    )


def stamp(activity: SafetyActivity, user: User, organisation: str) -> None:
    """Who recorded the activity, for which organisation, and when."""
    activity.by = user
    activity.by_organisation = organisation
    activity.recorded_at = timezone.now()
