"""The monitor's facts of the regional outcomes and the Integraal Loket (models_region): after
a full refresh every table holds what its rows read live give (region_facts), and every write
of a source row refreshes them once committed; a deleted case takes its facts along."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

import pytest

from arrangeer.cases.constants import CaseStatus, Destination
from arrangeer.cases.models import Case
from arrangeer.children.models import Child
from arrangeer.loket.constants import Domain, Source
from arrangeer.loket.models import Consult, Match, Registration
from arrangeer.monitor import services, services_region, state
from arrangeer.monitor.demo_region import demo_bsn
from arrangeer.monitor.models import CaseFact, ModuleFact
from arrangeer.monitor.models_region import (
    ConsultFact,
    ExemptionFact,
    MatchFact,
    MeldcodeFact,
    OutcomeFact,
    TlvFact,
    VerwijsindexFact,
)
from arrangeer.monitor.region_facts import CASE_TABLES, TABLES, FactTable
from arrangeer.organisations.constants import OrganisationType, SchoolSector
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.plans.constants import DecisionStatus, Instrument
from arrangeer.plans.models import Module
from arrangeer.referrals.constants import EnrolmentOutcome, MeldcodeStepKind
from arrangeer.referrals.models import EnrolmentCheck, Exemption, MeldcodeStep, VerwijsindexSignal
from arrangeer.testing.world import World

from . import helpers_region as make
from . import test_outcomes as outcomes
from .helpers import arrangements

pytestmark = pytest.mark.django_db


def _seat(world: World, persona: str) -> Membership:
    return Membership.objects.get(user=world.users[persona])


@pytest.fixture(scope="module")
def history(world: World, django_db_blocker: Any) -> World:
    """Of every kind a few: TLVs, vrijstellingen, closed cases with and without their check,
    consults, matches, Meldcode steps and Verwijsindex signals, at both schools."""
    with django_db_blocker.unblock():
        by, leerplicht = world.coordinator, world.users["leerplicht"]
        so = Organisation.objects.get_or_create(
            region=world.region,
            name="Speciale school SO",
            type=OrganisationType.SCHOOL,
            defaults={"sector": SchoolSector.SO, "municipality": "Teststad"},
        )[0]
        loket = Organisation.objects.create(
            region=world.region, name="Integraal Loket Feiten", type=OrganisationType.INTEGRAL_DESK
        )
        seats = {
            school.pk: _seat(world, p)
            for school, p in (
                (world.school, "coordinator"),
                (world.other_school, "teacher_other_school"),
            )
        }
        for school in (world.school, world.other_school):

            def cases(n: int, school: Organisation = school) -> list[Case]:
                return arrangements(world.region, school, by, n)

            outcomes.tlvs(cases(3), by, so, valid_days=400)
            outcomes.exemptions(cases(3), leerplicht, "5a", starts=make.day_in())
            closed = outcomes.closed(world, school, 3, Destination.REGULAR)
            outcomes.checked(closed[:2], leerplicht, EnrolmentOutcome.REGULAR_SAME)
            make.consults(cases(3), seats[school.pk], loket, advice="late")
            make.matches(cases(3), seats[school.pk], _seat(world, "youth_worker"), source="dossier")
            make.meldcode_steps(cases(3), by, MeldcodeStepKind.DECIDE, decision="hulp")
            make.verwijsindex_signals(cases(3), by, match_with="Jeugdteam")
    return world


def _facts(table: FactTable) -> list[tuple[Any, ...]]:
    return sorted(table.model.objects.values_list(*table.columns), key=lambda row: row[0])


def _live(table: FactTable) -> list[tuple[Any, ...]]:
    return sorted(table.rows(table.source()), key=lambda row: row[0])


def _assert_current() -> None:
    for table in TABLES:
        assert _facts(table) == _live(table), table.model.__name__


def _exemption(history, case: Case) -> Exemption:
    """A vrijstelling (5a) for `case`, not saved yet."""
    return Exemption(
        case=case,
        ground="5a",
        starts_on=dt.date(2024, 9, 1),
        by=history.users["leerplicht"],
        by_organisation="Leerplicht",
        recorded_at=timezone.now(),
    )


def test_a_full_refresh_holds_what_the_rows_read_live_give(history):
    services.refresh_dimension_facts()
    for table in TABLES:
        facts = _facts(table)
        assert facts, f"the demo has no {table.model.__name__}"
        assert facts == _live(table), table.model.__name__
    # Built whole again from scratch: the same rows.
    for table in TABLES:
        table.model.objects.all().delete()
    counts = services_region.refresh_region_facts()
    assert sum(counts.values()) == sum(len(_live(table)) for table in TABLES)
    _assert_current()


def _committed(capture: Any, write: Any) -> None:
    """Do `write` in a transaction and run what waits for its commit."""
    with capture(execute=True), transaction.atomic():
        write()


def _tlv(history: World) -> Module:
    found = Module.objects.filter(
        plan__case__region=history.region, monitor_tlv__isnull=False
    ).first()
    assert found is not None
    return found


def test_writes_of_tlvs_and_vrijstellingen_refresh_their_facts(
    history, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    module = _tlv(history)
    module.decision_ends_on = module.decided_on + dt.timedelta(days=999)
    _committed(capture, module.save)
    assert TlvFact.objects.get(module=module).decision_ends_on == module.decision_ends_on
    module.decision_status = DecisionStatus.REFUSED
    _committed(capture, module.save)
    assert not TlvFact.objects.filter(module=module).exists()  # no longer a TLV granted
    module.decision_status = DecisionStatus.GRANTED
    _committed(capture, module.save)
    key = module.pk
    _committed(capture, module.delete)
    assert not TlvFact.objects.filter(module=key).exists()

    case = Case.objects.filter(region=history.region).first()
    exemption = _exemption(history, case)
    _committed(capture, exemption.save)
    assert ExemptionFact.objects.get(exemption=exemption).ground == "5a"
    exemption.ends_on = dt.date(2025, 1, 1)
    _committed(capture, exemption.save)
    assert ExemptionFact.objects.get(exemption=exemption).ends_on == dt.date(2025, 1, 1)
    _assert_current()
    key = exemption.pk
    _committed(capture, exemption.delete)
    assert not ExemptionFact.objects.filter(exemption=key).exists()
    _assert_current()


def test_closing_a_case_and_its_check_refresh_its_outcome(
    history, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    case = Case.objects.filter(region=history.region, closed_at__isnull=True).first()
    assert case is not None
    assert not OutcomeFact.objects.filter(case=case).exists()
    case.status = CaseStatus.CLOSED
    case.closed_at = timezone.now() - dt.timedelta(days=400)
    case.destination = Destination.MBO
    _committed(capture, case.save)
    assert OutcomeFact.objects.get(case=case).destination == Destination.MBO
    check = EnrolmentCheck(
        case=case,
        due_on=timezone.localdate(),
        outcome=EnrolmentOutcome.NOT_IN_SCHOOL,
        by=history.users["leerplicht"],
        by_organisation="Leerplicht",
        recorded_at=timezone.now(),
    )
    _committed(capture, check.save)
    assert OutcomeFact.objects.get(case=case).success == EnrolmentOutcome.NOT_IN_SCHOOL
    _committed(capture, check.delete)
    assert OutcomeFact.objects.get(case=case).success is None
    _assert_current()


def test_writes_of_the_loket_and_the_safety_activities_refresh_their_facts(
    history, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    consult = Consult.objects.filter(case__region=history.region).first()
    assert consult is not None
    consult.advised_at = consult.asked_at + dt.timedelta(days=2)
    _committed(capture, consult.save)
    assert ConsultFact.objects.get(consult=consult).advised_at == consult.advised_at

    case = consult.case
    step = MeldcodeStep(
        case=case,
        step=MeldcodeStepKind.DECIDE,
        done_on=dt.date(2025, 2, 1),
        by=history.coordinator,
        by_organisation="School",
        recorded_at=timezone.now(),
    )
    _committed(capture, step.save)
    assert MeldcodeFact.objects.get(meldcode_step=step).step == MeldcodeStepKind.DECIDE
    signal = VerwijsindexSignal(
        case=case,
        given_on=dt.date(2025, 2, 1),
        by=history.coordinator,
        by_organisation="School",
        recorded_at=timezone.now(),
    )
    _committed(capture, signal.save)
    assert VerwijsindexFact.objects.get(signal=signal).matched is False
    signal.match_with = "Jeugdteam"
    _committed(capture, signal.save)
    assert VerwijsindexFact.objects.get(signal=signal).matched is True
    key = step.pk
    _committed(capture, step.delete)
    assert not MeldcodeFact.objects.filter(meldcode_step=key).exists()
    _assert_current()


def test_a_match_and_its_registrations_refresh_the_matches_of_the_bsn(
    history, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    school_seat = Membership.objects.filter(organisation=history.school).first()
    youth_seat = Membership.objects.exclude(organisation__type=OrganisationType.SCHOOL).filter(
        organisation__region=history.region
    )[0]
    case = Case.objects.filter(region=history.region, child__school=history.school).first()
    assert school_seat is not None and case is not None
    common = {"region": history.region, "bsn": demo_bsn(case.pk + 7_000, history.region)}
    first = Registration(
        **common,
        domain=Domain.EDUCATION,
        organisation=history.school,
        contact=school_seat,
        case=case,
        child_name="Kind",
        source=Source.CASE_OPENED,
    )
    youth = Registration(
        **common,
        domain=Domain.YOUTH,
        organisation=youth_seat.organisation,
        contact=youth_seat,
        child_name="Kind",
        source=Source.SIGNAL,
    )

    def two() -> None:
        first.save()
        youth.save()
        Match.objects.create(education=first, youth=youth)

    _committed(capture, two)
    fact = MatchFact.objects.get(match__education=first)
    assert (fact.person, fact.school_id, fact.route_id) == (
        first.pk,
        history.school.pk,
        case.route_id,
    )
    # A second school knows the child: the same child (the first registration stands for it).
    other = Registration(
        **common,
        domain=Domain.EDUCATION,
        organisation=history.other_school,
        contact=school_seat,
        child_name="Kind",
        source=Source.SIGNAL,
    )

    def second() -> None:
        other.save()
        Match.objects.create(education=other, youth=youth)

    _committed(capture, second)
    assert set(MatchFact.objects.filter(match__youth=youth).values_list("person", flat=True)) == {
        first.pk
    }
    # The first registration goes (its match with it): the next of the BSN's registrations in
    # the region (the youth-care side's) stands for the child now.
    _committed(capture, first.delete)
    assert list(MatchFact.objects.filter(match__youth=youth).values_list("person", flat=True)) == [
        youth.pk
    ]
    _assert_current()


def test_a_changed_child_or_school_refreshes_the_facts_of_their_cases(
    history, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    fact = ConsultFact.objects.filter(region=history.region, school=history.school).first()
    assert fact is not None
    child = Child.objects.get(pk=fact.child_id)
    child.school = history.other_school
    _committed(capture, child.save)
    assert ConsultFact.objects.get(pk=fact.pk).school_id == history.other_school.pk
    history.other_school.municipality = "Verweggistan"
    _committed(capture, history.other_school.save)
    assert ConsultFact.objects.get(pk=fact.pk).municipality == "Verweggistan"
    _assert_current()


def _monitor_tasks(capture: Any, write: Any) -> list[str]:
    """Do `write` in a transaction; the monitor's tasks it queued for its commit (by name),
    run after it."""
    with capture(execute=False) as callbacks, transaction.atomic():
        write()
    queued = [
        c.args[0]
        for c in callbacks
        if isinstance(c, partial) and str(c.args[0]).startswith("arrangeer.monitor.")
    ]
    for callback in callbacks:
        callback()
    return queued


def _writes(history: World) -> int:
    """How often a write's refresh changed the facts of the region."""
    changed = state.facts_state(history.region.pk).region_changed
    return changed[1] if changed else 0


