"""The escalatieladder through its pages: raised by the team, moved up by the deadlines (the
daily job and the check when read) and on request, each level's decision, the last one
binding as the module's funding decision; who sees it at which level."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases.actions import actions_for
from arrangeer.escalations.constants import EscalationStatus, StepKind
from arrangeer.escalations.models import Escalation
from arrangeer.plans.models import DecisionRecord, Module
from arrangeer.testing.auth import login_verified
from arrangeer.testing.world import World

pytestmark = pytest.mark.django_db


def client_for(world: World, name: str) -> Client:
    return login_verified(Client(), world.users[name])


def raise_on_care_module(world: World) -> Escalation:
    assert world.plan is not None
    response = client_for(world, "youth_worker").post(
        reverse("escalations:new", kwargs={"case_id": world.case.uuid}),
        {
            "module": world.plan.care_module.pk,
            "question": "Wie betaalt de gezinsbegeleiding onder schooltijd?",
            "options": "De gemeente (Jeugdwet) of het SWV (arrangement)",
            "parties": [world.youth_team.pk, world.school.pk],
            "cost_at_stake": "6000",
        },
    )
    assert response.status_code == 302, response.content.decode()
    return Escalation.objects.filter(case=world.case).latest("pk")


def decide_in_the_team(world: World, escalation: Escalation, day: dt.date) -> None:
    """The regisseur records the team's decision (level 1): the youth team pays."""
    response = client_for(world, "coordinator").post(
        reverse(
            "escalations:decide",
            kwargs={"case_id": world.case.uuid, "escalation_id": escalation.uuid},
        ),
        {
            "payer": world.youth_team.pk,
            "funding_framework": "jeugdwet_zin",
            "instrument": "beschikking",
            "pays_what": "De begeleiding",
            "from_date": day.isoformat(),
        },
    )
    assert response.status_code == 302


def detail_url(world: World, escalation: Escalation) -> str:
    return reverse(
        "escalations:detail",
        kwargs={"case_id": world.case.uuid, "escalation_id": escalation.uuid},
    )


def to_act(world: World, name: str) -> list[str]:
    return [a.key for a in actions_for(world.users[name], limit=20) if a.source == "escalation"]


