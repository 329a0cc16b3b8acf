"""An aanmelding at a samenwerkingsverband (an SWV running a KEC-like programme): its
education specialist receives it (the mail, Mijn acties, the reminder), decides on it
(accepting opens a case with the specialist as regisseur on the parents' consent the
referrer recorded; declining tells the referrer the reason), within the region. Another SWV,
an SWV of another region and the school's coordinator get the 404 of an aanmelding that does
not exist."""

from __future__ import annotations

from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.audit.constants import Basis, Outcome
from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.actions import actions_for
from arrangeer.cases.constants import MemberBasis
from arrangeer.cases.models import Case
from arrangeer.cases.reminders import people_to_remind, send_reminders
from arrangeer.consents.constants import ConsentPurpose, Evidence
from arrangeer.consents.models import Consent
from arrangeer.core.workdays import add_working_days
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Organisation, Region
from arrangeer.organisations.services import grant_membership
from arrangeer.referrals import services
from arrangeer.referrals.access import access_referral
from arrangeer.referrals.actions import DECISION
from arrangeer.referrals.constants import EventKind, ReferralStatus
from arrangeer.referrals.models import Referral
from arrangeer.routes.models import ReminderSent
from arrangeer.testing.auth import login_verified
from arrangeer.testing.factories import UserFactory
from arrangeer.testing.referrals import send_referral
from arrangeer.vocabulary import DataCategory

pytestmark = pytest.mark.django_db

CHILD_WORDS = ("Noor", "Aanmeldkind", "N.A.", "Leesproblemen")


def _to_swv(world, referrer_membership, **overrides) -> Referral:
    return send_referral(
        world.teacher_other_school,
        referrer_membership,
        world.swv,
        current_school=world.other_school,
        **overrides,
    )


def _as_specialist(world, referral: Referral):
    return access_referral(Actor(world.swv_specialist), referral.uuid, as_receiver=True)


def _client(user) -> Client:
    return login_verified(Client(), user)


def test_the_swv_with_an_education_specialist_receives_within_the_region(
    world, referrer_membership
):
    offered = services.receiving_organisations(referrer_membership)
    assert world.swv in offered and world.school in offered
    # An SWV without an education specialist, and one of another region, are not offered.
    empty = Organisation.objects.create(
        region=world.region, name="SWV Zonder", type=OrganisationType.SWV
    )
    elsewhere = Region.objects.create(name="Elders", slug="elders")
    far = Organisation.objects.create(
        region=elsewhere, name="SWV Elders", type=OrganisationType.SWV
    )
    grant_membership(user=UserFactory(), organisation=far, role=Role.SWV_SPECIALIST)
    offered = services.receiving_organisations(referrer_membership)
    assert empty not in offered and far not in offered
    with pytest.raises(ValidationError) as refused:
        send_referral(world.teacher_other_school, referrer_membership, far)
    assert "receiving_organisation" in refused.value.message_dict
    assert not Referral.objects.exists()


def test_the_education_specialist_hears_of_it_and_has_the_decision_in_mijn_acties(
    world, referrer_membership, django_capture_on_commit_callbacks
):
    # A fixed name: the mail greets its receiver, and a random Dutch first name may be "Noor".
    newcomer = UserFactory(email="specialist2@test.invalid", first_name="Sanne", last_name="Bos")
    grant_membership(user=newcomer, organisation=world.swv, role=Role.SWV_SPECIALIST)
    with django_capture_on_commit_callbacks(execute=True):
        referral = _to_swv(world, referrer_membership)
    receivers = sorted(m.to[0] for m in mail.outbox)
    assert receivers == sorted([world.swv_specialist.email, newcomer.email])
    assert world.coordinator.email not in receivers  # the school was not asked
    for message in mail.outbox:
        assert referral.reference in message.body
        assert not any(word in message.subject + message.body for word in CHILD_WORDS)

    (line,) = [a for a in actions_for(newcomer) if a.source == DECISION]
    assert line.case is None and line.subject == "Noor Aanmeldkind"
    assert not [a for a in actions_for(world.coordinator) if a.source == DECISION]
    # The SWV's functional administrator does not receive.
    assert not [a for a in actions_for(world.users["functional_admin"]) if a.source == DECISION]

    # The reminder at the term, also for a specialist who is on no team.
    assert newcomer in people_to_remind()
    arrived = timezone.localtime(referral.status_since).date()
    due = add_working_days(arrived, 10)
    mail.outbox.clear()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            send_reminders(today=due)
    (reminder,) = [m for m in mail.outbox if m.to == [newcomer.email]]
    assert reverse("referrals:detail", kwargs={"referral_id": referral.uuid}) in reminder.body
    assert not any(word in reminder.body for word in CHILD_WORDS)
    assert ReminderSent.objects.filter(user=newcomer, kind=DECISION).count() == 1


