"""The consents app's own rules: who may give and withdraw consent at which age (rules), when a
consent holds (models), and what a withdrawal means for a read (through the access layer)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

import pytest

from arrangeer.cases import consents as consent_services
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.constants import MemberBasis, MemberStatus
from arrangeer.cases.models import Case, TeamMember
from arrangeer.children.ages import years_before
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.consents.constants import ConsentPurpose, Evidence, GivenWith
from arrangeer.consents.models import Consent
from arrangeer.consents.rules import check_givers, check_login_for_consent, check_withdrawer
from arrangeer.organisations.constants import Role
from arrangeer.testing.factories import CaseFactory, MembershipFactory, OrganisationFactory
from arrangeer.vocabulary import AgeBand

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = dt.date(2026, 6, 15)


def _child_born(on: dt.date) -> tuple[Child, LegalRepresentative]:
    """A child born on `on`, with a mother with gezag (and a stepfather without)."""
    child = Child.objects.create(first_name="Sem", last_name="Jansen", date_of_birth=on)
    LegalRepresentative.objects.create(
        child=child,
        first_name="Kees",
        last_name="Bakker",
        relation="anders",
        has_authority=False,
    )
    mother = LegalRepresentative.objects.create(
        child=child, first_name="Anna", last_name="Jansen", relation="moeder", has_authority=True
    )
    return child, mother


def _aged(years: int) -> tuple[Child, LegalRepresentative]:
    return _child_born(years_before(TODAY, years))


# --- who gives consent -----------------------------------------------------------------


def test_under_12_a_parent_with_gezag_gives_consent_and_the_child_does_not():
    child, mother = _aged(11)
    assert check_givers(child, representative=mother, by_child=False, day=TODAY) == (
        AgeBand.UNDER_12
    )
    with pytest.raises(ValidationError, match="the parents do"):
        check_givers(child, representative=mother, by_child=True, day=TODAY)
    with pytest.raises(ValidationError, match="under 12, a parent or carer"):
        check_givers(child, representative=None, by_child=False, day=TODAY)


def test_a_parent_without_gezag_or_of_another_child_cannot_give_consent():
    child, _mother = _aged(8)
    stepfather = child.representatives.get(has_authority=False)
    with pytest.raises(ValidationError, match="without parental authority"):
        check_givers(child, representative=stepfather, by_child=False, day=TODAY)
    _other, other_mother = _aged(9)
    with pytest.raises(ValidationError, match="not a parent or carer of this child"):
        check_givers(child, representative=other_mother, by_child=False, day=TODAY)


def test_from_12_to_15_the_child_and_a_parent_give_consent_together():
    child, mother = _aged(12)
    assert check_givers(child, representative=mother, by_child=True, day=TODAY) == (AgeBand.FROM_12)
    for representative, by_child in ((mother, False), (None, True)):
        with pytest.raises(ValidationError, match="together: record both"):
            check_givers(child, representative=representative, by_child=by_child, day=TODAY)


def test_from_16_the_young_person_gives_consent_alone():
    child, mother = _aged(16)
    assert check_givers(child, representative=None, by_child=True, day=TODAY) == AgeBand.FROM_16
    with pytest.raises(ValidationError, match="decides alone"):
        check_givers(child, representative=mother, by_child=True, day=TODAY)
    with pytest.raises(ValidationError, match="gives consent alone"):
        check_givers(child, representative=mother, by_child=False, day=TODAY)


def test_the_band_changes_on_the_birthday_itself():
    child, mother = _child_born(dt.date(2014, 6, 15))
    day_before = dt.date(2026, 6, 14)
    assert check_givers(child, representative=mother, by_child=False, day=day_before) == (
        AgeBand.UNDER_12
    )
    with pytest.raises(ValidationError):
        check_givers(child, representative=mother, by_child=False, day=TODAY)
    assert check_givers(child, representative=mother, by_child=True, day=TODAY) == (AgeBand.FROM_12)
    assert check_givers(child, representative=None, by_child=True, day=dt.date(2030, 6, 15)) == (
        AgeBand.FROM_16
    )


# --- who withdraws it ------------------------------------------------------------------


def test_under_12_only_the_parent_with_gezag_withdraws():
    child, mother = _aged(7)
    check_withdrawer(child, representative=mother, by_child=False, day=TODAY)
    with pytest.raises(ValidationError, match="does not withdraw consent itself"):
        check_withdrawer(child, representative=None, by_child=True, day=TODAY)
    stepfather = child.representatives.get(has_authority=False)
    with pytest.raises(ValidationError, match="Only a parent or carer with parental authority"):
        check_withdrawer(child, representative=stepfather, by_child=False, day=TODAY)


def test_from_12_either_the_child_or_the_parent_withdraws_alone():
    child, mother = _aged(14)
    check_withdrawer(child, representative=mother, by_child=False, day=TODAY)
    check_withdrawer(child, representative=None, by_child=True, day=TODAY)


def test_from_16_only_the_young_person_withdraws():
    child, mother = _aged(17)
    check_withdrawer(child, representative=None, by_child=True, day=TODAY)
    with pytest.raises(ValidationError, match="only the young person"):
        check_withdrawer(child, representative=mother, by_child=False, day=TODAY)


def test_a_withdrawal_names_exactly_one_person():
    child, mother = _aged(13)
    with pytest.raises(ValidationError, match="Record one person"):
        check_withdrawer(child, representative=mother, by_child=True, day=TODAY)
    with pytest.raises(ValidationError, match="Record who withdraws"):
        check_withdrawer(child, representative=None, by_child=False, day=TODAY)


def test_consent_in_the_portal_needs_more_than_digid_at_basic_assurance():
    check_login_for_consent(GivenWith.DIGID_SUBSTANTIAL)
    check_login_for_consent(GivenWith.PASSWORD)
    with pytest.raises(ValidationError, match="higher level"):
        check_login_for_consent(GivenWith.DIGID_BASIC)
    with pytest.raises(ValidationError, match="not known"):
        check_login_for_consent("")


# --- when a consent holds --------------------------------------------------------------


def _consent(case: Case, **fields: object) -> Consent:
    values: dict[str, object] = {
        "organisation": case.initiating_organisation,
        "categories": ["jeugdhulp"],
        "purpose": "Samenwerken in het team",
        "given_by_representative": case.child.representatives.get(),
        "age_band_at_giving": AgeBand.UNDER_12,
        "valid_from": TODAY,
        "evidence": Evidence.SIGNED_FORM,
        "recorded_by": case.regisseur,
    }
    values.update(fields)
    return Consent.objects.create(case=case, **values)


def test_a_consent_holds_from_its_first_to_its_last_day_until_withdrawn():
    case = CaseFactory()
    until = TODAY + dt.timedelta(days=30)
    consent = _consent(case, valid_until=until)
    for day, holds in (
        (TODAY - dt.timedelta(days=1), False),
        (TODAY, True),
        (until, True),
        (until + dt.timedelta(days=1), False),
    ):
        assert consent.is_active_on(day) is holds
        assert Consent.objects.active_on(day).filter(pk=consent.pk).exists() is holds
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())
    consent.refresh_from_db()
    assert not consent.is_active_on(TODAY)
    assert not Consent.objects.active_on(TODAY).exists()


def test_the_team_and_the_loket_consents_are_told_apart():
    case = CaseFactory()
    team = _consent(case)
    loket = _consent(case, purpose_kind=ConsentPurpose.LOKET)
    assert list(Consent.objects.for_team()) == [team]
    assert list(Consent.objects.for_purpose(ConsentPurpose.LOKET)) == [loket]


def test_a_consent_given_in_another_age_band_needs_renewal_until_withdrawn():
    case = CaseFactory()
    consent = _consent(case)
    assert not consent.needs_renewal(AgeBand.UNDER_12)
    assert consent.needs_renewal(AgeBand.FROM_12)
    consent.withdrawn_at = timezone.now()
    assert not consent.needs_renewal(AgeBand.FROM_12)


# --- giving and withdrawing through the services, and what it means for a read ---------


def _provider_on_consent(case: Case) -> TeamMember:
    """A care worker of a youth care provider on the team, on the ground of consent only."""
    provider = OrganisationFactory.create(region=case.region, provider=True)
    worker = MembershipFactory.create(organisation=provider, role=Role.CARE_WORKER)
    return TeamMember.objects.create(
        case=case,
        membership=worker,
        status=MemberStatus.ACTIVE,
        basis=MemberBasis.CONSENT,
        proposed_by=case.regisseur,
        decided_at=timezone.now(),
        decided_by=case.regisseur,
    )


def test_a_withdrawn_consent_ends_the_read_that_rested_on_it():
    case = CaseFactory()
    member = _provider_on_consent(case)
    worker = Actor(member.membership.user)
    with pytest.raises(Http404):
        access_case(worker, case.uuid)
    regie = access_case(Actor(case.regisseur), case.uuid)
    mother = case.child.representatives.get()
    consent = consent_services.record_consent(
        regie,
        organisation=member.membership.organisation,
        categories=["jeugdhulp", "gezin"],
        purpose="Gezinsbegeleiding afstemmen",
        given_by_representative=mother,
        given_by_child=False,
        valid_from=timezone.localdate(),
        valid_until=None,
        evidence=Evidence.SIGNED_FORM,
    )
    assert consent.age_band_at_giving == AgeBand.UNDER_12
    assert access_case(worker, case.uuid).categories == {"jeugdhulp", "gezin"}
    withdrawn = consent_services.withdraw_consent(
        regie, consent, by_representative=mother, by_child=False, reason="Liever niet"
    )
    assert withdrawn.withdrawn_at is not None and withdrawn.withdrawn_by == case.regisseur
    with pytest.raises(Http404):
        access_case(worker, case.uuid)
    with pytest.raises(ValidationError, match="already withdrawn"):
        consent_services.withdraw_consent(regie, consent, by_representative=mother, by_child=False)


def test_a_consent_the_age_rule_refuses_is_not_recorded():
    case = CaseFactory()
    regie = access_case(Actor(case.regisseur), case.uuid)
    with pytest.raises(ValidationError, match="the parents do"):
        consent_services.record_consent(
            regie,
            organisation=case.initiating_organisation,
            categories=["onderwijs"],
            purpose="Samenwerken",
            given_by_representative=case.child.representatives.get(),
            given_by_child=True,
            valid_from=timezone.localdate(),
            valid_until=None,
            evidence=Evidence.MEETING,
        )
    assert not Consent.objects.filter(case=case).exists()