def test_an_escalation_walks_up_the_whole_ladder_by_deadlines_and_the_last_decision_binds(
    world, clock
):
    """Raised on a Monday; 5 working days for the team, then 10 for each level above it.
    The deadline dates are written out by hand: a level's deadline counts from the day after
    the deadline it missed."""
    start = clock.now.date()
    escalation = raise_on_care_module(world)
    assert escalation.level.number == 1
    assert escalation.level_due == start + dt.timedelta(days=7)
    assert to_act(world, "coordinator") == [f"escalation:{escalation.pk}:{escalation.level_id}"]
    assert to_act(world, "school_manager") == []

    # The team's last day passes without a decision: the daily job moves it up.
    clock.advance(days=8)
    call_command("escalate_overdue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    escalation.refresh_from_db()
    assert escalation.level.number == 2
    assert escalation.level_due == start + dt.timedelta(days=21)
    assert to_act(world, "coordinator") == []
    assert len(to_act(world, "school_manager")) == 1
    assert client_for(world, "school_manager").get(detail_url(world, escalation)).status_code == 200

    # The managers let their deadline pass too; nobody ran the job: reading the escalation
    # moves it up.
    clock.advance(days=14)
    response = client_for(world, "coordinator").get(detail_url(world, escalation))
    assert response.status_code == 200
    escalation.refresh_from_db()
    assert escalation.level.number == 3
    assert escalation.level_due == start + dt.timedelta(days=35)
    assert client_for(world, "school_manager").get(detail_url(world, escalation)).status_code == 404
    assert client_for(world, "swv_board").get(detail_url(world, escalation)).status_code == 200

    # And the bestuurders: up to the doorbraakfunctionaris.
    clock.advance(days=14)
    call_command("escalate_overdue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    escalation.refresh_from_db()
    assert escalation.level.number == 4
    assert escalation.level_due == start + dt.timedelta(days=49)
    assert [s.kind for s in escalation.steps.all()] == [
        StepKind.RAISED,
        StepKind.MOVED_UP_DEADLINE,
        StepKind.MOVED_UP_DEADLINE,
        StepKind.MOVED_UP_DEADLINE,
    ]

    # The doorbraakfunctionaris decides: the municipality pays as a beschikking.
    assert world.plan is not None
    module = world.plan.care_module
    version = Module.objects.get(pk=module.pk).lock_version
    breakthrough = client_for(world, "policy_officer")
    decide = reverse(
        "escalations:decide",
        kwargs={"case_id": world.case.uuid, "escalation_id": escalation.uuid},
    )
    assert "uw besluit is bindend" in breakthrough.get(decide).content.decode()
    response = breakthrough.post(
        decide,
        {
            "payer": world.municipality.pk,
            "funding_framework": "jeugdwet_zin",
            "instrument": "beschikking",
            "pays_what": "Gezinsbegeleiding, 2 uur per week, ook onder schooltijd",
            "from_date": (start + dt.timedelta(days=43)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.DECIDED
    decided = escalation.steps.get(kind=StepKind.DECIDED)
    assert decided.binding and decided.payer == world.municipality
    module = Module.objects.get(pk=module.pk)
    assert (module.funding_framework, module.instrument, module.decision_status) == (
        "jeugdwet_zin",
        "beschikking",
        "toegekend",
    )
    assert module.decided_on == clock.now.date()
    assert module.lock_version == version + 1
    # In the module's history of decisions, like a decision the SWV or the youth team records.
    (record,) = DecisionRecord.objects.filter(module=module)
    assert (record.decision_status, record.recorded_by) == (
        "toegekend",
        world.users["policy_officer"],
    )
    # Logged: the module's change, by the doorbraakfunctionaris on the escalation's ground.
    logged = AccessLogEntry.objects.filter(
        object_type="plan_module", object_id=str(module.uuid), username="policy_officer"
    ).get()
    assert logged.basis == "escalation_level"
    assert to_act(world, "policy_officer") == []


def test_a_decision_below_the_last_level_closes_it_without_touching_the_module(world, clock):
    escalation = raise_on_care_module(world)
    assert world.plan is not None
    before = Module.objects.get(pk=world.plan.care_module.pk)
    decide_in_the_team(world, escalation, clock.now.date())
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.DECIDED
    assert not escalation.steps.get(kind=StepKind.DECIDED).binding
    after = Module.objects.get(pk=before.pk)
    assert (after.instrument, after.lock_version) == (before.instrument, before.lock_version)


def test_a_party_moves_it_up_before_the_deadline_and_the_team_level_no_longer_decides(world, clock):
    escalation = raise_on_care_module(world)
    teacher = client_for(world, "teacher")  # the school is a party
    move_up = reverse(
        "escalations:move_up",
        kwargs={"case_id": world.case.uuid, "escalation_id": escalation.uuid},
    )
    response = teacher.post(move_up, {"note": ""}, follow=True)
    assert "Zeg waarom het volgende niveau moet besluiten." in response.content.decode()
    teacher.post(move_up, {"note": "We komen er samen niet uit"})
    escalation.refresh_from_db()
    assert escalation.level.number == 2
    assert escalation.level_due == clock.now.date() + dt.timedelta(days=14)
    decide = reverse(
        "escalations:decide",
        kwargs={"case_id": world.case.uuid, "escalation_id": escalation.uuid},
    )
    assert client_for(world, "coordinator").get(decide).status_code == 404
    assert client_for(world, "school_manager").get(decide).status_code == 200
    # Leerplicht is on the team but not a party: it cannot move the escalation up.
    assert client_for(world, "leerplicht").post(move_up, {"note": "x"}).status_code == 404


def test_who_sees_the_escalation(world, clock):
    escalation = raise_on_care_module(world)
    url = detail_url(world, escalation)
    # The team (within its categories: the care module's title only for youth care).
    coordinator_page = client_for(world, "coordinator").get(url)
    assert coordinator_page.status_code == 200
    assert "Jeugdzorgmodule gezinsbegeleiding" not in coordinator_page.content.decode()
    assert "Jeugdzorgmodule gezinsbegeleiding" in (
        client_for(world, "youth_worker").get(url).content.decode()
    )
    # Not the team, not at the level: the same 404 as an unknown case.
    for name in ("school_colleague", "school_manager", "policy_officer", "emergency_worker"):
        assert client_for(world, name).get(url).status_code == 404, name
    # At the level above the team: the escalation, not the dossier; logged on its ground.
    client_for(world, "coordinator").post(
        reverse(
            "escalations:move_up",
            kwargs={"case_id": world.case.uuid, "escalation_id": escalation.uuid},
        ),
        {"note": "Geen overeenstemming"},
    )
    manager = client_for(world, "school_manager")
    page = manager.get(url)
    assert page.status_code == 200
    assert "Wie betaalt de gezinsbegeleiding" in page.content.decode()
    assert (
        manager.get(reverse("cases:detail", kwargs={"case_id": world.case.uuid})).status_code == 404
    )
    assert (
        manager.get(reverse("plans:plan", kwargs={"case_id": world.case.uuid})).status_code == 404
    )
    assert world.child.last_name not in manager.get(reverse("cases:list")).content.decode()
    entry = AccessLogEntry.objects.filter(username="school_manager", outcome="allowed").latest("pk")
    assert (entry.basis, entry.object_type) == ("escalation_level", "escalation")
    # A party's manager at another level's turn sees nothing.
    assert client_for(world, "swv_board").get(url).status_code == 404


def test_the_dossier_shows_the_banner_and_the_parents_read_when_it_is_decided_at_the_latest(
    world, clock
):
    escalation = raise_on_care_module(world)
    dossier = client_for(world, "coordinator").get(
        reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    )
    assert 'data-testid="escalations-banner"' in dossier.content.decode()
    parent = client_for(world, "parent")
    home = parent.get(reverse("portal:home", kwargs={"case_id": world.case.uuid}))
    text = home.content.decode()
    # Four levels: 5 + 10 + 10 + 10 working days from a Monday, seven weeks.
    latest = escalation.raised_at.date() + dt.timedelta(days=49)
    assert "Er wordt nog besloten wie dit betaalt." in text
    assert f"Uiterlijk op {latest.day} " in text


def test_reading_the_dossier_moves_an_overdue_escalation_up_before_its_banner_shows(world, clock):
    """The dossier's banner reads the open escalations once with the deadline check: an
    overdue one moves up first and shows at its new level, with its new deadline."""
    start = clock.now.date()
    escalation = raise_on_care_module(world)
    clock.advance(days=8)
    url = reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    text = client_for(world, "coordinator").get(url).content.decode()
    escalation.refresh_from_db()
    assert escalation.level.number == 2
    due = start + dt.timedelta(days=21)
    banner = text.split('data-testid="escalations-banner"')[1].split("</section>")[0]
    assert escalation.level.name in banner
    assert f"{due:%d-%m-%Y}" in banner
    client_for(world, "coordinator").get(url)
    assert [s.kind for s in escalation.steps.all()] == [
        StepKind.RAISED,
        StepKind.MOVED_UP_DEADLINE,
    ]


def test_a_clear_message_for_a_single_party_and_a_closed_escalation_stays_closed(world, clock):
    assert world.plan is not None
    youth = client_for(world, "youth_worker")
    response = youth.post(
        reverse("escalations:new", kwargs={"case_id": world.case.uuid}),
        {
            "module": world.plan.care_module.pk,
            "question": "Wie betaalt?",
            "options": "A of B",
            "parties": [world.youth_team.pk],
            "cost_at_stake": "100",
        },
    )
    assert response.status_code == 200
    assert "Kies ten minste twee partners die het niet eens zijn." in response.content.decode()
    escalation = raise_on_care_module(world)
    coordinator = client_for(world, "coordinator")
    withdraw = reverse(
        "escalations:withdraw",
        kwargs={"case_id": world.case.uuid, "escalation_id": escalation.uuid},
    )
    coordinator.post(withdraw, {"note": "Toch eens geworden"})
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.WITHDRAWN
    again = coordinator.post(withdraw, {"note": "nog eens"}, follow=True)
    assert "Deze escalatie is afgesloten: er kan niets meer in veranderen." in (
        again.content.decode()
    )
    assert escalation.steps.count() == 2


def test_without_a_ladder_the_region_is_told_to_set_one_up(world, clock):
    from arrangeer.escalations.models import LadderLevel

    LadderLevel.objects.filter(region=world.region).delete()
    assert world.plan is not None
    response = client_for(world, "youth_worker").post(
        reverse("escalations:new", kwargs={"case_id": world.case.uuid}),
        {
            "module": world.plan.care_module.pk,
            "question": "Wie betaalt?",
            "options": "A of B",
            "parties": [world.youth_team.pk, world.school.pk],
            "cost_at_stake": Decimal("100"),
        },
    )
    assert "heeft nog geen escalatieladder" in response.content.decode()


def test_the_mijn_acties_source_reads_a_constant_number_of_queries(world, clock):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from arrangeer.cases.access import visible_cases
    from arrangeer.cases.actions import sources

    source = sources()["escalation"]
    coordinator = world.users["coordinator"]

    def count() -> tuple[int, int]:
        cases = visible_cases(coordinator)  # what actions_for hands every source
        with CaptureQueriesContext(connection) as queries:
            found = list(source.collect(coordinator, cases, clock.now.date(), 2))
        return len(queries), len(found)

    raise_on_care_module(world)
    one = count()
    for _ in range(3):
        raise_on_care_module_again(world)
    many = count()
    assert one == (2, 1)
    assert many == (2, 2)  # cut at the limit, in the database


def raise_on_care_module_again(world: World) -> None:
    assert world.plan is not None
    client_for(world, "youth_worker").post(
        reverse("escalations:new", kwargs={"case_id": world.case.uuid}),
        {
            "module": world.plan.care_module.pk,
            "question": "Nog een vraag",
            "options": "A of B",
            "parties": [world.youth_team.pk, world.school.pk],
            "cost_at_stake": "10",
        },
    )


def test_a_last_level_that_may_not_read_the_module_is_told_so(world, clock):
    from arrangeer.escalations.models import LadderLevel

    LadderLevel.objects.filter(region=world.region, number=4).update(categories=["onderwijs"])
    escalation = raise_on_care_module(world)
    LadderLevel.objects.filter(region=world.region, number__in=[2, 3]).delete()
    client_for(world, "coordinator").post(
        reverse(
            "escalations:move_up",
            kwargs={"case_id": world.case.uuid, "escalation_id": escalation.uuid},
        ),
        {"note": "Naar de doorbraakfunctionaris"},
    )
    response = client_for(world, "policy_officer").post(
        reverse(
            "escalations:decide",
            kwargs={"case_id": world.case.uuid, "escalation_id": escalation.uuid},
        ),
        {
            "payer": world.municipality.pk,
            "funding_framework": "jeugdwet_zin",
            "instrument": "beschikking",
            "pays_what": "De begeleiding",
            "from_date": clock.now.date().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "vraag functioneel beheer de categorie aan het niveau toe te voegen" in (
        response.content.decode()
    )
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.OPEN


def test_the_payer_and_the_parties_are_of_the_cases_region_through_the_service_and_the_page(
    world, clock
):
    """The service decides the region rule, so the page and the API say the same (the API's
    side: api/tests/test_api_escalations.py)."""
    from django.core.exceptions import ValidationError

    from arrangeer.cases.access import Actor, access_case
    from arrangeer.escalations import services
    from arrangeer.testing.factories import OrganisationFactory

    elsewhere = OrganisationFactory(name="Jeugdteam elders")  # a region of its own
    assert elsewhere.region_id != world.case.region_id
    access = access_case(Actor(world.coordinator), world.case.uuid)
    assert world.plan is not None
    with pytest.raises(ValidationError) as raised:
        services.raise_escalation(
            access,
            module=world.plan.care_module,
            question="Wie betaalt?",
            options="A of B",
            parties=[world.youth_team, elsewhere],
            cost_at_stake=Decimal("100"),
        )
    assert raised.value.message_dict == {
        "parties": ["Kies organisaties uit de regio van dit dossier."]
    }
    assert not Escalation.objects.exists()

    escalation = raise_on_care_module(world)
    with pytest.raises(ValidationError) as refused:
        services.decide(
            access,
            escalation,
            payer=elsewhere,
            funding_framework="jeugdwet_zin",
            instrument="beschikking",
            pays_what="De begeleiding",
            from_date=clock.now.date(),
        )
    assert refused.value.message_dict == {
        "payer": ["Kies een organisatie uit de regio van dit dossier."]
    }
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.OPEN
    assert not escalation.steps.filter(kind=StepKind.DECIDED).exists()

    # The page offers the region's organisations only and refuses another, saving nothing.
    decide = reverse(
        "escalations:decide",
        kwargs={"case_id": world.case.uuid, "escalation_id": escalation.uuid},
    )
    coordinator = client_for(world, "coordinator")
    page = coordinator.get(decide).content.decode()
    assert world.youth_team.name in page and "Jeugdteam elders" not in page
    response = coordinator.post(
        decide,
        {
            "payer": elsewhere.pk,
            "funding_framework": "jeugdwet_zin",
            "instrument": "beschikking",
            "pays_what": "De begeleiding",
            "from_date": clock.now.date().isoformat(),
        },
    )
    assert response.status_code == 200
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.OPEN


def test_a_page_read_before_someone_acted_is_refused_by_the_version_and_changes_nothing(
    world, clock
):
    """The service checks the version the page was built from (the number of steps), as the
    API checks its ETag: the regisseur's withdraw form, read before a party moved the
    escalation up, is refused with a clear message."""
    from arrangeer.cases.access import Actor, access_case
    from arrangeer.escalations import selectors, services

    escalation = raise_on_care_module(world)
    assert selectors.version(escalation) == 1
    coordinator = client_for(world, "coordinator")
    assert (
        'name="version" value="1"'
        in coordinator.get(detail_url(world, escalation)).content.decode()
    )
    access = access_case(Actor(world.users["youth_worker"]), world.case.uuid)
    services.request_move_up(access, escalation, note="Geen overeenstemming", expected_version=1)
    withdraw = reverse(
        "escalations:withdraw",
        kwargs={"case_id": world.case.uuid, "escalation_id": escalation.uuid},
    )
    stale = coordinator.post(withdraw, {"note": "Toch eens", "version": "1"}, follow=True)
    assert "Iemand anders heeft iets met deze escalatie gedaan terwijl u haar open had." in (
        stale.content.decode()
    )
    escalation.refresh_from_db()
    assert (escalation.status, escalation.level.number) == (EscalationStatus.OPEN, 2)
    assert selectors.version(escalation) == 2
    coordinator.post(withdraw, {"note": "Toch eens", "version": "2"})
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.WITHDRAWN
