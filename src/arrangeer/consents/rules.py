"""Who may give and withdraw consent, by the child's age (one place for the rule).

- under 12: a parent or carer with parental authority;
- 12 to 15: the child and a parent with parental authority together (either can withdraw);
- 16 and older: the young person alone.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from arrangeer.children.ages import decides_alone, decides_together, parents_decide
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.vocabulary import AgeBand

from .constants import GivenWith


def check_givers(
    child: Child,
    *,
    representative: LegalRepresentative | None,
    by_child: bool,
    day: dt.date,
) -> AgeBand:
    band = child.age_band(day)
    if representative is not None:
        _check_representative(child, representative)
    if parents_decide(band):
        _check_parents_give(representative=representative, by_child=by_child)
    elif decides_together(band):
        if representative is None or not by_child:
            raise ValidationError(
                _(
                    "From 12 to 16, the child and a parent with parental authority give consent "
                    "together: record both."
                )
            )
    else:
        _check_young_person_gives(representative=representative, by_child=by_child)
    return band


def _check_representative(child: Child, representative: LegalRepresentative) -> None:
    """A giver who is a parent or carer of this child, with parental authority."""
    if representative.child_id != child.pk:
        raise ValidationError(
            {"given_by_representative": _("This person is not a parent or carer of this child.")}
        )
    if not representative.has_authority:
        raise ValidationError(
            {
                "given_by_representative": _(
                    "A parent or carer without parental authority cannot give consent."
                )
            }
        )


def _check_parents_give(*, representative: LegalRepresentative | None, by_child: bool) -> None:
    """Under 12: a parent with parental authority gives consent, the child not."""
    if representative is None:
        raise ValidationError(
            {
                "given_by_representative": _(
                    "For a child under 12, a parent or carer with parental authority gives consent."
                )
            }
        )
    if by_child:
        raise ValidationError(
            {"given_by_child": _("A child under 12 does not give consent itself; the parents do.")}
        )


def _check_young_person_gives(
    *, representative: LegalRepresentative | None, by_child: bool
) -> None:
    """From 16: the young person gives consent alone."""
    if not by_child:
        raise ValidationError(
            {"given_by_child": _("From 16, the young person gives consent alone.")}
        )
    if representative is not None:
        raise ValidationError(
            {
                "given_by_representative": _(
                    "From 16, the young person decides alone; do not record a parent as giver."
                )
            }
        )


def check_withdrawer(
    child: Child,
    *,
    representative: LegalRepresentative | None,
    by_child: bool,
    day: dt.date,
) -> None:
    band = child.age_band(day)
    if representative is not None and by_child:
        raise ValidationError(_("Record one person who withdraws the consent."))
    if representative is None and not by_child:
        raise ValidationError(_("Record who withdraws the consent."))
    if representative is not None:
        if representative.child_id != child.pk or not representative.has_authority:
            raise ValidationError(
                _("Only a parent or carer with parental authority can withdraw consent.")
            )
        if decides_alone(band):
            raise ValidationError(_("From 16, only the young person can withdraw consent."))
    if by_child and parents_decide(band):
        raise ValidationError(
            _("A child under 12 does not withdraw consent itself; the parents do.")
        )


def check_login_for_consent(given_with: str) -> None:
    """Giving consent in the portal asks for a login at substantial assurance or the password
    with its second step: DigiD at basic assurance (user name and password alone) is not
    enough. Withdrawing asks for no level: it is never harder than giving."""
    if given_with not in GivenWith.values:
        raise ValidationError(_("How you logged in is not known. Log out and log in again."))
    if given_with == GivenWith.DIGID_BASIC:
        raise ValidationError(
            _(
                "To give consent, log in with DigiD at a higher level: log out, then log in "
                "again with the DigiD app or with an sms check. Nothing was saved."
            )
        )
