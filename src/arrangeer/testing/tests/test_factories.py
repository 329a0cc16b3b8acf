"""The case factory and its traits give the state they claim, built through the services."""

from __future__ import annotations

from django.utils import timezone

import pytest

from arrangeer.cases.constants import CaseStatus, MemberBasis, MemberStatus
from arrangeer.children.ages import parents_decide
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Organisation
from arrangeer.plans.constants import PlanStatus, VersionStatus
from arrangeer.plans.models import Plan
from arrangeer.testing.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_a_case_is_opened_by_the_school_coordinator_who_is_its_regisseur():
    case = CaseFactory()
    assert case.status == CaseStatus.OPEN and case.closed_at is None
    assert case.initiating_organisation.type == OrganisationType.SCHOOL
    assert case.region == case.initiating_organisation.region
    assert case.child.school == case.initiating_organisation
    assert parents_decide(case.child.age_band(timezone.localdate()))
    [member] = case.team.all()
    assert (member.membership.user, member.membership.role) == (case.regisseur, Role.COORDINATOR)
    assert member.basis == MemberBasis.LEGAL_TASK_SCHOOL
    [parent] = case.child.representatives.all()
    assert parent.has_authority and parent.last_name == case.child.last_name
    assert not Plan.objects.filter(case=case).exists()


def test_two_cases_are_two_children_at_two_schools():
    first, second = CaseFactory(), CaseFactory()
    assert first.child != second.child
    assert first.initiating_organisation != second.initiating_organisation


def test_the_age_is_a_parameter():
    case = CaseFactory(age=16)
    assert case.child.age() == 16


def test_an_adopted_case_has_a_plan_with_an_adopted_frozen_version():
    case = CaseFactory(adopted=True)
    plan = Plan.objects.get(case=case)
    assert plan.status == PlanStatus.ADOPTED
    [version] = plan.versions.all()
    assert (version.number, version.status) == (1, VersionStatus.ADOPTED)
    assert version.adopted_by == case.regisseur and version.adopted_at is not None
    assert len(version.content_hash) == 64
    [agreement] = version.agreements.all()
    assert agreement.representative == case.child.representatives.get()


def test_a_closed_case_is_closed_with_a_closing_date():
    case = CaseFactory(closed=True)
    assert case.status == CaseStatus.CLOSED
    assert case.closed_at is not None and case.close_reason == "moved"
    assert not case.is_open


def test_with_team_adds_an_active_youth_team_worker_of_the_region():
    case = CaseFactory(with_team=True)
    worker = case.team.exclude(membership__user=case.regisseur).get()
    assert worker.status == MemberStatus.ACTIVE
    assert worker.membership.role == Role.YOUTH_WORKER
    assert worker.membership.organisation.type == OrganisationType.YOUTH_TEAM
    assert worker.membership.organisation.region == case.region


def test_an_opener_passed_in_opens_the_case_at_that_school_and_makes_no_other():
    first = CaseFactory()
    schools = Organisation.objects.count()
    second = CaseFactory(opener=first.team.get().membership, first_name="Noor")
    assert Organisation.objects.count() == schools
    assert second.initiating_organisation == first.initiating_organisation
    assert (second.regisseur, second.child.first_name) == (first.regisseur, "Noor")


def test_the_traits_combine_an_adopted_plan_of_a_closed_case():
    case = CaseFactory(adopted=True, closed=True, with_team=True)
    assert case.status == CaseStatus.CLOSED
    assert Plan.objects.get(case=case).versions.get().adopted_at is not None
    assert case.team.count() == 2
