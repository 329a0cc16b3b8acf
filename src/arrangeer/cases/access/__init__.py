"""The one door to case data (ARCHITECTURE.md rule 3).

Every page, export and API endpoint that shows anything about a child gets its case through
`access_case` (one case) or `visible_cases` (lists, search, counts). Both apply the same rule,
both write the access log, and neither has a switch to skip the check: superusers and
functional administrators see no child data unless they are on the team themselves.

Who sees a case (while it is open):
- an active team member whose organisation membership is active, and who has a ground:
  a legal task that still holds (the school for its own pupil, leerplicht while there is
  absence, the youth team that took up the signal) or an active consent of the family for
  their organisation;
- a professional with a running emergency access (break-the-glass, 24 hours).
- through one door only, `access_case_for_decision` (the escalation's pages): who sits at
  the current level of an open escalation on the case (the escalatieladder), with the data
  categories that level reads for its decision; never the dossier, lists or search.
What they see within it: the data categories their legal task covers plus those of their
organisation's active consents (all categories under emergency access).

A closed case: its last regisseur (still on the team with a ground, as above) and the family
keep reading it for its retention period — for the handover, the parents' questions and the
AVG — in the categories whose period has not passed; every read is logged as any other, and
every write is refused (403: they know the case). Everyone else gets the 404 of a case that
does not exist. Lists and search (`visible_cases`) show open cases only.

The family (ouderportaal) comes through the same door, `access_family_case`, with the same
log (basis "family"): a parent or carer whose account is linked to a LegalRepresentative of
the child, and the young person from 12 whose account is linked to the child. Professional
accounts never get in this way, even when linked. What each sees (docs/privacy.md):
- a parent with gezag: everything of their child's case; from the child's 16th birthday only
  education plus the categories the young person chose to share with the parents;
- a parent without gezag (art. 1:377c BW): information about important matters, read-only:
  education, youth care and family, never health or safety; from 16 as above;
- the young person from 12: their own file, safety reports only from 16.

The layer is one package; other apps import it as `arrangeer.cases.access` only (its
modules are its own):
- `actor`: who asks (`Actor`), through which channel, from where;
- `visibility`: which cases a professional may see (`visible_cases`, `valid_team_members`);
- `grants`: the ground and categories of one person on one case;
- `case_access`: what they may see of it (`CaseAccess`, `require_regisseur`);
- `door`: `access_case`, `access_cases` (several at once), `access_item` and the portal's
  `access_family_case`;
- `family`: the family's place in a case and what each member sees;
- `seats`: the escalation's decision levels;
- `advice`: the Integraal Loket's advice, also as a way through `access_case` (`advice_lokets`);
- `grounds`: named grounds for child data reached otherwise than through the case;
- `records` and `refusals`: the access log's records, allowed and refused (`refuse_on_case`:
  something of a case the reader was let into that is not theirs, such as another person's
  export).
"""

from __future__ import annotations

from ..scoping import ScopedQuerySet
from .actor import SAFE_METHODS, Actor, request_writes
from .advice import LOKET_ROLES, access_case_for_advice
from .case_access import BSN_ROLES, CaseAccess, require_regisseur
from .door import access_case, access_cases, access_family_case, access_item
from .family import FamilyMember, FamilyPlace, family_cases, family_categories, family_members
from .grounds import Entry, Ground, enter, log_entries, register_ground
from .records import log_change, log_for_membership, log_listed
from .refusals import refuse_on_case
from .seats import Seat, SeatFinder, access_case_for_decision, register_seat_finder
from .visibility import (
    WALK_FROM_PLACES,
    running_emergency_accesses,
    valid_team_members,
    visible_cases,
    visible_cases_and_keys,
)

__all__ = [
    "BSN_ROLES",
    "LOKET_ROLES",
    "SAFE_METHODS",
    "WALK_FROM_PLACES",
    "Actor",
    "CaseAccess",
    "Entry",
    "FamilyMember",
    "FamilyPlace",
    "Ground",
    "ScopedQuerySet",
    "Seat",
    "SeatFinder",
    "access_case",
    "access_case_for_advice",
    "access_case_for_decision",
    "access_cases",
    "access_family_case",
    "access_item",
    "enter",
    "family_cases",
    "family_categories",
    "family_members",
    "log_change",
    "log_entries",
    "log_for_membership",
    "log_listed",
    "refuse_on_case",
    "register_ground",
    "register_seat_finder",
    "request_writes",
    "require_regisseur",
    "running_emergency_accesses",
    "valid_team_members",
    "visible_cases",
    "visible_cases_and_keys",
]
