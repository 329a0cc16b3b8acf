"""Instemming in the portal: the exact version sent, each parent with gezag on their own."""

from __future__ import annotations

from django.urls import reverse

import pytest

from arrangeer.cases.access import Actor, access_case
from arrangeer.plans import services as plan_services
from arrangeer.plans.models import ParentAgreement
from arrangeer.routes.actions import actions_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(world):
    """The adjusted plan is sent to the parents again: version 2 waits for them."""
    regie = access_case(Actor(world.users["coordinator"]), world.case.uuid)
    return plan_services.send_for_agreement(regie)


def _url(world):
    return reverse("portal:agreement", kwargs={"case_id": world.case.uuid})


def test_the_parent_reads_the_version_sent_and_agrees_with_its_hash(world, client_for, sent):
    client = client_for("parent")
    home = client.get(reverse("portal:home", kwargs={"case_id": world.case.uuid}))
    assert 'data-source="agreement"' in home.content.decode()
    page = client.get(_url(world))
    body = page.content.decode()
    assert sent.content_hash in body and "AVI E6" in body
    response = client.post(
        _url(world), {"content_hash": sent.content_hash, "decision": "instemming"}
    )
    assert response.status_code == 302
    agreement = ParentAgreement.objects.get(version=sent, representative=world.parent)
    assert agreement.evidence == "portaal" and agreement.content_hash == sent.content_hash
    assert agreement.recorded_by == world.users["parent"]
    home = client.get(reverse("portal:home", kwargs={"case_id": world.case.uuid}))
    assert 'data-source="agreement"' not in home.content.decode()


def test_agreeing_with_a_version_that_was_replaced_since_the_page_was_opened_is_refused(
    world, client_for, sent
):
    client = client_for("parent")
    assert sent.content_hash in client.get(_url(world)).content.decode()
    # Meanwhile the regisseur changes the plan and sends version 3.
    regie = access_case(Actor(world.users["coordinator"]), world.case.uuid)
    goal = world.plan.education_goal
    goal.refresh_from_db()
    plan_services.change_item(
        regie, goal, expected_version=goal.lock_version, fields={"target": "AVI E7"}
    )
    newer = plan_services.send_for_agreement(regie)
    response = client.post(
        _url(world), {"content_hash": sent.content_hash, "decision": "instemming"}
    )
    assert response.status_code == 200
    assert "changed after you opened this page" in response.content.decode()
    assert not ParentAgreement.objects.filter(
        representative=world.parent, version__in=[sent, newer]
    ).exists()


def test_a_change_of_the_draft_after_sending_blocks_the_agreement(world, client_for, sent):
    client = client_for("parent")
    regie = access_case(Actor(world.users["coordinator"]), world.case.uuid)
    goal = world.plan.education_goal
    goal.refresh_from_db()
    plan_services.change_item(
        regie, goal, expected_version=goal.lock_version, fields={"target": "AVI E7"}
    )
    response = client.post(
        _url(world), {"content_hash": sent.content_hash, "decision": "instemming"}
    )
    assert response.status_code == 200
    assert "changed after you opened this page" in response.content.decode()
    assert not ParentAgreement.objects.filter(version=sent).exists()


def test_a_parent_without_gezag_reads_but_cannot_agree_even_by_a_crafted_post(
    world, client_for, sent
):
    client = client_for("parent_without_authority")
    page = client.get(_url(world)).content.decode()
    assert "Send my decision" not in page
    response = client.post(
        _url(world), {"content_hash": sent.content_hash, "decision": "instemming"}
    )
    assert response.status_code == 403
    assert not ParentAgreement.objects.filter(version=sent).exists()


def test_disagreement_needs_a_reason_and_becomes_an_action_for_the_regisseur(
    world, client_for, sent
):
    client = client_for("parent")
    response = client.post(
        _url(world), {"content_hash": sent.content_hash, "decision": "geen_instemming"}
    )
    assert response.status_code == 200
    assert "Tell us why" in response.content.decode()
    response = client.post(
        _url(world),
        {
            "content_hash": sent.content_hash,
            "decision": "geen_instemming",
            "reason": "Te weinig uren begeleiding",
        },
    )
    assert response.status_code == 302
    actions = [a for a in actions_for(world.users["coordinator"]) if a.source == "parent_disagrees"]
    assert len(actions) == 1 and actions[0].case == world.case
    assert not [a for a in actions_for(world.users["teacher"]) if a.source == "parent_disagrees"]
    # Deciding twice is refused.
    again = client.post(_url(world), {"content_hash": sent.content_hash, "decision": "instemming"})
    assert again.status_code == 200
    assert ParentAgreement.objects.filter(version=sent).count() == 1