def test_accepting_opens_a_case_at_the_swv_on_the_parents_consent(
    world, referrer_membership, django_capture_on_commit_callbacks
):
    referral = _to_swv(world, referrer_membership, consent_how="gesprek")
    mail.outbox.clear()
    response = _client(world.swv_specialist).get(
        reverse("referrals:detail", kwargs={"referral_id": referral.uuid})
    )
    assert response.status_code == 200
    assert "samenwerkingsverband" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(world.swv_specialist).post(
            reverse("referrals:accept", kwargs={"referral_id": referral.uuid})
        )
    referral.refresh_from_db()
    case = referral.case
    assert case is not None
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:intake", kwargs={"case_id": case.uuid})
    assert referral.status == ReferralStatus.ACCEPTED
    assert case.regisseur == world.swv_specialist
    assert case.initiating_organisation == world.swv
    assert case.region == world.region
    # The child stays a pupil of the current school the aanmelding names.
    assert case.child.school == world.other_school
    parent = case.child.representatives.get()

    # The team: the SWV's specialist, on the parents' consent, recorded for the SWV.
    (member,) = case.team.select_related("membership__organisation")
    assert member.membership.user == world.swv_specialist
    assert member.membership.organisation == world.swv
    assert member.basis == MemberBasis.CONSENT
    consent = Consent.objects.get(case=case)
    assert consent.organisation == world.swv
    assert consent.purpose_kind == ConsentPurpose.TEAM
    assert consent.categories == [DataCategory.EDUCATION]
    assert consent.given_by_representative == parent
    assert consent.evidence == Evidence.MEETING
    assert referral.reference in consent.evidence_note
    assert consent.valid_from == referral.consent_on

    access = access_case(Actor(world.swv_specialist), case.uuid)
    assert access.is_regisseur
    assert access.categories == frozenset({DataCategory.EDUCATION})
    assert access.basis == Basis.CONSENT
    assert AccessLogEntry.objects.filter(
        case_ref=case.uuid, object_type="consent", object_id=str(consent.uuid), event="create"
    ).exists()
    # The intake is the specialist's, as regisseur.
    assert (
        _client(world.swv_specialist)
        .get(reverse("intake:intake", kwargs={"case_id": case.uuid}))
        .status_code
        == 200
    )
    # Neither the referrer nor the child's school sees the case.
    for outsider in (world.teacher_other_school, world.coordinator):
        with pytest.raises(Http404):
            access_case(Actor(outsider), case.uuid)
    to_referrer = [m for m in mail.outbox if m.to == [world.teacher_other_school.email]]
    assert len(to_referrer) == 1
    assert not any(word in to_referrer[0].body for word in CHILD_WORDS)


def test_without_a_parent_with_gezag_nothing_of_the_acceptance_is_saved(world, referrer_membership):
    referral = _to_swv(world, referrer_membership, parent_has_authority=False)
    cases_before = Case.objects.count()
    with pytest.raises(ValidationError):
        services.accept(_as_specialist(world, referral))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED and referral.case is None
    assert Case.objects.count() == cases_before
    assert not Consent.objects.filter(organisation=world.swv, case__child__last_name="Aanmeldkind")


def test_declining_tells_the_referrer_the_reason(
    world, referrer_membership, django_capture_on_commit_callbacks
):
    referral = _to_swv(world, referrer_membership)
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(world.swv_specialist).post(
            reverse("referrals:decline", kwargs={"referral_id": referral.uuid}),
            {"reason": "Past beter bij de eigen school: eerst een OPP"},
        )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED and referral.case is None
    assert referral.events.get(kind=EventKind.DECLINED).by_organisation == world.swv.name
    status = _client(world.teacher_other_school).get(
        reverse("referrals:status", kwargs={"referral_id": referral.uuid})
    )
    assert "Past beter bij de eigen school: eerst een OPP" in status.content.decode()
    (told,) = [m for m in mail.outbox if m.to == [world.teacher_other_school.email]]
    assert not any(word in told.body for word in CHILD_WORDS)


def test_another_swv_another_region_and_the_school_get_the_404(world, referrer_membership):
    referral = _to_swv(world, referrer_membership)
    other_swv = Organisation.objects.create(
        region=world.region, name="SWV Buur", type=OrganisationType.SWV
    )
    neighbour = UserFactory()
    grant_membership(user=neighbour, organisation=other_swv, role=Role.SWV_SPECIALIST)
    elsewhere = Region.objects.create(name="Elders", slug="elders")
    far_swv = Organisation.objects.create(
        region=elsewhere, name="SWV Elders", type=OrganisationType.SWV
    )
    far = UserFactory()
    grant_membership(user=far, organisation=far_swv, role=Role.SWV_SPECIALIST)
    # The SWV's own functional administrator is no receiver either.
    outsiders = [neighbour, far, world.coordinator, world.users["functional_admin"]]
    for outsider in outsiders:
        client = _client(outsider)
        for name in ("referrals:detail", "referrals:status"):
            url = reverse(name, kwargs={"referral_id": referral.uuid})
            assert client.get(url).status_code == 404, (outsider, name)
        for name in ("referrals:accept", "referrals:decline"):
            url = reverse(name, kwargs={"referral_id": referral.uuid})
            assert client.post(url, {"reason": "x"}).status_code == 404, (outsider, name)
        assert not [a for a in actions_for(outsider) if a.source == DECISION]
        assert referral.reference not in client.get(reverse("referrals:incoming")).content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED
    refused = AccessLogEntry.objects.filter(
        object_type="referral", object_id=str(referral.uuid), outcome=Outcome.DENIED
    )
    assert {entry.user_id for entry in refused} >= {neighbour.pk, far.pk}


def test_the_incoming_list_of_the_swv_keeps_its_query_budget(
    world, referrer_membership, django_assert_max_num_queries
):
    for i in range(3):
        _to_swv(world, referrer_membership, last_name=f"Aanmeldkind{'x' * i}")
    client = _client(world.swv_specialist)
    url = reverse("referrals:incoming")
    client.get(url)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.content.decode().count("Aanmeldkind") == 3
