"""A case on its route: the start, who may move it, the checks (each blocks and unblocks),
overrides with a reason, refused moves that change nothing, both shipped routes walked end
to end (loops and closing included), the regie and the partner rules."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases import journey, partners, regie
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, CaseAccess, access_case
from arrangeer.cases.constants import CaseStatus, StepChangeKind, TransferStatus
from arrangeer.cases.models import Case, StepChange
from arrangeer.plans.models import Plan
from arrangeer.routes import guards
from arrangeer.routes import services as route_services
from arrangeer.routes.models import Route, Step
from arrangeer.testing.factories import CaseFactory
from arrangeer.testing.meetings import hold_mdo, plan_mdo
from arrangeer.testing.plans import PlanWork
from arrangeer.testing.world import World, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def world() -> World:
    return build_world()


def _access(world: World, who: str = "coordinator", case: Case | None = None) -> CaseAccess:
    return access_case(Actor(world.users[who]), (case or world.case).uuid)


def _step(case: Case, code: str) -> Step:
    return Step.objects.get(route_id=case.route_id, code=code)


def _move(world: World, code: str | None, who: str = "coordinator", case: Case | None = None, **kw):
    case = case or world.case
    target = _step(case, code) if code else None
    return journey.move_case(_access(world, who, case), to_step=target, **kw)


def _state(case: Case) -> tuple:
    case.refresh_from_db()
    return (
        case.current_step_id,
        case.step_since,
        case.status,
        StepChange.objects.filter(case=case).count(),
    )


def _school_plan(world: World, case: Case | None = None) -> None:
    journey.record_school_plan(
        _access(world, case=case), kind="opp", evaluated_on=timezone.localdate(), missing_reason=""
    )


def test_a_new_case_starts_in_the_first_step_of_its_regions_route(world):
    case = world.case
    assert case.current_step is not None and case.current_step.code == "waarnemen"
    assert case.step_due == timezone.localtime(case.step_since).date() + dt.timedelta(days=28)
    (start,) = journey.timeline(case)
    assert start.kind == StepChangeKind.START and start.by_user == world.coordinator


def test_the_first_check_blocks_until_the_school_plan_is_recorded_then_the_teacher_moves_on(world):
    before = _state(world.case)
    with pytest.raises(ValidationError) as refused:
        _move(world, "informeren-en-voorbereiden", who="teacher")
    assert "groeiplan (GP) or OPP" in " ".join(refused.value.messages)
    assert _state(world.case) == before
    _school_plan(world)
    change = _move(world, "informeren-en-voorbereiden", who="teacher", reason="Signalen gedeeld")
    world.case.refresh_from_db()
    assert world.case.current_step.code == "informeren-en-voorbereiden"
    assert change.kind == StepChangeKind.MOVE and change.by_user == world.teacher
    assert change.from_step.code == "waarnemen" and change.reason == "Signalen gedeeld"
    assert AccessLogEntry.objects.filter(
        case_ref=world.case.uuid, object_type="case_step", object_id=str(change.pk)
    ).exists()


def test_a_recorded_reason_why_there_is_no_school_plan_also_satisfies_the_first_check(world):
    journey.record_school_plan(
        _access(world), kind="", evaluated_on=None, missing_reason="Signaal van buiten school"
    )
    _move(world, "informeren-en-voorbereiden")


@pytest.mark.parametrize(
    ("kind", "evaluated_on", "reason"),
    [
        ("", None, ""),
        ("opp", timezone.localdate() + dt.timedelta(days=2), ""),
        ("", timezone.localdate(), ""),
    ],
)
def test_an_incomplete_school_plan_record_is_refused(world, kind, evaluated_on, reason):
    with pytest.raises(ValidationError):
        journey.record_school_plan(
            _access(world), kind=kind, evaluated_on=evaluated_on, missing_reason=reason
        )
    assert not journey.school_plan_in_order(Case.objects.get(pk=world.case.pk))


def test_someone_who_does_not_act_in_the_step_cannot_move_the_case(world):
    _school_plan(world)
    with pytest.raises(PermissionDenied):
        _move(world, "informeren-en-voorbereiden", who="youth_worker")


def test_an_illegal_transition_is_refused_with_the_allowed_moves_and_changes_nothing(world):
    _school_plan(world)
    before = _state(world.case)
    with pytest.raises(ValidationError) as refused:
        _move(world, "gezamenlijk-evalueren")
    assert "Informeren en voorbereiden" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        _move(world, None, close_reason="goals_reached")  # Waarnemen cannot close
    assert _state(world.case) == before


def test_a_move_made_from_a_stale_page_is_refused(world):
    _school_plan(world)
    _move(world, "informeren-en-voorbereiden")
    with pytest.raises(ValidationError) as refused:
        _move(
            world,
            "organiseren-breed-overleg",
            expected_step=_step(world.case, "waarnemen"),
        )
    assert "in the meantime" in " ".join(refused.value.messages)


def _to_organising(world: World) -> None:
    _school_plan(world)
    _move(world, "informeren-en-voorbereiden")
    plan_mdo(world.case, regisseur=world.coordinator)
    _move(world, "organiseren-breed-overleg")


def test_the_partner_check_blocks_without_the_swv_for_a_thuiszitter_and_unblocks_when_it_joins(
    world,
):
    # The MDO is convened with every partner required then; the case's situation changes
    # afterwards (a thuiszitter now) and the SWV leaves the team.
    _to_organising(world)
    regie_access = _access(world)
    case_services.update_flags(regie_access, flags={"has_absence": True, "is_thuiszitter": True})
    case_services.end_team_member(regie_access, world.members["swv_specialist"], reason="")
    case = Case.objects.get(pk=world.case.pk)
    (missing,) = partners.missing_partners(case)
    assert missing.organisation_type == "swv"
    before = _state(world.case)
    with pytest.raises(ValidationError) as refused:
        _move(world, "ondersteuningsbehoefte-in-beeld")
    assert "required partner" in " ".join(refused.value.messages)
    assert _state(world.case) == before
    member = case_services.propose_team_member(
        _access(world), membership=world.swv_specialist.memberships.get()
    )
    case_services.approve_team_member(
        _access(world), member, approved_by_representative=world.parent, approved_by_child=True
    )
    assert partners.missing_partners(Case.objects.get(pk=world.case.pk)) == []
    change = _move(world, "ondersteuningsbehoefte-in-beeld")
    assert change.overridden_guards == []


def test_the_partner_check_may_be_passed_only_with_a_reason_which_is_recorded(world):
    _to_organising(world)  # convened with every partner; leerplicht leaves afterwards
    case_services.end_team_member(_access(world), world.members["leerplicht"], reason="")
    before = _state(world.case)
    for reason in ("", "te kort"):
        with pytest.raises(ValidationError) as refused:
            _move(world, "ondersteuningsbehoefte-in-beeld", override_reason=reason)
        assert "override_reason" in refused.value.error_dict
    assert _state(world.case) == before
    change = _move(
        world,
        "ondersteuningsbehoefte-in-beeld",
        override_reason="Leerplicht sluit bij het volgende MDO aan",
    )
    assert change.overridden_guards == ["required_partners_on_team"]
    assert change.override_reason == "Leerplicht sluit bij het volgende MDO aan"


def test_a_check_the_route_does_not_let_pass_cannot_be_overridden(world):
    with pytest.raises(ValidationError):
        _move(world, "informeren-en-voorbereiden", override_reason="Wij slaan dit liever over")
    assert world.case.current_step.code == "waarnemen"


# Each move of a walk: the step to go to, the plan work the current step asks for before
# the case may leave it, and the check that blocks the move until that work is done.
Walk = list[tuple[str | None, str | None, str | None]]

HR_WALK: Walk = [
    ("informeren-en-voorbereiden", None, None),
    ("organiseren-breed-overleg", "plan_mdo", "invitees_approved"),
    ("ondersteuningsbehoefte-in-beeld", None, None),
    ("gezamenlijk-doelen-stellen", "record_needs", "support_needs_recorded"),
    ("gezamenlijk-arrangeren", "set_goal", "smart_goal_present"),
    ("uitvoeren-en-monitoren", "arrange_and_adopt+hold_mdo", "goals_served_by_modules"),
    ("gezamenlijk-evalueren", None, None),
    ("bijstellen-arrangement", "evaluate:bijstellen", "evaluation_recorded"),  # → adjust
    ("uitvoeren-en-monitoren", "adjust", "plan_adopted"),  # carry out the adjusted plan
    ("gezamenlijk-evalueren", None, None),
    # Coming round again asks for a new evaluation: the first one no longer counts.
    ("uitvoeren-en-monitoren", "evaluate:voortzetten", "evaluation_recorded"),  # continue
    ("gezamenlijk-evalueren", None, None),
    (None, "evaluate:afsluiten", "evaluation_recorded"),  # close
]

ALKMAAR_WALK: Walk = [
    ("voorbereiding", "plan_mdo", "invitees_approved"),
    ("uitvoering", "prepare+hold_mdo", "mdo_held_with_parents"),
    ("evaluatie", None, None),
    ("uitvoering", "evaluate:voortzetten", "evaluation_recorded"),  # continue
    ("evaluatie", None, None),
    ("voorbereiding", "evaluate:bijstellen", "evaluation_recorded"),  # adjust
    ("uitvoering", "adjust", "plan_adopted"),
    ("evaluatie", None, None),
    ("besluitvorming", "evaluate:afsluiten", "evaluation_recorded"),  # close
    (None, None, None),
]


def _do(work: PlanWork, what: str) -> None:
    if "+" in what:
        for part in what.split("+"):
            _do(work, part)
    elif what == "plan_mdo":
        plan_mdo(work.case, regisseur=work.regisseur)
    elif what == "hold_mdo":
        hold_mdo(work.case, regisseur=work.regisseur)
    elif what.startswith("evaluate:"):
        work.evaluate(what.split(":", 1)[1])
    elif what == "prepare":
        work.record_needs()
        work.set_goal()
        work.arrange_and_adopt()
    else:
        getattr(work, what)()


def _walk(world: World, case: Case, walk: Walk) -> None:
    work = PlanWork(regisseur=world.coordinator, case=case, provider=world.school)
    for code, what, blocking in walk:
        kw = {"close_reason": "goals_reached", "reason": "Doelen bereikt"} if code is None else {}
        if blocking is not None:
            before = _state(case)
            with pytest.raises(ValidationError) as refused:
                _move(world, code, case=case, **kw)
            assert str(guards.get(blocking).blocked) in refused.value.messages
            assert _state(case) == before
        if what is not None:
            _do(work, what)
        _move(world, code, case=case, **kw)


def test_the_holland_rijnland_route_is_walked_end_to_end_with_the_loop_and_closed(world):
    _school_plan(world)
    with pytest.raises(ValidationError):
        _move(world, None)  # closing needs a reason (and the route does not close here)
    _walk(world, world.case, HR_WALK)
    case = Case.objects.get(pk=world.case.pk)
    assert case.status == CaseStatus.CLOSED and case.close_reason == "goals_reached"
    kinds = [c.kind for c in journey.timeline(case)]
    assert kinds == ["start", *["move"] * (len(HR_WALK) - 1), "close"]
    assert Plan.objects.get(case=case).versions.count() == 2  # adopted, adjusted and adopted


def test_the_alkmaar_route_is_walked_end_to_end_continue_adjust_and_close(world):
    model = Route.objects.get(region__isnull=True, name__contains="Alkmaar")
    route_services.adopt_route(model, region=world.region)
    case = CaseFactory(
        opener=world.coordinator.memberships.get(), first_name="Jip", last_name="Vos"
    )
    _walk(world, case, ALKMAAR_WALK)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.current_step.code == "besluitvorming"


def test_closing_outside_the_route_and_reopening_are_on_the_timeline(world):
    case_services.close_case(_access(world), reason="moved")
    case = Case.objects.get(pk=world.case.pk)
    assert journey.timeline(case)[-1].kind == StepChangeKind.CLOSED
    case_services.reopen_case(case, actor=Actor(world.coordinator), reason="Terug in de regio")
    case.refresh_from_db()
    assert case.current_step.code == "waarnemen"
    assert journey.timeline(case)[-1].kind == StepChangeKind.REOPEN


# --- Regie ------------------------------------------------------------------------------------


def test_the_regie_changes_hands_when_the_proposed_team_member_accepts(world):
    transfer = regie.propose_regie_transfer(
        _access(world), to_member=world.members["youth_worker"], reason="Zorg in het gezin voorop"
    )
    with pytest.raises(PermissionDenied):
        regie.accept_regie_transfer(_access(world, "swv_specialist"), transfer)
    assert Case.objects.get(pk=world.case.pk).regisseur == world.coordinator
    regie.accept_regie_transfer(_access(world, "youth_worker"), transfer)
    case = Case.objects.get(pk=world.case.pk)
    assert case.regisseur == world.youth_worker
    history = regie.history(case)
    assert [h.who for h in history] == [str(world.coordinator), str(world.youth_worker)]
    assert history[1].reason == "Zorg in het gezin voorop"
    assert not _access(world).is_regisseur


def test_the_regie_cannot_go_to_someone_not_on_the_team(world):
    for member in (world.members["care_worker_proposed"], world.members["care_worker_withdrawn"]):
        with pytest.raises(ValidationError) as refused:
            regie.propose_regie_transfer(_access(world), to_member=member, reason="Overdracht")
        assert "on the team" in " ".join(refused.value.messages)
    assert not world.case.regie_transfers.exists()


def test_a_declined_or_withdrawn_offer_leaves_the_regisseur_and_only_one_waits_at_a_time(world):
    first = regie.propose_regie_transfer(
        _access(world), to_member=world.members["swv_specialist"], reason="Onderwijsvraag"
    )
    with pytest.raises(ValidationError):
        regie.propose_regie_transfer(
            _access(world), to_member=world.members["youth_worker"], reason="Tweede"
        )
    regie.decline_regie_transfer(_access(world, "swv_specialist"), first, note="Geen tijd")
    second = regie.propose_regie_transfer(
        _access(world), to_member=world.members["youth_worker"], reason="Tweede"
    )
    regie.withdraw_regie_transfer(_access(world), second)
    assert set(world.case.regie_transfers.values_list("status", flat=True)) == {
        TransferStatus.DECLINED,
        TransferStatus.WITHDRAWN,
    }
    assert Case.objects.get(pk=world.case.pk).regisseur == world.coordinator


def test_the_regie_pages_offer_accept_and_show_the_history(world, verified_client):
    coordinator = verified_client(world.coordinator)
    route_url = reverse("cases:route", kwargs={"case_id": world.case.uuid})
    refused = coordinator.post(
        reverse("cases:regie_propose", kwargs={"case_id": world.case.uuid}),
        {"to_member": world.members["care_worker_proposed"].pk, "reason": "Overdracht"},
    )
    assert refused.status_code == 200  # not offered as a choice: the form refuses it
    assert 'id="foutoverzicht"' in refused.content.decode()
    assert not world.case.regie_transfers.exists()
    offered = coordinator.post(
        reverse("cases:regie_propose", kwargs={"case_id": world.case.uuid}),
        {"to_member": world.members["youth_worker"].pk, "reason": "Gezinsplan"},
    )
    assert offered.status_code == 302
    transfer = world.case.regie_transfers.get()
    youth = verified_client(world.youth_worker)
    assert 'data-testid="pending-transfer"' in youth.get(route_url).content.decode()
    youth.post(
        reverse(
            "cases:regie_accept", kwargs={"case_id": world.case.uuid, "transfer_id": transfer.pk}
        )
    )
    body = youth.get(route_url).content.decode()
    assert "Gezinsplan" in body and 'data-testid="regie-history"' in body
    assert Case.objects.get(pk=world.case.pk).regisseur == world.youth_worker


# --- Partners ---------------------------------------------------------------------------------


def test_missing_partners_are_a_warning_on_the_dossier(world, verified_client):
    regie_access = _access(world)
    case_services.update_flags(regie_access, flags={"has_absence": True, "is_complex": True})
    case_services.end_team_member(regie_access, world.members["swv_specialist"], reason="")
    body = (
        verified_client(world.coordinator)
        .get(reverse("cases:detail", kwargs={"case_id": world.case.uuid}))
        .content.decode()
    )
    assert 'data-partner="swv"' in body
    assert 'data-partner="leerplicht"' not in body  # leerplicht is on the team


def test_the_legal_framework_is_on_the_mdo_agenda_when_child_protection_is_involved(world):
    assert partners.required_agenda_items(world.case) == []
    case = case_services.update_flags(
        _access(world), flags={"has_absence": True, "child_protection_involved": True}
    )
    assert [i.code for i in partners.required_agenda_items(case)] == ["juridisch_kader"]


def test_a_thuiszitter_keeps_the_day_it_started(world):
    day = timezone.localdate() - dt.timedelta(days=40)
    case = case_services.update_flags(
        _access(world), flags={"is_thuiszitter": True}, thuiszitter_since=day
    )
    assert case.thuiszitter_since == day
    case = case_services.update_flags(_access(world), flags={"is_thuiszitter": True})
    assert case.thuiszitter_since == day
    case = case_services.update_flags(_access(world), flags={})
    assert case.thuiszitter_since is None
    with pytest.raises(ValidationError):
        case_services.update_flags(
            _access(world),
            flags={"is_thuiszitter": True},
            thuiszitter_since=timezone.localdate() + dt.timedelta(days=1),
        )


def test_retention_removes_the_timeline_and_regie_history_with_the_case(world):
    from arrangeer.cases.retention import apply_retention

    transfer = regie.propose_regie_transfer(
        _access(world), to_member=world.members["youth_worker"], reason="Gezinsplan"
    )
    regie.accept_regie_transfer(_access(world, "youth_worker"), transfer)
    case_services.close_case(_access(world, "youth_worker"), reason="moved")
    report = apply_retention(today=timezone.localdate() + dt.timedelta(days=365 * 21))
    assert str(world.case.uuid) in report.deleted_cases
    assert not Case.objects.filter(pk=world.case.pk).exists()
    assert not StepChange.objects.filter(case_id=world.case.pk).exists()
