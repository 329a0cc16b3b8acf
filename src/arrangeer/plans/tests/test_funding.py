"""The funding of a plan across laws: every gap and overlap rule with a plan that triggers it
and one that does not; the funding overview on the plan page and the dossier, cut to the
reader's categories; the regisseur's line in Mijn acties; the tariff in the amount; and the
overview's query budget."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.cases.actions import actions_for
from arrangeer.plans import funding, services
from arrangeer.plans.funding import Rule
from arrangeer.plans.models import Goal, Module, Tariff
from arrangeer.testing.plans import access_for, module_fields
from arrangeer.testing.world import World

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)


def _module(pk: int, **overrides: Any) -> Module:
    fields: dict[str, Any] = {
        "pk": pk,
        "title": f"Module {pk}",
        "side": "onderwijs",
        "function": "versterken",
        "start_date": TODAY - dt.timedelta(days=30),
        "end_date": TODAY + dt.timedelta(days=150),
        "funding_framework": "wpo_school",
        "instrument": "geen",
        "decision_status": "nvt",
        "intensity": Decimal(2),
        "intensity_unit": "uren",
    }
    fields.update(overrides)
    return Module(**fields)


def _goal(pk: int) -> Goal:
    return Goal(pk=pk, what=f"Doel {pk}", deadline=TODAY + dt.timedelta(days=90))


def _rules(modules: list[Module], goals: list[Goal] = (), links=None, days: int = 42) -> set[str]:  # type: ignore[assignment]
    found = funding.signals(list(goals), modules, links or {}, decision_days=days, today=TODAY)
    return {signal.rule for signal in found}


# --- Each rule: triggered, and not -------------------------------------------------------


def test_a_goal_served_only_by_an_unfunded_module_is_a_gap():
    requested = _module(
        1, funding_framework="wpo_swv", instrument="tlv", decision_status="aangevraagd"
    )
    assert Rule.GOAL_UNFUNDED in _rules([requested], [_goal(10)], {1: [10]})
    assert Rule.GOAL_UNFUNDED in _rules([], [_goal(10)], {})


def test_a_goal_served_by_a_granted_or_decision_free_module_is_funded():
    granted = _module(
        1,
        funding_framework="wpo_swv",
        instrument="tlv",
        decision_status="toegekend",
        decided_on=TODAY,
    )
    assert Rule.GOAL_UNFUNDED not in _rules([granted], [_goal(10)], {1: [10]})
    assert Rule.GOAL_UNFUNDED not in _rules([_module(2)], [_goal(10)], {2: [10]})


def test_a_goal_whose_funded_module_has_ended_is_a_gap_again():
    ended = _module(
        1, start_date=TODAY - dt.timedelta(days=60), end_date=TODAY - dt.timedelta(days=1)
    )
    assert Rule.GOAL_UNFUNDED in _rules([ended], [_goal(10)], {1: [10]})


def test_a_decision_pending_past_the_routes_period_is_a_signal_and_not_before():
    def requested(days_ago: int) -> Module:
        return _module(
            1,
            funding_framework="wpo_swv",
            instrument="tlv",
            decision_status="aangevraagd",
            requested_on=TODAY - dt.timedelta(days=days_ago),
        )

    assert Rule.DECISION_OVERDUE in _rules([requested(42)], days=42)
    assert Rule.DECISION_OVERDUE not in _rules([requested(41)], days=42)
    assert Rule.DECISION_OVERDUE in _rules([requested(10)], days=7)


def _decided(pk: int, ends: dt.date, **overrides: Any) -> Module:
    fields: dict[str, Any] = {
        "funding_framework": "jeugdwet_zin",
        "instrument": "beschikking",
        "decision_status": "toegekend",
        "decided_on": TODAY - dt.timedelta(days=60),
        "decision_ends_on": ends,
        "side": "zorg",
    }
    fields.update(overrides)
    return _module(pk, **fields)


def test_a_decision_that_ends_before_the_module_is_a_signal():
    early = _decided(
        1, TODAY + dt.timedelta(days=60), funding_framework="wpo_swv", instrument="tlv"
    )
    assert _rules([early]) == {Rule.DECISION_ENDS_EARLY}
    covering = _decided(
        1, TODAY + dt.timedelta(days=200), funding_framework="wpo_swv", instrument="tlv"
    )
    assert _rules([covering]) == set()


def test_a_beschikking_ending_within_four_weeks_is_expiring_not_twice():
    soon = _decided(1, TODAY + dt.timedelta(days=28))
    assert _rules([soon]) == {Rule.BESCHIKKING_EXPIRING}
    later = _decided(1, TODAY + dt.timedelta(days=29))
    assert _rules([later]) == {Rule.DECISION_ENDS_EARLY}
    # A TLV ending soon is not a beschikking.
    tlv = _decided(1, TODAY + dt.timedelta(days=10), funding_framework="wpo_swv", instrument="tlv")
    assert Rule.BESCHIKKING_EXPIRING not in _rules([tlv])


def test_two_laws_for_the_same_function_and_period_is_possible_double_funding():
    jeugdwet = _module(1, side="zorg", funding_framework="jeugdwet_zin")
    wlz = _module(2, side="zorg", funding_framework="wlz")
    assert _rules([jeugdwet, wlz]) == {Rule.DOUBLE_FUNDING}
    # Another function, periods that do not overlap, or the same law: no signal.
    assert (
        _rules([jeugdwet, _module(2, side="zorg", function="opbouwen", funding_framework="wlz")])
        == set()
    )
    after = _module(
        2,
        side="zorg",
        funding_framework="wlz",
        start_date=jeugdwet.end_date,
        end_date=jeugdwet.end_date + dt.timedelta(days=30),
    )
    assert _rules([jeugdwet, after]) == set()
    assert _rules([jeugdwet, _module(2, side="zorg", funding_framework="jeugdwet_zin")]) == set()
    # An education module and a care module with one function work together: no signal.
    assert _rules([_module(1), _module(2, side="zorg", funding_framework="jeugdwet_zin")]) == set()


def test_care_in_school_time_needs_an_agreement_on_who_pays():
    care = _module(1, side="zorg", funding_framework="jeugdwet_zin", in_school_time=True)
    assert _rules([care]) == {Rule.SCHOOL_TIME_UNAGREED}
    care.cost_agreement = "Gemeente betaalt, school levert de ruimte"
    assert _rules([care]) == set()
    # Education in school time, or care after school: no question who pays.
    assert _rules([_module(1, in_school_time=True)]) == set()
    assert _rules([_module(1, side="zorg", funding_framework="jeugdwet_zin")]) == set()


def test_pgb_and_in_kind_for_the_same_care_is_a_signal():
    pgb = _module(1, side="zorg", funding_framework="jeugdwet_pgb")
    zin = _module(2, side="zorg", funding_framework="jeugdwet_zin")
    assert _rules([pgb, zin]) == {Rule.PGB_AND_IN_KIND}
    # One law: not double funding across laws.
    assert Rule.DOUBLE_FUNDING not in _rules([pgb, zin])
    other_care = _module(2, side="zorg", funding_framework="jeugdwet_zin", function="opbouwen")
    assert _rules([pgb, other_care]) == set()


def test_new_instruments_fit_their_frameworks():
    fictief = _module(
        1,
        funding_framework="wpo_swv",
        instrument="fictieve_tlv",
        decision_status="toegekend",
        decided_on=TODAY,
        method_description="m",
        method_rationale="r",
        category="onderwijs",
    )
    fictief.clean()
    assert funding.decider_of(fictief) == "The samenwerkingsverband (SWV)"
    ibp = _module(
        2,
        funding_framework="wpo_school",
        instrument="ibp",
        decision_status="aangevraagd",
        method_description="m",
        method_rationale="r",
    )
    with pytest.raises(Exception, match="does not belong"):
        ibp.clean()
    ibp.funding_framework = "jeugdwet_zin"
    ibp.clean()
    assert funding.decider_of(ibp) == "The municipality"


def test_the_amount_is_intensity_times_weeks_times_the_tariff_valid_at_the_start():
    module = _module(1, product_code="45A12", funding_framework="jeugdwet_zin")
    module.end_date = module.start_date + dt.timedelta(weeks=10)
    old = Tariff(
        pk=1,
        product_code="45A12",
        funding_framework="jeugdwet_zin",
        unit="uren",
        price=Decimal("70.00"),
        valid_from=TODAY - dt.timedelta(days=400),
        valid_to=TODAY - dt.timedelta(days=31),
    )
    new = Tariff(
        pk=2,
        product_code="45A12",
        funding_framework="jeugdwet_zin",
        unit="uren",
        price=Decimal("80.00"),
        valid_from=TODAY - dt.timedelta(days=30),
    )
    other_law = Tariff(
        pk=3,
        product_code="45A12",
        funding_framework="wlz",
        unit="uren",
        price=Decimal("99.00"),
        valid_from=TODAY - dt.timedelta(days=400),
    )
    tariff = funding.tariff_for(module, [old, new, other_law])
    assert tariff is new
    assert funding.amount_of(module, tariff) == Decimal("1600.00")
    assert funding.tariff_for(_module(2), [old, new]) is None


# --- The overview through the pages -------------------------------------------------------


def _care_in_school_time(world: World) -> Module:
    assert world.plan is not None
    module = services.add_item(
        access_for(world.youth_worker, world.case),
        kind="module",
        fields=module_fields(
            [world.plan.care_goal],
            world.provider,
            title="Zorgmodule onder schooltijd",
            side="zorg",
            funding_framework="jeugdwet_zin",
            instrument="beschikking",
            decision_status="toegekend",
            decided_on=timezone.localdate() - dt.timedelta(days=5),
            in_school_time=True,
            category="jeugdhulp",
        ),
    )
    assert isinstance(module, Module)
    return module


def _overview(client, world: World):
    response = client.get(reverse("plans:plan", kwargs={"case_id": world.case.uuid}))
    assert response.status_code == 200
    return response, response.context["funding"]


def test_the_youth_worker_sees_the_care_modules_funding_and_its_signal(world, plan, client_for):
    module = _care_in_school_time(world)
    Tariff.objects.create(
        region=world.case.region,
        product_code="45A12",
        funding_framework="jeugdwet_zin",
        unit="uren",
        price=Decimal("80.00"),
        valid_from=timezone.localdate() - dt.timedelta(days=365),
    )
    response, overview = _overview(client_for("youth_worker"), world)
    titles = [row.module.title for row in overview.rows]
    assert plan.care_module.title in titles and module.title in titles
    assert plan.education_module.title not in titles  # education is not their category
    care_row = next(r for r in overview.rows if r.module.pk == plan.care_module.pk)
    weeks = Decimal((plan.care_module.end_date - plan.care_module.start_date).days) / 7
    assert care_row.amount == (2 * weeks * Decimal(80)).quantize(Decimal("0.01"))
    assert care_row.decider == "The municipality" and care_row.law == "jeugdwet"
    rules = {s.rule for s in overview.signals}
    assert Rule.SCHOOL_TIME_UNAGREED in rules
    content = response.content.decode()
    assert 'id="financiering"' in content and "no tariff" in content
    assert "Care in school time: who pays?" in content


def test_the_regisseur_without_youth_care_sees_no_care_module_only_a_count(world, plan, client_for):
    module = _care_in_school_time(world)
    assert "jeugdhulp" not in access_for(world.coordinator, world.case).categories
    response, overview = _overview(client_for("coordinator"), world)
    assert [row.module.pk for row in overview.rows] == [plan.education_module.pk]
    assert overview.signals == [] and overview.hidden_signals >= 1
    content = response.content.decode()
    assert module.title not in content and plan.care_module.title not in content
    assert 'data-testid="funding-hidden-signals"' in content
    assert "no tariff" in content


def test_a_team_member_without_youth_care_sees_no_care_module_on_the_dossier(
    world, plan, client_for
):
    module = _care_in_school_time(world)
    response = client_for("teacher").get(
        reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    )
    assert response.status_code == 200
    overview = response.context["funding"]
    assert [row.module.pk for row in overview.rows] == [plan.education_module.pk]
    content = response.content.decode()
    assert 'data-testid="funding-overview"' in content
    assert module.title not in content and plan.care_module.title not in content


def test_a_person_off_the_team_gets_404_and_no_funding(world, plan, client_for):
    response = client_for("teacher_other_school").get(
        reverse("plans:plan", kwargs={"case_id": world.case.uuid})
    )
    assert response.status_code == 404


# --- Mijn acties ------------------------------------------------------------------------


def _funding_actions(world: World, who: str, today: dt.date | None = None) -> list:
    return [
        a
        for a in actions_for(world.users[who], today=today or timezone.localdate())
        if a.source == "funding_signals"
    ]


def test_the_regisseur_gets_one_line_per_case_naming_no_content(world, plan, client_for):
    assert _funding_actions(world, "coordinator") == []
    module = _care_in_school_time(world)
    (action,) = _funding_actions(world, "coordinator")
    assert action.case == world.case and action.url.endswith("#financiering")
    assert module.title not in action.title and "1 gap or overlap" in action.title
    assert action.due == module.start_date
    # Only the regisseur: the youth worker on the team gets no line.
    assert _funding_actions(world, "youth_worker") == []
    # Agreed on who pays: the signal and the line are gone.
    services.change_item(
        access_for(world.youth_worker, world.case),
        module,
        expected_version=module.lock_version,
        fields={"cost_agreement": "Gemeente betaalt"},
    )
    assert _funding_actions(world, "coordinator") == []
    # And the page shows it too.
    response = client_for("coordinator").get(reverse("actions:my_actions"))
    assert response.status_code == 200


def test_the_line_shows_on_the_regisseurs_actions_page(world, plan, client_for):
    _care_in_school_time(world)
    response = client_for("coordinator").get(reverse("actions:my_actions"))
    assert "The funding overview shows 1 gap or overlap" in response.content.decode()


def test_the_funding_source_takes_the_same_queries_for_one_or_many_modules(world, plan):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            _funding_actions(world, "coordinator")
        return len(captured)

    _care_in_school_time(world)
    one = count()
    for _ in range(4):
        _care_in_school_time(world)
    assert count() == one


# --- Query budget -----------------------------------------------------------------------


def test_the_overview_takes_the_same_queries_for_few_or_many_modules(world, plan, client_for):
    client = client_for("youth_worker")
    url = reverse("plans:plan", kwargs={"case_id": world.case.uuid})

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _care_in_school_time(world)
    client.get(url)  # warm the session
    few = count()
    for _ in range(5):
        _care_in_school_time(world)
    assert count() == few


def test_a_module_without_the_new_funding_fields_keeps_its_frozen_content(world, plan):
    """Plans sent to the parents before these fields existed keep their content hash."""
    from arrangeer.plans.kinds import MODULE
    from arrangeer.plans.snapshot import display_value, item_content

    content = item_content(MODULE, Module.objects.get(pk=plan.education_module.pk))
    assert not {"decision_ends_on", "in_school_time", "cost_agreement"} & content.keys()
    module = _care_in_school_time(world)
    assert item_content(MODULE, module)["in_school_time"] is True
    assert display_value(MODULE, "in_school_time", True, {}) == "yes"


def test_the_first_lines_are_the_same_as_those_of_the_whole_list(world, plan):
    """A plan without a module is ordered on its goals read with the plan, and its goals are
    read only when it can be shown: every first part of the list is the whole list's."""
    from arrangeer.organisations.models import Membership
    from arrangeer.testing.factories import CaseFactory
    from arrangeer.testing.plans import goal_fields

    opener = Membership.objects.get(user=world.coordinator, organisation=world.school)
    today = timezone.localdate()
    deadlines = {
        "Aalders": [today + dt.timedelta(days=20), today + dt.timedelta(days=10)],
        "Bakker": [None],
        "Claes": [today + dt.timedelta(days=10)],  # the same day as Aalders: by name
        "Dekker": [],  # a plan without a goal: no line
        "Evers": [today - dt.timedelta(days=3), None, today + dt.timedelta(days=40)],
    }
    for name, days in deadlines.items():
        case = CaseFactory(opener=opener, last_name=name)
        access = access_for(world.coordinator, case)
        services.add_item(
            access,
            kind="need",
            fields={"of_whom": "kind", "text": "Lezen", "category": "onderwijs"},
        )
        for day in days:
            goal = services.add_item(access, kind="goal", fields=goal_fields())
            # Past, or none at all (a goal from before the SMART check): as stored.
            Goal.objects.filter(pk=goal.pk).update(deadline=day)
    module = _care_in_school_time(world)  # a plan with modules: its own rules

    def lines(limit: int | None) -> list[tuple[str, str, dt.date | None, str]]:
        found = actions_for(world.coordinator, today=today, limit=limit, only={"funding_signals"})
        return [(a.case.child.last_name, str(a.title), a.due, a.key) for a in found]

    whole = lines(None)
    expected = [
        ("Evers", today - dt.timedelta(days=3)),
        ("Aalders", today + dt.timedelta(days=10)),
        ("Claes", today + dt.timedelta(days=10)),
        (world.child.last_name, module.start_date),
        ("Bakker", None),
    ]
    expected.sort(key=lambda line: (line[1] is None, line[1] or dt.date.max, line[0]))
    assert [(name, due) for name, _title, due, _key in whole] == expected
    titles = {name: title for name, title, _due, _key in whole}
    assert "3 gaps or overlaps" in titles["Evers"] and "2 gaps or overlaps" in titles["Aalders"]
    for limit in range(1, len(whole) + 1):
        assert lines(limit) == whole[:limit]
