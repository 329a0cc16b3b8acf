"""The access log in words a person reads: who someone was (a role code becomes a role in
words) and what each kind of entry means. One place for the regisseur's log page and the
family's *Wie keek in het dossier*."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from arrangeer.accounts.constants import AccountKind
from arrangeer.audit.constants import Basis, Event, Outcome
from arrangeer.organisations.constants import Role

# The roles a family member is logged under (`FamilyPlace.role`, or the kind of account when
# an attempt was refused).
FAMILY_ROLES: dict[str, Promise] = {
    "parent": _("parent"),
    "parent_without_authority": _("parent without parental authority"),
    "youth": _("young person"),
}
assert {AccountKind.PARENT, AccountKind.YOUTH} <= set(FAMILY_ROLES)


def is_family_role(code: str) -> bool:
    return code in FAMILY_ROLES


def role_label(code: str) -> str:
    """The role in words: "Leerkracht of mentor", "ouder zonder gezag"; "" when unknown."""
    if code in FAMILY_ROLES:
        return str(FAMILY_ROLES[code])
    if code in Role.values:
        return str(Role(code).label)
    return ""


WHAT: dict[str, Promise] = {
    Event.VIEW: _("Looked at the file"),
    Event.LIST: _("Saw the file in a list"),
    Event.SEARCH: _("Found the file by searching"),
    Event.EXPORT: _("Downloaded the file"),
    Event.PRINT: _("Printed the file"),
    Event.CREATE: _("Added something to the file"),
    Event.CHANGE: _("Changed something in the file"),
    Event.DELETE: _("Removed something from the file"),
}

WHY: dict[str, Promise] = {
    Basis.CONSENT: _("With consent given for this organisation."),
    Basis.LEGAL_TASK_SCHOOL: _("The school may do this by law, for its task in education."),
    Basis.LEGAL_TASK_LEERPLICHT: _(
        "The leerplicht officer may do this by law, to check that children go to school."
    ),
    Basis.LEGAL_TASK_YOUTH_TEAM: _(
        "The youth team may do this by law, for its task in youth care."
    ),
    Basis.BREAK_THE_GLASS: _(
        "Emergency access: someone was worried about safety and opened the file without "
        "consent. This is always checked afterwards."
    ),
    Basis.FAMILY: _("Own file: parents and the young person may look at it."),
    Basis.QUALITY_CONTACT: _(
        "The contact point for the quality of support handles a concern. It reads only the "
        "concern and the parts of the file the reporter chose to send."
    ),
}


def what_happened(event: str, outcome: str) -> str:
    if outcome == Outcome.DENIED:
        return str(_("Tried to open the file, but was not allowed"))
    return str(WHAT.get(event, event))


def why_allowed(event: str, outcome: str, basis: str) -> str:
    """Why this entry was allowed, in plain words; for a list or search entry without a
    ground, what the person saw (nothing of the file itself)."""
    if outcome == Outcome.DENIED:
        return str(_("Not allowed, so nothing was shown."))
    if basis in WHY:
        return str(WHY[basis])
    if event in (Event.LIST, Event.SEARCH):
        return str(
            _(
                "The file was one line in a list of files this person may see: the name, "
                "school and step of the route. The file itself was not opened."
            )
        )
    return str(_("No reason was written down."))
