"""The child in the group: the intake at 3 years and 6 months (a frozen clock), a place as a
module in the child's own plan, capacity and the waiting list, outflow with its destination
feeding the monitor's figures, and the professionals seeing the children within consent."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases.access import Actor, access_case
from arrangeer.groups import selectors, services
from arrangeer.groups.constants import Destination, IntakeChoice, PlacementStatus
from arrangeer.monitor.views_groups import group_figures
from arrangeer.plans import services as plan_services
from arrangeer.plans.models import Module
from arrangeer.testing import groups as helpers
from arrangeer.testing.auth import login_verified

from .conftest import coordinator_access, young_child

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _intake(world, case, group, goal, *, choice=IntakeChoice.GROUP, on=None):
    return services.record_intake(
        coordinator_access(world, case),
        group=group,
        intake_on=on or timezone.localdate(),
        choice=choice,
        parents_prefer=IntakeChoice.GROUP,
        parents_view="De ouders kozen samen met de school voor de groep.",
        goals=[goal],
    )


def test_the_intake_list_shows_a_child_from_3_years_and_6_months(world, clock):
    group = helpers.running_group(world)
    today_case, _ = young_child(world, months=42, preschool=True)
    tomorrow_case, _ = young_child(world, months=42, extra_days=1, preschool=True)
    older_case, _ = young_child(world, months=42 + 13, preschool=True)
    actor = Actor(world.users["coordinator"])

    shown = {
        row.case.pk
        for row in selectors.intake_candidates(actor, group, today=timezone.localdate(clock.now))
    }
    assert today_case.pk in shown
    assert tomorrow_case.pk not in shown  # 41 months and 30-odd days: not yet
    assert older_case.pk not in shown  # past the intake window
    clock.advance(days=1)
    shown = {
        row.case.pk for row in selectors.intake_candidates(actor, group, today=timezone.localdate())
    }
    assert tomorrow_case.pk in shown


def test_the_intake_list_shows_the_children_of_the_regions_preschools_only(world, clock):
    """A child at the intake age is on the list when a preschool of the region is on its
    team with a ground today; not a child known only to its school, nor one whose preschool
    place ended or whose parents withdrew the preschool's consent, nor one whose preschool is
    in another region."""
    from arrangeer.cases.constants import MemberStatus
    from arrangeer.organisations.models import Region

    from .conftest import at_preschool, preschool_worker

    group = helpers.running_group(world)
    actor = Actor(world.users["coordinator"])
    of_preschool, _ = young_child(world, months=44, preschool=True)
    young_child(world, months=44)  # known to its school only
    ended, _ = young_child(world, months=44)
    place = at_preschool(world, ended, preschool_worker(world))
    place.status = MemberStatus.ENDED
    place.save(update_fields=["status"])
    withdrawn, _ = young_child(world, months=44)
    place = at_preschool(world, withdrawn, preschool_worker(world))
    assert place.consent is not None
    place.consent.withdrawn_at = timezone.now()
    place.consent.save(update_fields=["withdrawn_at"])
    elsewhere, _ = young_child(world, months=44)
    other_region = Region.objects.create(name="Elders", slug="elders")
    at_preschool(world, elsewhere, preschool_worker(world, region=other_region))

    rows = selectors.intake_candidates(actor, group, today=timezone.localdate())
    assert [row.case.pk for row in rows] == [of_preschool.pk]


def test_the_intake_refuses_a_child_below_the_intake_age(world):
    group = helpers.running_group(world)
    case, goal = young_child(world, months=41)
    with pytest.raises(ValidationError, match="not reached the intake age of 3 years and 6 months"):
        _intake(world, case, group, goal)


def test_a_place_is_a_module_in_the_childs_own_plan(world):
    group = helpers.running_group(world)
    case, goal = young_child(world)
    placement = _intake(world, case, group, goal)
    assert placement.status == PlacementStatus.PLACED
    module = Module.objects.get(pk=placement.module_id)
    assert module.plan.case_id == case.pk
    assert module.title == group.name
    assert module.provider_id == world.school.pk
    assert module.funding_framework == "wpo_swv"
    assert module.instrument == "swv_arrangement"
    assert module.decided_on == group.approved_on
    assert list(module.goals.all()) == [goal]
    assert AccessLogEntry.objects.filter(object_type="group_place", event="create").exists()


def test_the_regular_school_choice_gives_no_place(world):
    group = helpers.running_group(world)
    case, goal = young_child(world)
    placement = _intake(world, case, group, goal, choice=IntakeChoice.REGULAR_SCHOOL)
    assert placement.status == PlacementStatus.REGULAR_SCHOOL
    assert placement.module is None
    assert selectors.places_used(group) == 0


def test_a_full_group_puts_the_child_on_the_waiting_list(world, clock):
    group = helpers.running_group(world, capacity=1)
    first, first_goal = young_child(world)
    second, second_goal = young_child(world)
    assert _intake(world, first, group, first_goal).status == PlacementStatus.PLACED
    waiting = _intake(world, second, group, second_goal)
    assert waiting.status == PlacementStatus.WAITING
    assert waiting.module is None
    with pytest.raises(ValidationError, match="full"):
        services.place_from_waiting_list(
            coordinator_access(world, second),
            group=group,
            placed_on=timezone.localdate(),
            goals=[second_goal],
        )
    clock.advance(days=1)  # a child leaves after its first day in the group
    services.record_outflow(
        coordinator_access(world, first),
        group=group,
        left_on=timezone.localdate(),
        destination=Destination.REGULAR,
    )
    placed = services.place_from_waiting_list(
        coordinator_access(world, second),
        group=group,
        placed_on=timezone.localdate(),
        goals=[second_goal],
    )
    assert placed.status == PlacementStatus.PLACED and placed.module is not None
    assert selectors.places_used(group) == 1
    with pytest.raises(ValidationError, match="cannot be fewer"):
        helpers.set_up(world, group, capacity=0)


def test_outflow_destinations_feed_the_groups_figures(world, clock):
    group = helpers.running_group(world, capacity=40)
    destinations = [Destination.REGULAR] * 11 + [Destination.SBO] * 6 + [Destination.SO] * 5
    cases = []
    for destination in destinations:
        case, goal = young_child(world)
        _intake(world, case, group, goal)
        cases.append((case, destination))
    for _ in range(10):  # still in the group
        case, goal = young_child(world)
        _intake(world, case, group, goal)
    clock.advance(days=1)
    for case, destination in cases:
        services.record_outflow(
            coordinator_access(world, case),
            group=group,
            left_on=timezone.localdate(),
            destination=destination,
            note="Het plan gaat mee naar de nieuwe school.",
        )
    counts = selectors.group_counts([group])[group.pk]
    assert (counts.served, counts.now_in, counts.out) == (32, 10, 22)
    assert counts.destinations[Destination.REGULAR] == 11
    assert counts.destinations[Destination.SBO] == 6
    _rows, total = group_figures([group])
    served, now_in, out, waiting, regular, sbo, so, other = (str(c) for c in total.cells)
    assert (served, now_in, out, regular) == ("30", "10", "20", "10")
    assert waiting == "<10" and other == "<10"
    # SBO (6), SO (5) and other (0) hold 11 children together: enough to show regular.
    assert sbo == "<10" and so == "<10"
    assert total.share_regular == 50  # 10 of 20, from the published figures


def test_small_destinations_hide_the_share_to_regular(world, clock):
    group = helpers.running_group(world, capacity=20)
    for destination in [Destination.REGULAR] * 12 + [Destination.SO] * 2:
        case, goal = young_child(world)
        _intake(world, case, group, goal)
        clock.advance(days=1)
        services.record_outflow(
            coordinator_access(world, case),
            group=group,
            left_on=timezone.localdate(),
            destination=destination,
        )
    _, total = group_figures([group])
    cells = dict(
        zip(("served", "in", "out", "waiting", *Destination.values), total.cells, strict=False)
    )
    # Two to SO: the others of their line are hidden too, so 12 - 14 tells nothing.
    assert cells[Destination.REGULAR].suppressed and cells[Destination.SO].suppressed
    assert total.share_regular is None


def test_outflow_needs_a_place_and_a_sensible_date(world):
    group = helpers.running_group(world)
    case, goal = young_child(world)
    with pytest.raises(ValidationError, match="no place"):
        services.record_outflow(
            coordinator_access(world, case),
            group=group,
            left_on=timezone.localdate(),
            destination=Destination.REGULAR,
        )
    _intake(world, case, group, goal)
    with pytest.raises(ValidationError):
        services.record_outflow(
            coordinator_access(world, case),
            group=group,
            left_on=timezone.localdate() - dt.timedelta(days=1),
            destination=Destination.REGULAR,
        )
    with pytest.raises(ValidationError, match="after the first day"):
        services.record_outflow(
            coordinator_access(world, case),
            group=group,
            left_on=timezone.localdate(),
            destination=Destination.REGULAR,
        )


def test_only_a_team_member_who_writes_education_records_the_intake(world):
    group = helpers.running_group(world)
    access = access_case(Actor(world.users["youth_worker"]), world.case.uuid)
    with pytest.raises(PermissionDenied):
        services.record_intake(
            access,
            group=group,
            intake_on=timezone.localdate(),
            choice=IntakeChoice.GROUP,
            parents_prefer=IntakeChoice.GROUP,
            parents_view="x",
            goals=[],
        )


def test_the_professionals_see_the_groups_children_within_consent(world, client):
    group = helpers.matrix_group(world)  # the world's child placed
    url = reverse("groups:detail", kwargs={"group_id": group.uuid})
    # The teacher is on the child's team: sees the child.
    teacher = login_verified(client, world.users["teacher"])
    body = teacher.get(url).content.decode()
    assert world.child.last_name in body
    assert 'data-testid="unseen"' not in body
    # The pedagogical professional's organisation had its consent withdrawn: the child is
    # not shown, only that there is one more.
    client.logout()
    pedagogue = login_verified(client, world.users["care_worker_withdrawn"])
    response = pedagogue.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert world.child.last_name not in body
    assert 'data-testid="unseen"' in body
    # The policy officer manages the group and sees no child at all.
    client.logout()
    officer = login_verified(client, world.users["policy_officer"])
    body = officer.get(url).content.decode()
    assert world.child.last_name not in body and 'data-testid="unseen"' not in body
    # A teacher of another school of the region sees the running group (to refer a child),
    # not its children.
    client.logout()
    other = login_verified(client, world.users["teacher_other_school"])
    body = other.get(url).content.decode()
    assert world.child.last_name not in body and 'data-testid="unseen"' not in body
    # Functional management has no part in it: 404.
    client.logout()
    admin = login_verified(client, world.users["functional_admin"])
    assert admin.get(url).status_code == 404


def test_the_parents_see_the_place_in_their_childs_plan(world, client):
    group = helpers.matrix_group(world)
    # The regisseur sends the plan with the place in it for the parents' instemming.
    plan_services.send_for_agreement(coordinator_access(world, world.case))
    parent = login_verified(client, world.users["parent"])
    response = parent.get(reverse("portal:agreement", kwargs={"case_id": world.case.uuid}))
    assert response.status_code == 200
    assert group.name in response.content.decode()


def test_the_group_page_lists_children_in_few_queries(world, client, django_assert_max_num_queries):
    group = helpers.running_group(world, capacity=20)
    for _ in range(6):
        case, goal = young_child(world)
        _intake(world, case, group, goal)
    teacher = login_verified(client, world.users["coordinator"])
    # The coordinator is no professional of the group: make them the teacher for this look.
    from arrangeer.organisations.models import Membership

    group.teacher = Membership.objects.get(user=world.users["coordinator"])
    group.save(update_fields=["teacher"])
    url = reverse("groups:detail", kwargs={"group_id": group.uuid})
    with django_assert_max_num_queries(40):
        body = teacher.get(url).content.decode()
    assert body.count("Klein") >= 6
