from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError

import pytest

from arrangeer.organisations.constants import OrganisationType, Role, SchoolSector
from arrangeer.organisations.models import Membership, Organisation, SchoolBoard
from arrangeer.organisations.services import grant_membership
from arrangeer.testing.factories import OrganisationFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("brin", "1AB"),
        ("brin", "12ab3"),
        ("brin", "ABCD"),
        ("kvk", "1234567"),
        ("kvk", "1234567a"),
        ("agb", "123456789"),
        ("agb", "ABCDEFGH"),
    ],
)
def test_codes_in_the_wrong_format_are_refused_with_a_message(field, value):
    org = Organisation(
        region=RegionFactory(), name="X", type=OrganisationType.SCHOOL, sector=SchoolSector.PO
    )
    setattr(org, field, value)
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert field in error.value.message_dict
    assert error.value.message_dict[field][0]


@pytest.mark.parametrize(
    ("brin", "kvk", "agb"), [("12AB", "12345678", "01234567"), ("12AB00", "", "")]
)
def test_codes_in_the_right_format_are_accepted(brin, kvk, agb):
    org = Organisation(
        region=RegionFactory(),
        name="Y",
        type=OrganisationType.SCHOOL,
        sector=SchoolSector.VO,
        brin=brin,
        kvk=kvk,
        agb=agb,
    )
    org.full_clean()


def test_a_school_needs_a_sector_and_others_have_none():
    region = RegionFactory()
    with pytest.raises(ValidationError) as error:
        Organisation(region=region, name="S", type=OrganisationType.SCHOOL).full_clean()
    assert "sector" in error.value.message_dict
    with pytest.raises(ValidationError):
        Organisation(
            region=region, name="J", type=OrganisationType.YOUTH_TEAM, sector=SchoolSector.PO
        ).full_clean()


def test_the_database_refuses_a_sector_on_a_non_school_too():
    with pytest.raises(IntegrityError):
        Organisation.objects.create(
            region=RegionFactory(), name="J", type=OrganisationType.YOUTH_TEAM, sector="po"
        )


def test_a_duplicate_membership_is_refused_with_a_message_and_nothing_saved():
    school = OrganisationFactory(school=True)
    user = UserFactory()
    grant_membership(user=user, organisation=school, role=Role.TEACHER)
    with pytest.raises(ValidationError) as error:
        grant_membership(user=user, organisation=school, role=Role.TEACHER)
    assert "already has this role" in str(error.value) or "heeft deze rol al" in str(error.value)
    assert Membership.objects.filter(user=user).count() == 1


def test_a_user_can_hold_several_roles():
    school = OrganisationFactory(school=True)
    user = UserFactory()
    grant_membership(user=user, organisation=school, role=Role.TEACHER)
    grant_membership(user=user, organisation=school, role=Role.COORDINATOR)
    assert Membership.objects.filter(user=user).count() == 2


def test_a_role_that_does_not_exist_at_the_organisation_type_is_refused():
    insurer = OrganisationFactory(type=OrganisationType.HEALTH_INSURER)
    with pytest.raises(ValidationError) as error:
        grant_membership(user=UserFactory(), organisation=insurer, role=Role.TEACHER)
    assert "role" in error.value.message_dict


def test_functional_admin_membership_gives_and_ending_it_takes_admin_access():
    from arrangeer.organisations.services import end_membership

    user = UserFactory()
    membership = grant_membership(
        user=user, organisation=OrganisationFactory(swv=True), role=Role.FUNCTIONAL_ADMIN
    )
    user.refresh_from_db()
    assert user.is_staff
    end_membership(membership)
    user.refresh_from_db()
    assert not user.is_staff


def _school(region, name="School", **extra):
    return Organisation(
        region=region, name=name, type=OrganisationType.SCHOOL, sector=SchoolSector.PO, **extra
    )


def test_a_school_belongs_to_an_swv_and_a_board_of_its_region():
    region = RegionFactory()
    swv = OrganisationFactory(region=region, name="SWV", type=OrganisationType.SWV)
    board = SchoolBoard.objects.create(region=region, name="Stichting", bevoegd_gezag="41234")
    school = _school(region, swv=swv, school_board=board)
    school.full_clean()
    school.save()
    assert list(swv.swv_schools.all()) == [school]
    assert list(board.schools.all()) == [school]


@pytest.mark.usefixtures("english")
def test_an_swv_or_board_of_another_region_or_kind_is_refused_with_a_message():
    region, elsewhere = RegionFactory(), RegionFactory()
    far_swv = OrganisationFactory(region=elsewhere, name="SWV", type=OrganisationType.SWV)
    far_board = SchoolBoard.objects.create(region=elsewhere, name="Stichting Elders")
    with pytest.raises(ValidationError) as error:
        _school(region, swv=far_swv, school_board=far_board).full_clean()
    assert "The samenwerkingsverband must be in the school's region." in error.value.messages
    assert "The school board must be in the school's region." in error.value.messages
    team = OrganisationFactory(region=region, name="Team", type=OrganisationType.YOUTH_TEAM)
    with pytest.raises(ValidationError) as error:
        _school(region, swv=team).full_clean()
    assert "Choose an organisation of type samenwerkingsverband." in error.value.messages
    near_swv = OrganisationFactory(region=region, name="SWV2", type=OrganisationType.SWV)
    team.swv = near_swv
    with pytest.raises(ValidationError) as error:
        team.full_clean()
    assert error.value.message_dict["swv"] == ["Only a school belongs to a samenwerkingsverband."]


def test_a_bevoegd_gezagnummer_is_five_digits():
    region = RegionFactory()
    SchoolBoard(region=region, name="Goed", bevoegd_gezag="41234").full_clean()
    for wrong in ("4123", "41234a", "412345"):
        with pytest.raises(ValidationError) as error:
            SchoolBoard(region=region, name="Fout", bevoegd_gezag=wrong).full_clean()
        assert "bevoegd_gezag" in error.value.message_dict
