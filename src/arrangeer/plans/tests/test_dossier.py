"""The dossier page shows the whole case at a glance, with a number of queries that does not
grow with the goals, modules, measurements or versions of the plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.plans import services
from arrangeer.plans.selectors import plan_view
from arrangeer.referrals import exemptions
from arrangeer.referrals.constants import ExemptionGround
from arrangeer.testing.plans import goal_fields, module_fields

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _exemption(access, *, years_ago: int) -> None:
    """A vrijstelling recorded by leerplicht on the team (the dossier's own section)."""
    starts = timezone.localdate() - dt.timedelta(days=365 * years_ago)
    exemptions.record_exemption(
        access("leerplicht"),
        ground=ExemptionGround.PHYSICAL_MENTAL,
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=300),
    )


def _grow(access, world, *, goals: int, measurements: int) -> None:
    regie = access("coordinator")
    today = timezone.localdate()
    for years in (2, 3, 4):
        _exemption(access, years_ago=years)
    for n in range(goals):
        goal = services.add_item(regie, kind="goal", fields=goal_fields(what=f"Extra doel {n}"))
        module = services.add_item(
            regie,
            kind="module",
            fields=module_fields([goal], world.school, title=f"Extra module {n}"),  # type: ignore[list-item]
        )
        for m in range(measurements):
            services.record_measurement(
                regie,
                goal,  # type: ignore[arg-type]
                measured_on=today - dt.timedelta(days=m + 1),
                value=Decimal(m % 10),
                achievement="",
            )
        services.record_delivery(
            regie,
            module,  # type: ignore[arg-type]
            on_date=today - dt.timedelta(days=1),
            delivered=bool(n % 2),
            amount=Decimal(1),
            miss_reason="" if n % 2 else "vakantie",
        )
    services.send_for_agreement(regie)
    services.add_item(
        regie, kind="need", fields={"of_whom": "kind", "text": "Nog één", "category": "onderwijs"}
    )
    services.send_for_agreement(regie)


# The plan with its goals, modules and links is read once, for the plan and its funding
# (plans/parts.py): 53 and 39 queries when each read its own. The dossier's sections of the
# aanmelding, the Loket, the quality contact point and the transition add 7, the vrijstellingen
# one more (for who reads the education data, with or without any recorded); none grows with
# the plan or with the vrijstellingen. The budget is what the pages take (SQLite and
# PostgreSQL alike), so a new section's query shows here. The page reads the team and the
# legal representatives once for all its parts, the route through the case and the open
# escalations once with their deadline check: 54 before.
BUDGET = {"cases:detail": 49, "plans:plan": 33}


@pytest.mark.parametrize("page", ["cases:detail", "plans:plan"])
def test_the_query_count_does_not_grow_with_the_plan(
    world, plan, access, client_for, django_assert_max_num_queries, page
):
    client = client_for("coordinator")
    url = reverse(page, kwargs={"case_id": world.case.uuid})
    _exemption(access, years_ago=1)
    small = _queries(client, url)
    assert small <= BUDGET[page]
    _grow(access, world, goals=8, measurements=5)
    with django_assert_max_num_queries(small):
        body = client.get(url).content.decode()
    assert body.count('data-testid="goal"') == 9
    assert body.count('data-testid="module"') == 9
    if page == "cases:detail":
        # The coordinator reads the education data: every vrijstelling shows, for one query.
        assert 'data-testid="exemptions-section"' in body
        assert body.count("Art. 5 (a)") == 4
    print(f"\n{page}: {small} queries, small and large plan alike")


# The dossier's plan section (plans/dossier.py), the plan's parts included: the parts (4), the
# counts of the kinds the viewer may not see (1; goals and modules are counted from the parts),
# three kinds of description, the measurements, their people, the evaluations with their
# ratings, the deliveries, the decisions, and the version in force and the current one. No
# attachments, list of versions or parents' agreements (the dossier shows none of them), and
# the labels of the support levels come with the entries: 18 for either before.
SECTION_BUDGET = {"coordinator": 14, "teacher": 14}


