"""What the family gave, as a section of the dossier page (cases.dossier's registry;
imported from PortalConfig.ready())."""

from __future__ import annotations

from dataclasses import dataclass

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.dossier import register_section

from .models import FamilyMessage

SHOWN = 5


@dataclass(frozen=True)
class FromFamily:
    latest: list[FamilyMessage]
    unread: int


@register_section("from_family", template="portal/_dossier.html")
def from_family_section(access: CaseAccess) -> FromFamily:
    visible = FamilyMessage.objects.visible_to(access)
    latest = list(
        visible.select_related("author", "logbook", "attachment").order_by("-given_at", "-pk")[
            :SHOWN
        ]
    )
    unread = visible.filter(read_at__isnull=True).count() if latest else 0
    return FromFamily(latest, unread)