def test_one_save_of_a_case_or_a_module_queues_one_task_for_every_fact(
    history, django_capture_on_commit_callbacks
):
    """A case or a module is heard by receivers.py alone: its one task refreshes the regional
    outcomes' and the Loket's facts with the others, and counts one change of the facts."""
    capture = django_capture_on_commit_callbacks
    case = Case.objects.filter(region=history.region, closed_at__isnull=True).first()
    assert case is not None and not OutcomeFact.objects.filter(case=case).exists()
    case.status = CaseStatus.CLOSED
    case.closed_at = timezone.now() - dt.timedelta(days=30)
    case.destination = Destination.MBO
    writes = _writes(history)
    assert _monitor_tasks(capture, case.save) == ["arrangeer.monitor.receivers.refresh"]
    assert CaseFact.objects.get(case=case).closed_at == case.closed_at
    assert OutcomeFact.objects.get(case=case).destination == Destination.MBO
    assert _writes(history) == writes + 1

    module = _tlv(history)
    module.decision_status = DecisionStatus.REFUSED
    assert _monitor_tasks(capture, module.save) == ["arrangeer.monitor.receivers.refresh"]
    assert ModuleFact.objects.get(module=module).decision_status == DecisionStatus.REFUSED
    assert not TlvFact.objects.filter(module=module).exists()  # no longer a TLV granted
    assert _writes(history) == writes + 2
    # A row only these facts read: a task of its own, the case's rows of these facts only.
    exemption = _exemption(history, case)
    assert _monitor_tasks(capture, exemption.save) == [
        "arrangeer.monitor.receivers_region.refresh_case"
    ]
    assert ExemptionFact.objects.filter(exemption=exemption).exists()
    assert _writes(history) == writes + 3
    _assert_current()


