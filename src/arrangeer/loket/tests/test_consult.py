"""The Loket consult through its pages: the consent purpose of its own (no consent, no
access to the advice or the case), the deadline in working days with a frozen clock, Mijn
acties for the adviser and the asker, taking the advice over into the team and the plan."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.http import Http404
from django.test import Client
from django.urls import reverse

import pytest

from arrangeer.audit.constants import Basis, Outcome
from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases import consents as consent_services
from arrangeer.cases.access import Actor, access_case, access_case_for_advice
from arrangeer.cases.actions import actions_for
from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import TeamMember
from arrangeer.consents.constants import ConsentPurpose, Evidence
from arrangeer.consents.models import Consent
from arrangeer.loket.constants import ConsultStatus
from arrangeer.loket.models import AdviceDeadline, Consult
from arrangeer.plans.models import Module
from arrangeer.testing.auth import login_verified
from arrangeer.testing.loket import LoketWorld, advised_consult, loket_in
from arrangeer.testing.world import World
from arrangeer.vocabulary import DataCategory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    return login_verified(Client(), user)


def ask(world: World, desk: LoketWorld, **extra: object):
    data = {
        "loket": desk.loket.pk,
        "question": "Wat is de beste aanpak voor de terugkeer naar school?",
        "tried": "Een aangepast rooster en gesprekken met de ouders.",
        "urgency": "normaal",
        **extra,
    }
    return client_for(world.coordinator).post(
        reverse("loket:new", kwargs={"case_id": world.case.uuid}), data
    )


def test_without_the_loket_consent_the_question_asks_for_it_and_the_regisseur_records_it(
    world: World, clock
):
    loket = loket_in(world, with_consent=False)
    response = ask(world, loket)
    assert response.status_code == 200
    assert 'id="foutoverzicht"' in response.content.decode()
    assert not Consult.objects.exists()
    response = ask(
        world,
        loket,
        categories=[DataCategory.EDUCATION],
        representative=world.parent.pk,
        by_child="on",
        evidence=Evidence.SIGNED_FORM,
    )
    assert response.status_code == 302
    consult = Consult.objects.get()
    assert consult.consent.purpose_kind == ConsentPurpose.LOKET
    assert consult.consent.organisation == loket.loket
    assert consult.consent.categories == [DataCategory.EDUCATION]


def test_the_adviser_sees_the_case_only_within_the_loket_consent(world: World):
    loket = loket_in(world)
    consult = advised_consult(world, loket)
    adviser = client_for(loket.adviser)
    detail = reverse(
        "loket:detail", kwargs={"case_id": world.case.uuid, "consult_id": consult.uuid}
    )
    assert adviser.get(detail).status_code == 200
    access = access_case_for_advice(
        Actor(loket.adviser), world.case.uuid, organisation_id=loket.loket.pk
    )
    assert access.categories == {DataCategory.EDUCATION, DataCategory.YOUTH_CARE}
    assert access.basis == Basis.CONSENT
    assert access.consent_id == consult.consent_id
    # The Loket's consent is no place on the team: not the dossier, not the lists.
    assert (
        adviser.get(reverse("cases:detail", kwargs={"case_id": world.case.uuid})).status_code == 404
    )
    assert str(world.case.uuid) not in adviser.get(reverse("cases:list")).content.decode()

    # The family withdraws the Loket's consent: the advice and the case are closed to the Loket.
    consent_services.withdraw_consent(
        access_case(Actor(world.coordinator), world.case.uuid),
        consult.consent,
        by_representative=world.parent,
        by_child=False,
    )
    before = AccessLogEntry.objects.filter(user_id=loket.adviser.pk, outcome=Outcome.DENIED).count()
    assert adviser.get(detail).status_code == 404
    assert (
        AccessLogEntry.objects.filter(user_id=loket.adviser.pk, outcome=Outcome.DENIED).count()
        == before + 1
    )
    with pytest.raises(Http404):
        access_case_for_advice(
            Actor(loket.adviser), world.case.uuid, organisation_id=loket.loket.pk
        )


def test_a_loket_consent_gives_no_place_on_the_team_its_ground(world: World):
    """The care worker whose team consent was withdrawn stays out when their organisation
    gets a consent for the Loket's purpose: purposes do not open each other."""
    consent_services.record_consent(
        access_case(Actor(world.coordinator), world.case.uuid),
        organisation=world.other_provider,
        categories=[DataCategory.YOUTH_CARE],
        purpose="Advies",
        purpose_kind=ConsentPurpose.LOKET,
        given_by_representative=world.parent,
        given_by_child=True,
        valid_from=dt.date.today(),
        valid_until=None,
        evidence=Evidence.SIGNED_FORM,
    )
    response = client_for(world.care_worker_withdrawn).get(
        reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    )
    assert response.status_code == 404


