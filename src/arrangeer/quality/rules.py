"""The rules of the contact point in one place: the acknowledgement term in working days and
who handles which concern."""

from __future__ import annotations

from django.db.models import Q

from arrangeer.organisations.models import Region

from .models import ContactHandler, QualitySettings


def acknowledge_days(region: Region) -> int:
    return QualitySettings.value_for(region)


def handled_q(handlers: list[ContactHandler]) -> Q:
    """On Concern: the concerns these handler places handle (their contact point, and a kind
    they handle; no kinds listed: every kind)."""
    wanted = Q(pk__in=[])
    for handler in handlers:
        place = Q(contact_point_id=handler.contact_point_id)
        if handler.kinds:
            place &= Q(kind__in=list(handler.kinds))
        wanted |= place
    return wanted