def test_a_deleted_case_takes_its_facts_along(history):
    """Every table of a case's child data hangs on the case (and on its source row) by a
    cascade, as the retention's deletion of a case expects."""
    for table in CASE_TABLES:
        case_field = table.model._meta.get_field("case")
        assert case_field.remote_field.on_delete.__name__ == "CASCADE", table.model.__name__
    for model in (MatchFact,):
        assert model._meta.get_field("match").remote_field.on_delete.__name__ == "CASCADE"
    case = arrangements(history.region, history.school, history.coordinator, 1, closed=True)[0]
    _exemption(history, case).save()
    services.refresh_dimension_facts()
    held: list[type[Model]] = [OutcomeFact, ExemptionFact]
    assert all(model.objects.filter(case=case).exists() for model in held)
    key = case.pk
    case.delete()
    assert not any(model.objects.filter(case=key).exists() for model in held)


def test_a_deleted_case_moves_the_state_of_its_region_alone(
    history, django_capture_on_commit_callbacks
):
    """Its facts go by cascade, with no refresh: the deletion itself moves the state of the
    region it counted in once committed (the figures kept for it are counted again), and
    leaves another region's alone."""
    capture = django_capture_on_commit_callbacks
    case = arrangements(history.region, history.school, history.coordinator, 1, closed=True)[0]
    services.refresh_dimension_facts()
    other = Region.objects.create(name="Elders", slug="elders-verwijderd")
    state.written(1, [other.pk])
    before, elsewhere = _writes(history), state.facts_state(other.pk)
    assert _monitor_tasks(capture, case.delete) == ["arrangeer.monitor.receivers.note_deleted"]
    assert _writes(history) == before + 1
    assert state.facts_state(other.pk) == elsewhere


def test_the_region_facts_of_a_tlv_are_those_of_a_granted_tlv(history):
    granted = set(
        Module.objects.filter(
            instrument=Instrument.TLV,
            decision_status=DecisionStatus.GRANTED,
            removed_at__isnull=True,
            decided_on__isnull=False,
        ).values_list("pk", flat=True)
    )
    assert set(TlvFact.objects.values_list("module", flat=True)) == granted