def test_an_adviser_of_another_loket_or_role_does_not_get_in(world: World):
    loket = loket_in(world)
    consult = advised_consult(world, loket)
    # The youth team's worker holds a Loket role nowhere: the Loket's door stays shut.
    with pytest.raises(Http404):
        access_case_for_advice(
            Actor(world.youth_worker_off_team), world.case.uuid, organisation_id=loket.loket.pk
        )
    advise = reverse(
        "loket:advise", kwargs={"case_id": world.case.uuid, "consult_id": consult.uuid}
    )
    # The team reads the advice but does not write it.
    assert client_for(world.coordinator).get(advise).status_code == 404


def test_the_deadline_is_five_working_days_or_the_regions_own(world: World, clock):
    loket = loket_in(world)
    assert ask(world, loket).status_code == 302  # on a Monday
    monday = clock.now.date()
    assert Consult.objects.get().due_on == monday + dt.timedelta(days=7)
    clock.advance(days=4)  # Friday
    AdviceDeadline.objects.create(region=world.region, working_days=3)
    assert ask(world, loket).status_code == 302
    assert Consult.objects.order_by("-pk").first().due_on == monday + dt.timedelta(days=9)


def test_mijn_acties_for_the_adviser_when_due_and_for_the_asker_when_advised(world: World, clock):
    loket = loket_in(world)
    assert ask(world, loket).status_code == 302
    consult = Consult.objects.get()
    lines = [a for a in actions_for(loket.adviser) if a.source == "loket_advice"]
    assert [(a.case, a.due) for a in lines] == [(world.case, consult.due_on)]
    assert not [a for a in actions_for(world.coordinator) if a.source == "loket_advice_arrived"]

    response = client_for(loket.adviser).post(
        reverse("loket:advise", kwargs={"case_id": world.case.uuid, "consult_id": consult.uuid}),
        {
            "advice": "Start met een opbouwmodule en betrek het jeugdteam.",
            "route_step": "Organiseren van het breed overleg",
            "module_1_title": "Opbouw schoolgang",
            "module_1_side": "onderwijs",
            "module_1_function": "opbouwen",
            "module_1_provider": world.school.pk,
        },
    )
    assert response.status_code == 302
    consult.refresh_from_db()
    assert consult.status == ConsultStatus.ADVISED
    assert not [a for a in actions_for(loket.adviser) if a.source == "loket_advice"]
    arrived = [a for a in actions_for(world.coordinator) if a.source == "loket_advice_arrived"]
    assert [a.case for a in arrived] == [world.case]
    # Not for the rest of the team.
    assert not [a for a in actions_for(world.teacher) if a.source == "loket_advice_arrived"]


def test_an_overdue_advice_shows_as_overdue(world: World, clock):
    loket = loket_in(world)
    assert ask(world, loket).status_code == 302
    clock.advance(days=8)
    (line,) = [a for a in actions_for(loket.adviser) if a.source == "loket_advice"]
    assert line.is_overdue(clock.now.date())


