"""The warm handover end to end through the pages: the receiving coordinator's access before
and after consent and after the handover, the regie moving, the sending school leaving."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.constants import MemberStatus, TransferStatus
from arrangeer.cases.models import RegieTransfer, TeamMember
from arrangeer.consents.models import Consent
from arrangeer.organisations.models import Membership, Organisation
from arrangeer.transitions import selectors, services
from arrangeer.transitions.constants import TransitionKind, TransitionStatus
from arrangeer.transitions.models import Transition

pytestmark = pytest.mark.django_db

PAGES = ["transitions:detail", "transitions:summary_pdf", "transitions:summary_json"]


def url(world, name: str) -> str:
    return reverse(name, kwargs={"case_id": world.case.uuid})


def propose(world, client) -> None:
    membership = Membership.objects.get(user=world.users["receiver"])
    response = client.post(
        url(world, "transitions:propose"),
        {
            "membership": membership.pk,
            "handover_mdo_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def consent(world, client) -> None:
    response = client.post(
        url(world, "transitions:consent"),
        {
            "representative": world.parent.pk,
            "by_child": "on",
            "categories": ["onderwijs", "jeugdhulp"],
            "evidence": "signed_form",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def test_the_receiving_coordinator_joins_with_consent_takes_the_regie_and_the_old_school_leaves(
    world, login
):
    regisseur = login("coordinator")
    receiver = login("receiver")
    step_before = world.case.current_step_id

    # The derived transition: a pupil of groep 8 at a primary school goes to secondary school.
    page = regisseur.get(url(world, "transitions:detail"))
    assert page.status_code == 200
    assert str(TransitionKind.PO_VO.label) in page.content.decode()

    propose(world, regisseur)
    transition = Transition.objects.get(case=world.case)
    assert transition.status == TransitionStatus.PROPOSED
    assert transition.sending_school == world.school
    # Before consent: proposed, not on the team, the case does not exist for them.
    for name in [*PAGES, "cases:detail", "transitions:import"]:
        assert receiver.get(url(world, name)).status_code == 404, name

    consent(world, regisseur)
    transition.refresh_from_db()
    assert transition.status == TransitionStatus.CONSENTED
    assert transition.receiving_member.status == MemberStatus.ACTIVE
    assert set(transition.consent.categories) == {"onderwijs", "jeugdhulp"}
    # After consent: the dossier, the handover page with the plan's perspective and the
    # running modules (education and youth care, as consented), the summary.
    for name in [*PAGES, "cases:detail", "transitions:import"]:
        assert receiver.get(url(world, name)).status_code == 200, name
    body = receiver.get(url(world, "transitions:detail")).content.decode()
    assert "Leesbegeleiding in de klas" in body
    assert "Jeugdzorgmodule gezinsbegeleiding" in body
    # Not the regisseur (yet): the regisseur's pages are not theirs.
    assert receiver.get(url(world, "transitions:edit")).status_code == 404

    # The family agrees that the regie moves: offered to the receiver, who accepts.
    response = regisseur.post(
        url(world, "transitions:regie"), {"representative": world.parent.pk, "by_child": "on"}
    )
    assert response.status_code == 302
    transfer = RegieTransfer.objects.get(case=world.case, status=TransferStatus.PROPOSED)
    assert (
        receiver.get(url(world, "transitions:detail"))
        .content.decode()
        .count(
            reverse(
                "cases:regie_accept",
                kwargs={"case_id": world.case.uuid, "transfer_id": transfer.pk},
            )
        )
        == 1
    )
    receiver.post(
        reverse(
            "cases:regie_accept", kwargs={"case_id": world.case.uuid, "transfer_id": transfer.pk}
        )
    )
    world.case.refresh_from_db()
    assert world.case.regisseur == world.users["receiver"]
    # The old school still reads until the handover is done.
    assert regisseur.get(url(world, "cases:detail")).status_code == 200
    assert login("teacher").get(url(world, "cases:detail")).status_code == 200

    assert (
        receiver.post(
            url(world, "transitions:complete"), {"reason": "Overdracht telefonisch besproken."}
        ).status_code
        == 302
    )
    transition.refresh_from_db()
    assert transition.status == TransitionStatus.DONE
    world.child.refresh_from_db()
    assert world.child.school.name == "Het Test College"
    assert world.child.sector == "vo"
    # The sending school left the team: the case is gone for them.
    ended = TeamMember.objects.filter(
        case=world.case, membership__organisation=world.school, status=MemberStatus.ENDED
    )
    assert ended.count() == 2
    for name in ("coordinator", "teacher"):
        assert login(name).get(url(world, "cases:detail")).status_code == 404, name
        assert login(name).get(url(world, "transitions:detail")).status_code == 404, name
    # The receiver reads on as the regisseur; the case goes on at its step, not at the start.
    assert receiver.get(url(world, "transitions:edit")).status_code == 200
    world.case.refresh_from_db()
    assert world.case.current_step_id == step_before
    # Everything was logged against the transition.
    logged = AccessLogEntry.objects.filter(object_type="transition", object_id=str(transition.uuid))
    assert logged.filter(user_id=world.users["coordinator"].pk).exists()
    assert logged.filter(user_id=world.users["receiver"].pk).exists()


def test_consent_follows_the_age_rules_and_a_refused_consent_saves_nothing(world, login):
    regisseur = login("coordinator")
    propose(world, regisseur)
    # The child is 13: a parent alone is not enough.
    response = regisseur.post(
        url(world, "transitions:consent"),
        {"representative": world.parent.pk, "categories": ["onderwijs"], "evidence": "meeting"},
    )
    assert response.status_code == 200
    assert 'id="foutoverzicht"' in response.content.decode()
    transition = Transition.objects.get(case=world.case)
    assert transition.status == TransitionStatus.PROPOSED
    college = Organisation.objects.get(name="Het Test College")
    assert not Consent.objects.filter(case=world.case, organisation=college).exists()
    assert transition.receiving_member.status == MemberStatus.PROPOSED


def test_across_regions_the_receiving_regions_swv_is_needed(world):
    access = access_case(Actor(world.coordinator), world.case.uuid)
    far = Membership.objects.get(user=world.users["far_receiver"])
    mdo = timezone.localdate() + dt.timedelta(days=10)
    with translation.override("en"):
        with pytest.raises(ValidationError, match="another region"):
            services.propose_receiving_school(access, membership=far, handover_mdo_on=mdo)
        with pytest.raises(ValidationError, match="SWV of the receiving"):
            services.propose_receiving_school(
                access, membership=far, handover_mdo_on=mdo, receiving_swv=world.swv
            )
    assert not Transition.objects.filter(case=world.case).exists()
    swv = Organisation.objects.get(name="SWV Elders")
    done = services.propose_receiving_school(
        access, membership=far, handover_mdo_on=mdo, receiving_swv=swv
    )
    assert done.receiving_swv == swv


def test_the_handover_is_ended_by_the_receiver_only_once_they_hold_the_regie(world, login):
    regisseur = login("coordinator")
    propose(world, regisseur)
    consent(world, regisseur)
    regisseur.post(url(world, "transitions:complete"))
    assert Transition.objects.get(case=world.case).status == TransitionStatus.CONSENTED


def test_cancelling_refuses_the_waiting_coordinator(world, login):
    regisseur = login("coordinator")
    propose(world, regisseur)
    regisseur.post(url(world, "transitions:cancel"), {"reason": "Het kind blijft een jaar langer."})
    transition = Transition.objects.get(case=world.case)
    assert transition.status == TransitionStatus.CANCELLED
    assert transition.receiving_member.status == MemberStatus.REFUSED
    assert selectors.current_transition(world.case) is None


def test_the_monitor_counts_timely_and_late_handovers(world, login):
    regisseur = login("coordinator")
    propose(world, regisseur)
    transition = Transition.objects.get(case=world.case)
    day = transition.expected_on
    counts = selectors.transition_counts(world.region, start=day, end=day)
    assert (counts.timely, counts.not_timely) == (0, 1)
    Transition.objects.filter(pk=transition.pk).update(
        status=TransitionStatus.DONE,
        completed_at=timezone.make_aware(dt.datetime.combine(day, dt.time(8))),
    )
    counts = selectors.transition_counts(world.region, start=day, end=day)
    assert (counts.timely, counts.not_timely, counts.total) == (1, 0, 1)
    Transition.objects.filter(pk=transition.pk).update(
        completed_at=timezone.make_aware(
            dt.datetime.combine(day + dt.timedelta(days=3), dt.time(8))
        )
    )
    assert selectors.transition_counts(world.region, start=day, end=day).timely == 0


def test_the_dossier_line_shows_the_stored_transition_reading_only_what_it_shows(world, login):
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    regisseur = login("coordinator")
    propose(world, regisseur)
    stored = Transition.objects.get(case=world.case)
    with CaptureQueriesContext(connection) as captured:
        body = regisseur.get(url(world, "cases:detail")).content.decode()
    line = re.search(r'data-testid="transition-line">(.*?)</section>', body, re.S)
    assert line is not None
    assert stored.expected_on.strftime("%d-%m-%Y") in line.group(1)
    assert " · " in line.group(1)  # the stored transition's status
    # The line's read of the stored transition: its row only, without schools, people, consent.
    [read] = [q["sql"] for q in captured if 'FROM "transitions_transition"' in q["sql"]]
    assert " JOIN " not in read
    assert '"transitions_transition"."status"' in read
