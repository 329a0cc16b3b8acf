"""Recording and withdrawing consent for a case (never overwritten), through its access.

The consents app holds the records and the rules of who may give them; writing them goes
through a `CaseAccess` (the access layer of this app), so it lives here (docs/architecture.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases import notices
from arrangeer.cases.access import CaseAccess, log_change, require_regisseur
from arrangeer.cases.constants import NoticeKind
from arrangeer.cases.models import Case
from arrangeer.children.ages import decides_together
from arrangeer.children.models import LegalRepresentative
from arrangeer.consents.constants import ConsentPurpose, Evidence
from arrangeer.consents.models import Consent, ParentSharing
from arrangeer.consents.rules import check_givers, check_login_for_consent, check_withdrawer
from arrangeer.organisations.models import Organisation
from arrangeer.vocabulary import DataCategory

# The data categories a case's content uses, from the apps above (the plan registers its
# items' categories from PlansConfig.ready()): the consent form proposes them for the
# regisseur's organisation, so that one regisseur can see the one plan.
CategoriesInUse = Callable[[Case], Iterable[str]]
_CATEGORIES_IN_USE: list[CategoriesInUse] = []


def register_categories_in_use(source: CategoriesInUse) -> CategoriesInUse:
    _CATEGORIES_IN_USE.append(source)
    return source


def categories_in_use(case: Case) -> frozenset[str]:
    found: set[str] = set()
    for source in _CATEGORIES_IN_USE:
        found.update(source(case))
    return frozenset(found)


def proposed_consent(access: CaseAccess) -> dict[str, object]:
    """What the consent form proposes: the regisseur's own organisation, with every data
    category the case's content uses (in the vocabulary's order)."""
    used = categories_in_use(access.case)
    proposal: dict[str, object] = {
        "categories": [c for c in DataCategory.values if c in used],
    }
    if access.organisation is not None:
        proposal["organisation"] = access.organisation
    return proposal


@transaction.atomic
def record_consent(
    access: CaseAccess,
    *,
    organisation: Organisation | None,
    categories: Iterable[str],
    purpose: str,
    given_by_representative: LegalRepresentative | None,
    given_by_child: bool,
    valid_from: dt.date,
    valid_until: dt.date | None,
    evidence: str,
    evidence_note: str = "",
    purpose_kind: str = ConsentPurpose.TEAM,
) -> Consent:
    require_regisseur(access, _("Only the regisseur records consent."))
    return _record_consent(
        access,
        organisation=organisation,
        categories=categories,
        purpose=purpose,
        given_by_representative=given_by_representative,
        given_by_child=given_by_child,
        valid_from=valid_from,
        valid_until=valid_until,
        evidence=evidence,
        evidence_note=evidence_note,
        purpose_kind=purpose_kind,
    )


def _record_consent(
    access: CaseAccess,
    *,
    organisation: Organisation | None,
    categories: Iterable[str],
    purpose: str,
    given_by_representative: LegalRepresentative | None,
    given_by_child: bool,
    valid_from: dt.date,
    valid_until: dt.date | None,
    evidence: str,
    evidence_note: str = "",
    purpose_kind: str = ConsentPurpose.TEAM,
    given_with: str = "",
) -> Consent:
    case = access.case
    chosen = sorted(set(categories))
    errors: dict[str, str] = {}
    if organisation is None:
        errors["organisation"] = _("Choose the organisation that receives the data.")
    if not chosen:
        errors["categories"] = _("Choose at least one data category.")
    elif not set(chosen) <= set(DataCategory.values):
        errors["categories"] = _("Unknown data category.")
    if not purpose.strip():
        errors["purpose"] = _("Describe the purpose of sharing.")
    if purpose_kind not in ConsentPurpose.values:
        errors["purpose"] = _("Unknown purpose.")
    if evidence not in Evidence.values:
        errors["evidence"] = _("Choose how the consent was given.")
    if valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = _("The end date must not be before the start date.")
    if errors:
        raise ValidationError(errors)
    assert organisation is not None
    band = check_givers(
        case.child,
        representative=given_by_representative,
        by_child=given_by_child,
        day=timezone.localdate(),
    )
    consent = Consent.objects.create(
        case=case,
        organisation=organisation,
        categories=chosen,
        purpose=purpose.strip(),
        purpose_kind=purpose_kind,
        given_by_representative=given_by_representative,
        given_by_child=given_by_child,
        age_band_at_giving=band,
        valid_from=valid_from,
        valid_until=valid_until,
        evidence=evidence,
        evidence_note=evidence_note.strip(),
        given_with=given_with,
        recorded_by=access.user,
    )
    log_change(access, event=Event.CREATE, object_type="consent", object_id=str(consent.uuid))
    return consent


@transaction.atomic
def withdraw_consent(
    access: CaseAccess,
    consent: Consent,
    *,
    by_representative: LegalRepresentative | None,
    by_child: bool,
    reason: str = "",
) -> Consent:
    """Ends the consent now. Access that rested on it ends with it (the access layer reads
    only active consents)."""
    require_regisseur(access, _("Only the regisseur records consent."))
    return _withdraw(
        access, consent, by_representative=by_representative, by_child=by_child, reason=reason
    )


def _withdraw(
    access: CaseAccess,
    consent: Consent,
    *,
    by_representative: LegalRepresentative | None,
    by_child: bool,
    reason: str,
) -> Consent:
    locked = Consent.objects.select_for_update().get(pk=consent.pk, case=access.case)
    if locked.withdrawn_at is not None:
        raise ValidationError(_("This consent was already withdrawn."))
    check_withdrawer(
        access.case.child,
        representative=by_representative,
        by_child=by_child,
        day=timezone.localdate(),
    )
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = access.user
    locked.withdrawn_by_representative = by_representative
    locked.withdrawn_by_child = by_child
    locked.withdrawal_reason = reason.strip()
    locked.save(
        update_fields=[
            "withdrawn_at",
            "withdrawn_by",
            "withdrawn_by_representative",
            "withdrawn_by_child",
            "withdrawal_reason",
        ]
    )
    log_change(access, object_type="consent", object_id=str(locked.uuid))
    notices.tell_family(
        access.case,
        kind=NoticeKind.CONSENT,
        key=f"consent_withdrawn:{locked.pk}",
        acting_user=access.user,
    )
    return locked


@transaction.atomic
def share_with_parents(access: CaseAccess, *, categories: Iterable[str]) -> ParentSharing:
    """The young person of 16 or older chooses what their parents see in the portal."""
    place = access.family
    if place is None or not place.chooses_what_parents_see:
        raise PermissionDenied(_("From 16, only the young person chooses what parents see."))
    chosen = sorted(set(categories))
    if not set(chosen) <= set(DataCategory.values):
        raise ValidationError({"categories": _("Unknown data category.")})
    sharing = ParentSharing.objects.create(
        case=access.case, categories=chosen, recorded_by=access.user
    )
    log_change(access, event=Event.CREATE, object_type="parent_sharing", object_id=str(sharing.pk))
    return sharing


def _family_giver(access: CaseAccess) -> tuple[LegalRepresentative | None, bool]:
    place = access.family
    if place is None:
        raise PermissionDenied(_("Only the family gives consent in the portal."))
    if not place.is_child and not place.has_authority:
        raise ValidationError(
            _("A parent or carer without parental authority cannot give or withdraw consent.")
        )
    return place.representative, place.is_child


@transaction.atomic
def give_consent_in_portal(
    access: CaseAccess,
    *,
    organisation: Organisation | None,
    categories: Iterable[str],
    purpose: str,
    together: bool,
    given_with: str,
) -> Consent:
    """A parent or the young person gives consent themselves. From 12 to 16 the child and a
    parent with gezag decide together: whoever records it in the portal confirms (`together`)
    that the other agrees, as the regisseur does when recording a signed form.

    How they logged in is recorded with it (`given_with`, said by the page from the session).
    DigiD at basic assurance (user name and password alone) is not enough to give consent:
    they log in again with the DigiD app or an sms check. Withdrawing is never harder than
    giving, so it asks for no level."""
    check_login_for_consent(given_with)
    representative, by_child = _family_giver(access)
    band = access.case.child.age_band(timezone.localdate())
    if decides_together(band) and not together:
        raise ValidationError(
            {"together": _("From 12 to 16, you and your child decide together. Confirm this.")}
        )
    if decides_together(band):
        if by_child:
            representative = (
                access.case.child.representatives.filter(has_authority=True).order_by("pk").first()
            )
        else:
            by_child = True
    return _record_consent(
        access,
        organisation=organisation,
        categories=categories,
        purpose=purpose or str(_("Working together on the plan for the child")),
        given_by_representative=representative,
        given_by_child=by_child,
        valid_from=timezone.localdate(),
        valid_until=None,
        evidence=Evidence.PORTAL,
        evidence_note=str(_("Given in the portal by %(name)s") % {"name": access.user}),
        given_with=given_with,
    )


@transaction.atomic
def withdraw_consent_in_portal(
    access: CaseAccess, consent: Consent, *, reason: str = ""
) -> Consent:
    """A parent with gezag (child under 16) or the young person from 12 withdraws consent."""
    representative, by_child = _family_giver(access)
    return _withdraw(
        access, consent, by_representative=representative, by_child=by_child, reason=reason
    )