def test_the_asker_takes_the_partner_and_the_module_over_and_records_the_follow_up(
    world: World,
):
    loket = loket_in(world)
    consult = advised_consult(world, loket)
    coordinator = client_for(world.coordinator)
    partner = consult.proposals.get(kind="partner")
    module = consult.proposals.get(kind="module")
    kwargs = {"case_id": world.case.uuid, "consult_id": consult.uuid}

    response = coordinator.post(
        reverse("loket:take_over", kwargs={**kwargs, "proposal_id": partner.pk})
    )
    assert response.status_code == 302
    member = TeamMember.objects.get(case=world.case, membership=partner.membership)
    assert member.status == MemberStatus.PROPOSED  # the family approves the place

    assert world.plan is not None
    take = reverse("loket:take_over", kwargs={**kwargs, "proposal_id": module.pk})
    response = coordinator.post(take, {"intensity_unit": "uren"})
    assert response.status_code == 200
    assert 'id="foutoverzicht"' in response.content.decode()
    today = dt.date.today()
    response = coordinator.post(
        take,
        {
            "goals": [world.plan.education_goal.pk],
            "provider": world.school.pk,
            "function": "opbouwen",
            "place": "school",
            "intensity": "4",
            "intensity_unit": "uren",
            "start_date": today.isoformat(),
            "end_date": (today + dt.timedelta(days=90)).isoformat(),
            "funding_framework": "wpo_school",
            "instrument": "geen",
            "method_description": "Stapsgewijs meer uren op school.",
            "method_rationale": "Kleine stappen houden de angst beheersbaar.",
        },
    )
    assert response.status_code == 302, response.content.decode().split("foutoverzicht-titel")[-1][
        :1500
    ]
    added = Module.objects.get(title="Opbouw schoolgang")
    assert added.plan.case == world.case
    module.refresh_from_db()
    assert module.taken_over_at is not None
    # Taken over once.
    assert coordinator.post(take, {"intensity_unit": "uren"}).status_code == 200

    response = coordinator.post(reverse("loket:follow_up", kwargs=kwargs), {"outcome": "Gedaan."})
    assert response.status_code == 302
    consult.refresh_from_db()
    assert consult.status == ConsultStatus.FOLLOWED_UP
    page = coordinator.get(reverse("cases:detail", kwargs={"case_id": world.case.uuid}))
    assert 'data-testid="loket-section"' in page.content.decode()


def test_only_the_asker_or_the_regisseur_takes_over(world: World):
    loket = loket_in(world)
    consult = advised_consult(world, loket)
    partner = consult.proposals.get(kind="partner")
    url = reverse(
        "loket:take_over",
        kwargs={"case_id": world.case.uuid, "consult_id": consult.uuid, "proposal_id": partner.pk},
    )
    assert client_for(world.swv_specialist).post(url).status_code == 403
    assert client_for(loket.adviser).post(url).status_code == 404


def test_no_mail_carries_child_data(world: World):
    mail.outbox.clear()
    loket = loket_in(world)
    advised_consult(world, loket)
    assert all(world.child.last_name not in m.body for m in mail.outbox)


def test_a_loket_of_another_region_cannot_be_asked(world: World):
    from arrangeer.organisations.constants import OrganisationType
    from arrangeer.organisations.models import Organisation, Region

    elsewhere = Region.objects.create(name="Elders", slug="elders")
    other = Organisation.objects.create(
        region=elsewhere, name="Loket Elders", type=OrganisationType.INTEGRAL_DESK
    )
    loket = loket_in(world)
    response = ask(world, loket, loket=other.pk)
    assert response.status_code == 200
    assert not Consult.objects.exists()
    assert not Consent.objects.filter(organisation=other).exists()


def test_the_reminder_reaches_an_adviser_on_no_team_once_without_child_data(
    world: World, clock, django_capture_on_commit_callbacks
):
    from arrangeer.cases.reminders import people_to_remind, send_reminders
    from arrangeer.routes.models import ReminderSent

    loket = loket_in(world)
    loket.adviser.email = "lotte@loket.invalid"
    loket.adviser.save(update_fields=["email"])
    assert not TeamMember.objects.filter(membership__user=loket.adviser).exists()
    assert loket.adviser not in people_to_remind()
    assert ask(world, loket).status_code == 302
    consult = Consult.objects.get()
    assert loket.adviser in people_to_remind()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=consult.due_on - dt.timedelta(days=3))
    assert not [m for m in mail.outbox if m.to == [loket.adviser.email]]
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            send_reminders(today=consult.due_on - dt.timedelta(days=2))
    (sent,) = [m for m in mail.outbox if m.to == [loket.adviser.email]]
    assert ReminderSent.objects.filter(user=loket.adviser, kind="loket_advice").count() == 1
    assert (
        reverse("loket:detail", kwargs={"case_id": world.case.uuid, "consult_id": consult.uuid})
        in sent.body
    )
    for child_data in (world.child.first_name, world.child.last_name, consult.question[:20]):
        assert child_data not in sent.body and child_data not in sent.subject

    # The advice given, or the family's consent for the Loket withdrawn: no longer reminded.
    Consent.objects.filter(organisation=loket.loket).update(withdrawn_at=clock.now)
    assert loket.adviser not in people_to_remind()