@pytest.mark.parametrize("persona", sorted(SECTION_BUDGET))
def test_the_dossier_plan_section_keeps_to_its_query_budget(
    world, plan, access, django_assert_max_num_queries, persona
):
    from arrangeer.plans.dossier import plan_section
    from arrangeer.plans.models import PlanVersion

    _grow(access, world, goals=3, measurements=2)
    viewer = access(persona)
    with CaptureQueriesContext(connection) as captured:
        view = plan_section(viewer)
    assert len(captured) <= SECTION_BUDGET[persona], "\n".join(
        q["sql"][:120] for q in captured.captured_queries
    )
    assert view.current is not None and view.current.status == "awaiting"  # sent again
    assert view.in_force is not None and view.in_force.number < view.current.number
    adopted = PlanVersion.objects.get(plan=view.plan, status="adopted")
    assert (view.in_force.number, view.in_force.adopted_at) == (adopted.number, adopted.adopted_at)
    assert view.attachments == [] and view.agreements == []  # the dossier shows neither
    print(f"\nplan section ({persona}): {len(captured)} queries")


def test_an_entry_names_its_support_level_by_the_label_of_the_case_region(world, plan, access):
    from arrangeer.organisations.models import Region
    from arrangeer.plans.models import SupportLevelLabel

    other = Region.objects.create(name="Elders")
    SupportLevelLabel.objects.create(region=world.case.region, level=3, label="Arrangement")
    SupportLevelLabel.objects.create(region=world.case.region, level=5, label="Niet gebruikt")
    SupportLevelLabel.objects.create(region=other, level=3, label="Van een andere regio")
    for dossier in (False, True):
        view = plan_view(access("coordinator"), dossier=dossier)
        assert view.support_labels == {3: "Arrangement"}


def test_the_dossier_shows_the_whole_case_at_a_glance(world, plan, client_for):
    body = (
        client_for("emergency_worker")
        .get(reverse("cases:detail", kwargs={"case_id": world.case.uuid}))
        .content.decode()
    )
    for part in (
        'data-testid="dossier-plan"',
        'class="arrangeer-network"',  # the network picture
        'data-testid="network"',  # and the list beside it
        'data-testid="domain-entry"',
        'data-testid="goal"',
        'class="arrangeer-chart"',  # progress of a goal
        'data-testid="module"',
        'data-testid="funding"',
        'data-testid="delivery"',
        'data-testid="evaluation"',
        'data-testid="dossier-plan-status"',
    ):
        assert part in body, part


def test_delivered_versus_planned_counts_missed_sessions_by_reason(world, plan, access):
    view = plan_view(access("coordinator"))
    [module] = [m for m in view.modules if m.module.pk == plan.education_module.pk]
    delivery = module.delivery
    # 2 hours a week since four weeks ago: 8 planned; 2 delivered, 1 missed (child absent).
    assert delivery.planned == Decimal("8.0")
    assert delivery.delivered == Decimal(2)
    assert delivery.missed_by_reason == [("Child absent", Decimal(1))]
    assert delivery.percent == 25
    assert delivery.unrecorded == Decimal(5)


def test_a_delivery_outside_the_module_period_is_refused(access, plan):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        services.record_delivery(
            access("coordinator"),
            plan.education_module,
            on_date=plan.education_module.start_date - dt.timedelta(days=1),
            delivered=True,
            amount=Decimal(1),
        )
    assert "within the module" in excinfo.value.message_dict["on_date"][0]


def test_a_missed_session_needs_its_reason(access, plan):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        services.record_delivery(
            access("coordinator"),
            plan.education_module,
            on_date=timezone.localdate(),
            delivered=False,
            amount=Decimal(1),
        )
    assert "why the session was missed" in excinfo.value.message_dict["miss_reason"][0]


def test_a_measurement_must_fit_the_goals_scale(access, plan):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        services.record_measurement(
            access("coordinator"),
            plan.education_goal,
            measured_on=timezone.localdate(),
            value=Decimal(11),
            achievement="",
        )
    assert "between 0 and 10" in excinfo.value.message_dict["value"][0]
