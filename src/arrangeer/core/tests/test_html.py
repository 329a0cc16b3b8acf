"""The W3C Nu HTML Checker over the main page types, as the people who use them see them:
no errors (duplicate ids, labels pointing nowhere, radio groups without a legend, …).

One world, one checker run for all pages (the checker's start costs seconds); the pages are
fetched through the real URLs as the personas who use them."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.cases import regie
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, access_case
from arrangeer.meetings import services as meeting_services
from arrangeer.monitor.tests import helpers_region as region_make
from arrangeer.monitor.tests.helpers import LAST_YEAR, arrangements
from arrangeer.plans import services as plan_services
from arrangeer.plans.models import Module
from arrangeer.testing.auth import login_verified
from arrangeer.testing.html import check_pages, require_checker
from arrangeer.testing.meetings import matrix_meeting, plan_mdo
from arrangeer.testing.world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world(with_plan=True)
        access = access_case(Actor(built.coordinator), built.case.uuid)
        built.meeting = matrix_meeting(built)
        # A second MDO, planned: the teacher is proposed, waiting for the parents' answer.
        upcoming = plan_mdo(built.case, regisseur=built.coordinator, approve=False)
        meeting_services.propose_invitee(access, upcoming, member=built.members["teacher"])
        built.upcoming = upcoming
        # Ten children with similar care modules: a candidate for a group arrangement on the
        # monitor's page "individual → collective", with its button.
        similar = arrangements(built.region, built.school, built.coordinator, 10)
        region_make.modules(similar, built.coordinator, built.plan.care_module.provider)
        yield built
        transaction.set_rollback(True)


def _pages(world: World) -> dict[str, tuple[str, str]]:
    """name → (persona, url) of every main page type."""
    case = {"case_id": world.case.uuid}
    plan = world.plan
    assert plan is not None
    held = {**case, "meeting_id": world.meeting.uuid}
    upcoming = {**case, "meeting_id": world.upcoming.uuid}
    teacher_invite = world.upcoming.invitees.get(team_member=world.members["teacher"])
    pages: dict[str, tuple[str, str]] = {
        "start": ("coordinator", reverse("core:home")),
        "monitor": ("policy_officer", reverse("monitor:theme", args=["bereik"])),
        "monitor (school)": ("coordinator", reverse("monitor:theme", args=["doorlooptijd"])),
        "monitor (individual → collective)": (
            "policy_officer",
            reverse("monitor:theme", args=["collectief"]) + f"?jaar={LAST_YEAR}",
        ),
        "my cases": ("coordinator", reverse("cases:list")),
        "my actions": ("coordinator", reverse("actions:my_actions")),
        "new case": ("coordinator", reverse("cases:new")),
        "emergency access": ("coordinator", reverse("cases:emergency")),
        "dossier": ("coordinator", reverse("cases:detail", kwargs=case)),
        "team": ("coordinator", reverse("cases:team", kwargs=case)),
        "flags": ("coordinator", reverse("cases:flags", kwargs=case)),
        "close": ("coordinator", reverse("cases:close", kwargs=case)),
        "consents": ("coordinator", reverse("cases:consents", kwargs=case)),
        "new consent": ("coordinator", reverse("cases:consent_new", kwargs=case)),
        "access log": ("coordinator", reverse("cases:access_log", kwargs=case)),
        "history": ("coordinator", reverse("cases:history", kwargs=case)),
        "route (regisseur)": ("coordinator", reverse("cases:route", kwargs=case)),
        "school plan": ("coordinator", reverse("cases:school_plan", kwargs=case)),
        "plan": ("coordinator", reverse("plans:plan", kwargs=case)),
        "plan versions": ("coordinator", reverse("plans:versions", kwargs=case)),
        "plan version": ("coordinator", reverse("plans:version", kwargs={**case, "number": 1})),
        "plan compare": (
            "coordinator",
            reverse("plans:compare", kwargs=case) + "?van=1&met=concept",
        ),
        "attachments": ("coordinator", reverse("plans:attachments", kwargs=case)),
        "measurement": (
            "coordinator",
            reverse("plans:measurement_new", kwargs={**case, "item_id": plan.education_goal.uuid}),
        ),
        "delivery": (
            "coordinator",
            reverse("plans:delivery_new", kwargs={**case, "item_id": plan.education_module.uuid}),
        ),
        "module decision (youth team)": (
            "youth_worker",
            reverse("plans:decision", kwargs={**case, "item_id": plan.care_module.uuid}),
        ),
        "plan with parts the viewer may not see (teacher)": (
            "teacher",
            reverse("plans:plan", kwargs=case),
        ),
        "goal edit": (
            "coordinator",
            reverse(
                "plans:item_edit",
                kwargs={**case, "slug": "doelen", "item_id": plan.education_goal.uuid},
            ),
        ),
        "meetings": ("coordinator", reverse("meetings:list", kwargs=case)),
        "new meeting": ("coordinator", reverse("meetings:new", kwargs=case)),
        "meeting held": ("coordinator", reverse("meetings:detail", kwargs=held)),
        "meeting upcoming (regisseur)": (
            "coordinator",
            reverse("meetings:detail", kwargs=upcoming),
        ),
        # Someone on the team who is not invited (the proposed teacher sees no meeting until
        # the parents approve them).
        "meeting upcoming (team)": ("youth_worker", reverse("meetings:detail", kwargs=upcoming)),
        "meeting edit": ("coordinator", reverse("meetings:edit", kwargs=upcoming)),
        "invitee decision": (
            "coordinator",
            reverse(
                "meetings:invitee_decide", kwargs={**upcoming, "invitee_id": teacher_invite.uuid}
            ),
        ),
        "meeting preparation (teacher)": ("teacher", reverse("meetings:prepare", kwargs=held)),
        "meeting record": ("coordinator", reverse("meetings:record", kwargs=upcoming)),
        "api tokens": ("coordinator", reverse("api_tokens")),
        "calendar address": ("coordinator", reverse("meetings_calendar")),
        "backup codes": ("coordinator", reverse("accounts:backup_codes")),
        "login": ("anonymous", reverse("accounts:login")),
        "portal home": ("parent", reverse("portal:home", kwargs=case)),
        "portal consents": ("parent", reverse("portal:consents", kwargs=case)),
        "portal our view": ("parent", reverse("portal:our_view", kwargs=case)),
        "portal questionnaire": ("parent", reverse("portal:questionnaire", kwargs=case)),
        "portal who looked": ("parent", reverse("portal:who_looked", kwargs=case)),
        "portal invitees": ("parent", reverse("portal:invitees", kwargs=upcoming)),
        "portal meeting input": ("parent", reverse("portal:meeting_preparation", kwargs=upcoming)),
        "portal child's view": ("child_13", reverse("portal:child_view", kwargs=case)),
        "portal child's meeting input": (
            "child_13",
            reverse("portal:meeting_preparation", kwargs=upcoming),
        ),
        "portal child's view with a professional": (
            "coordinator",
            reverse("portal:child_view_together", kwargs=case),
        ),
    }
    for slug in ("domeinen", "netwerk", "behoeften", "doelen", "modules"):
        pages[f"new plan item: {slug}"] = (
            "coordinator",
            reverse("plans:item_new", kwargs={**case, "slug": slug}),
        )
    return pages


def _pages_in_later_states(world: World) -> Iterator[dict[str, tuple[str, str]]]:
    """Pages in the states that follow: the regie offered, the plan sent to the parents,
    then adopted."""
    case = {"case_id": world.case.uuid}
    access = access_case(Actor(world.coordinator), world.case.uuid)
    regie.propose_regie_transfer(
        access, to_member=world.members["youth_worker"], reason="Zorg staat voorop"
    )
    yield {
        "route (regie offered, regisseur)": ("coordinator", reverse("cases:route", kwargs=case)),
        "route (regie offered to me)": ("youth_worker", reverse("cases:route", kwargs=case)),
    }
    version = plan_services.send_for_agreement(access)
    yield {
        "plan agreement": ("coordinator", reverse("plans:agreement", kwargs=case)),
        "plan adopt": ("coordinator", reverse("plans:adopt", kwargs=case)),
        "portal agreement": ("parent", reverse("portal:agreement", kwargs=case)),
    }
    plan_services.record_parent_agreement(
        access,
        content_hash=version.content_hash,
        representative=world.parent,
        decision="instemming",
        given_on=timezone.localdate(),
        evidence="papier",
    )
    plan_services.adopt_plan(
        access,
        content_hash=version.content_hash,
        child_heard="in_overleg",
        child_view="Sem wil graag beter leren lezen.",
        child_view_category="onderwijs",
    )
    yield {"evaluation": ("coordinator", reverse("plans:evaluation_new", kwargs=case))}
    plan = world.plan
    assert plan is not None
    care = Module.objects.get(pk=plan.care_module.pk)
    plan_services.record_decision(
        access_case(Actor(world.youth_worker), world.case.uuid),
        care,
        expected_version=care.lock_version,
        decision_status="toegekend",
        reference_number="JW-2026-002",
        requested_on=timezone.localdate(),
        decided_on=timezone.localdate(),
    )
    yield {
        "plan adopted, with a decision's history": (
            "youth_worker",
            reverse("plans:plan", kwargs=case),
        ),
    }
    case_services.close_case(access, reason="moved")
    yield {
        "dossier of a closed case (regisseur)": (
            "coordinator",
            reverse("cases:detail", kwargs=case),
        ),
        "plan of a closed case (regisseur)": ("coordinator", reverse("plans:plan", kwargs=case)),
        "portal home of a closed case": ("parent", reverse("portal:home", kwargs=case)),
    }


@pytest.mark.django_db
def test_the_main_pages_have_no_html_errors(world):
    require_checker()
    clients: dict[str, Client] = {"anonymous": Client()}
    rendered: dict[str, str] = {}
    unreachable = []

    def fetch(pages: dict[str, tuple[str, str]]) -> None:
        for name, (persona, url) in pages.items():
            if persona not in clients:
                clients[persona] = login_verified(Client(), world.users[persona])
            with transaction.atomic():
                response = clients[persona].get(url)
                transaction.set_rollback(True)
            if response.status_code != 200:
                unreachable.append(f"{name}: {url} gave {response.status_code}")
                continue
            rendered[f"{name} ({url})"] = response.content.decode()

    fetch(_pages(world))
    with transaction.atomic():
        for stage in _pages_in_later_states(world):
            fetch(stage)
        transaction.set_rollback(True)
    assert not unreachable, unreachable
    problems = check_pages(rendered)
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(map(str, problems))
