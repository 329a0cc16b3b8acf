"""The quality contact point through its pages: who reads a concern (the reporter, the
handler at the contact point, never the organisation concerned without the family's choice),
what the handler reads of the case (only what the reporter chose), the acknowledgement term
with a frozen clock, the mails without child data, and nothing half-saved."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases.access import Actor, access_case, access_family_case
from arrangeer.cases.actions import actions_for
from arrangeer.organisations.models import Membership
from arrangeer.quality import selectors, services
from arrangeer.quality.constants import ConcernKind, ConcernStatus, SharedPart, StepKind
from arrangeer.quality.doors import open_concern
from arrangeer.quality.models import Concern, ConcernStep, ContactHandler, QualitySettings
from arrangeer.testing.auth import login_verified
from arrangeer.testing.world import World

pytestmark = pytest.mark.django_db


def client_for(world: World, name: str) -> Client:
    return login_verified(Client(), world.users[name])


def detail(world: World, concern: Concern) -> str:
    return reverse(
        "quality:detail", kwargs={"case_id": world.case.uuid, "concern_id": concern.uuid}
    )


def family_detail(world: World, concern: Concern) -> str:
    return reverse(
        "quality_family:detail", kwargs={"case_id": world.case.uuid, "concern_id": concern.uuid}
    )


def parent_reports(world: World, point, *, may_see: bool = False, parts=()) -> Concern:
    response = client_for(world, "parent").post(
        reverse("quality_family:new", kwargs={"case_id": world.case.uuid}),
        {
            "contact_point": point.pk,
            "kind": ConcernKind.EDUCATION,
            "concerned": world.school.pk,
            "what": "De leesbegeleiding gaat steeds niet door.",
            "since": (timezone.localdate() - dt.timedelta(days=20)).isoformat(),
            "tried": "Gepraat met de juf.",
            "parts": list(parts),
            **({"concerned_may_see": "on"} if may_see else {}),
        },
    )
    assert response.status_code == 302, response.content.decode()
    return Concern.objects.filter(case=world.case, from_family=True).latest("pk")


def regisseur_reports(world: World, point, *, parts=(SharedPart.TEAM,)) -> Concern:
    response = client_for(world, "coordinator").post(
        reverse("quality:new", kwargs={"case_id": world.case.uuid}),
        {
            "contact_point": point.pk,
            "kind": ConcernKind.YOUTH_CARE,
            "concerned": world.youth_team.pk,
            "what": "Afspraken over de gezinsbegeleiding worden niet nagekomen.",
            "since": (timezone.localdate() - dt.timedelta(days=40)).isoformat(),
            "tried": "Twee keer gebeld.",
            "parts": list(parts),
        },
    )
    assert response.status_code == 302, response.content.decode()
    return Concern.objects.filter(case=world.case, from_family=False).latest("pk")


def test_a_parents_report_is_read_by_the_parent_and_the_handler_never_by_the_school(world, point):
    concern = parent_reports(world, point)
    assert concern.acknowledge_due > timezone.localdate()
    assert client_for(world, "parent").get(family_detail(world, concern)).status_code == 200
    handler_page = client_for(world, "policy_officer").get(detail(world, concern))
    assert handler_page.status_code == 200
    assert "De leesbegeleiding gaat steeds niet door." in handler_page.content.decode()
    # The school is the organisation concerned: the regisseur and the teacher get the 404 of a
    # case they cannot see, and the report is not in the case's list or on the dossier.
    for name in ("coordinator", "teacher", "youth_worker"):
        assert client_for(world, name).get(detail(world, concern)).status_code == 404, name
    listing = client_for(world, "coordinator").get(
        reverse("quality:list", kwargs={"case_id": world.case.uuid})
    )
    assert str(concern.uuid) not in listing.content.decode()
    dossier = client_for(world, "coordinator").get(
        reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    )
    assert str(concern.uuid) not in dossier.content.decode()
    # The other parent and the child do not read it: the reporter's own channel.
    for name in ("parent_without_authority", "child_13"):
        response = client_for(world, name).get(family_detail(world, concern))
        assert response.status_code == 404, name
    refused = AccessLogEntry.objects.filter(
        username="coordinator", object_type="quality_concern", outcome="denied"
    )
    assert refused.exists()


def test_with_the_familys_choice_the_school_reads_the_report(world, point):
    concern = parent_reports(world, point, may_see=True)
    assert concern.concerned_may_see
    assert client_for(world, "teacher").get(detail(world, concern)).status_code == 200
    # An organisation that is not the one concerned still does not.
    assert client_for(world, "youth_worker").get(detail(world, concern)).status_code == 404


def test_the_handler_reads_only_the_case_data_the_reporter_chose(world, point):
    concern = regisseur_reports(world, point, parts=(SharedPart.TEAM,))
    body = client_for(world, "policy_officer").get(detail(world, concern)).content.decode()
    assert world.child.full_name in body  # always: whom it is about
    assert "Jeugdteam Test" in body  # the team, chosen
    assert "AVI-niveau E5" not in body  # a goal of the plan, not chosen
    assert "Teststraat" not in body  # the address: never
    assert f'href="/dossiers/{world.case.uuid}/"' not in body
    entry = AccessLogEntry.objects.filter(
        username="policy_officer", object_id=str(concern.uuid)
    ).latest("seq")
    assert entry.basis == "quality_contact"
    assert entry.organisation_name == world.municipality.name
    # The handler is not on the team: the dossier stays closed to them.
    dossier = client_for(world, "policy_officer").get(
        reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    )
    assert dossier.status_code == 404
    # The regisseur who reported it reads it; the teacher and the youth worker concerned do not.
    assert client_for(world, "coordinator").get(detail(world, concern)).status_code == 200
    for name in ("teacher", "youth_worker"):
        assert client_for(world, name).get(detail(world, concern)).status_code == 404, name


def test_a_reporter_shares_only_parts_they_may_see(world, point):
    """The youth worker may not see education; the parent without gezag not health: a part
    outside their categories is not offered, and a forged one is refused."""
    family = access_family_case(Actor(world.users["parent_without_authority"]), world.case.uuid)
    assert SharedPart.GOALS in {code for code, _ in selectors.shareable_parts(family)}
    data = selectors.shared_data(family, [SharedPart.GOALS])
    goals = " ".join(next(part for part in data if part["part"] == "doelen")["lines"])
    assert "AVI-niveau E5" in goals  # education: theirs to see
    assert "Jeugdzorgdoel" in goals  # youth care: theirs too (art. 1:377c BW)
    regie = access_case(Actor(world.coordinator), world.case.uuid)
    data = selectors.shared_data(regie, [SharedPart.GOALS, SharedPart.MODULES])
    lines = " ".join(line for part in data for line in part["lines"])
    assert "AVI-niveau E5" in lines
    assert "Jeugdzorgdoel" not in lines  # the school does not see youth care
    with pytest.raises(ValidationError):
        services.report_concern(
            regie,
            contact_point=ContactHandler.objects.get().contact_point,
            kind=ConcernKind.OTHER,
            concerned=world.youth_team,
            what="Iets",
            since=timezone.localdate(),
            parts=["adres"],
        )


def test_a_handler_of_other_kinds_does_not_see_the_concern(world, point):
    ContactHandler.objects.filter(contact_point=point).update(kinds=[ConcernKind.YOUTH_CARE])
    concern = parent_reports(world, point)  # about education
    assert client_for(world, "policy_officer").get(detail(world, concern)).status_code == 404
    assert selectors.concerns_for_handler(world.policy_officer).count() == 0


def test_the_acknowledgement_term_counts_working_days_and_shows_in_my_actions(world, point, clock):
    concern = parent_reports(world, point)
    friday = timezone.localdate()
    assert friday.weekday() == 4
    assert concern.acknowledge_due == friday + dt.timedelta(days=7)  # five working days
    lines = [
        a for a in actions_for(world.policy_officer, limit=20) if a.source == "quality_concern"
    ]
    assert [a.due for a in lines] == [concern.acknowledge_due]
    assert lines[0].url == detail(world, concern)
    assert not lines[0].is_overdue(timezone.localdate())
    clock.advance(days=8)
    assert lines[0].is_overdue(timezone.localdate())
    assert selectors.is_overdue(concern)
    page = client_for(world, "policy_officer").get(detail(world, concern)).content.decode()
    assert "De termijn om deze melding te bevestigen is verstreken." in page
    counts = selectors.concern_counts(world.region, start=friday, end=timezone.localdate())
    assert (counts.reported, counts.waiting, counts.acknowledged_late) == (1, 1, 1)
    # Acknowledged: off the list.
    client_for(world, "policy_officer").post(
        reverse(
            "quality:acknowledge", kwargs={"case_id": world.case.uuid, "concern_id": concern.uuid}
        )
    )
    assert not [
        a for a in actions_for(world.policy_officer, limit=20) if a.source == "quality_concern"
    ]


def test_the_region_sets_its_own_term(world, point, clock):
    QualitySettings.objects.create(region=world.region, acknowledge_days=3)
    concern = parent_reports(world, point)
    assert concern.acknowledge_due == timezone.localdate() + dt.timedelta(days=5)  # Wednesday
    counts_day = concern.acknowledge_due
    clock.advance(days=2)  # Sunday
    regie_view = open_concern(Actor(world.policy_officer), world.case.uuid, concern.uuid)
    services.acknowledge(regie_view)
    counts = selectors.concern_counts(
        world.region, start=counts_day - dt.timedelta(days=10), end=counts_day
    )
    assert (counts.acknowledged_in_time, counts.acknowledged_late, counts.by_family) == (1, 0, 1)


def test_acknowledge_handle_and_outcome_tell_the_reporter_without_child_data(
    world, point, django_capture_on_commit_callbacks
):
    world.users["parent"].email = "ouder@example.org"
    world.users["parent"].save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        concern = parent_reports(world, point)
    handler = client_for(world, "policy_officer")
    handle_url = reverse(
        "quality:handle", kwargs={"case_id": world.case.uuid, "concern_id": concern.uuid}
    )
    # No outcome before the acknowledgement: a clear message, nothing recorded.
    with translation.override("nl"):
        refused = handler.post(
            handle_url, {"step": "uitkomst", "note": "Klaar"}, HTTP_ACCEPT_LANGUAGE="nl"
        )
    assert "Bevestig de melding eerst." in refused.content.decode()
    assert not ConcernStep.objects.filter(concern=concern, kind=StepKind.OUTCOME).exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        handler.post(
            reverse(
                "quality:acknowledge",
                kwargs={"case_id": world.case.uuid, "concern_id": concern.uuid},
            ),
            {"note": "We nemen contact op met de school."},
        )
        handler.post(handle_url, {"step": "behandeling", "note": "Gesprek met de directeur."})
        handler.post(handle_url, {"step": "uitkomst", "note": "De begeleiding gaat weer door."})
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED
    assert len(mail.outbox) == 2  # acknowledged, closed; the handling note tells nobody
    for message in mail.outbox:
        assert message.to == ["ouder@example.org"]
        assert world.child.first_name not in message.body
        assert world.child.last_name not in message.body
        assert world.school.name not in message.body
        assert str(concern.uuid) in message.body
    page = client_for(world, "parent").get(family_detail(world, concern)).content.decode()
    assert "De begeleiding gaat weer door." in page
    assert "We nemen contact op met de school." in page
    assert "Gesprek met de directeur." not in page  # the contact point's own note
    # Closed: nothing changes any more.
    again = handler.post(handle_url, {"step": "behandeling", "note": "Nog iets"})
    assert again.status_code == 200
    assert ConcernStep.objects.filter(concern=concern).count() == 4


def test_nothing_is_half_saved(world, point):
    regie = access_case(Actor(world.coordinator), world.case.uuid)
    before = AccessLogEntry.objects.count()
    with (
        mock.patch.object(ConcernStep.objects, "create", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        services.report_concern(
            regie,
            contact_point=point,
            kind=ConcernKind.YOUTH_CARE,
            concerned=world.youth_team,
            what="Afspraken niet nagekomen",
            since=timezone.localdate(),
        )
    assert not Concern.objects.exists()
    assert AccessLogEntry.objects.count() == before


def test_bad_input_gets_a_clear_dutch_message(world, point):
    client = client_for(world, "coordinator")
    url = reverse("quality:new", kwargs={"case_id": world.case.uuid})
    response = client.post(
        url,
        {
            "contact_point": point.pk,
            "kind": ConcernKind.YOUTH_CARE,
            "concerned": world.youth_team.pk,
            "what": "  ",
            "since": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        },
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="foutoverzicht"' in body
    assert "Beschrijf de zorg." in body
    assert not Concern.objects.exists()
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        services.report_concern(
            access_case(Actor(world.coordinator), world.case.uuid),
            contact_point=point,
            kind=ConcernKind.YOUTH_CARE,
            concerned=world.youth_team,
            what="Zorg",
            since=timezone.localdate() + dt.timedelta(days=3),
        )
    assert refused.value.message_dict["since"] == ["De datum kan niet in de toekomst liggen."]
    # The family's form in plain words.
    family = client_for(world, "parent").post(
        reverse("quality_family:new", kwargs={"case_id": world.case.uuid}),
        {"contact_point": point.pk},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert "Schrijf op waar u zich zorgen over maakt." in family.content.decode()


def test_only_the_regisseur_reports_for_the_team(world, point):
    access = access_case(Actor(world.teacher), world.case.uuid)
    with pytest.raises(PermissionDenied):
        services.report_concern(
            access,
            contact_point=point,
            kind=ConcernKind.OTHER,
            concerned=world.school,
            what="x",
            since=timezone.localdate(),
        )


def test_the_desk_lists_the_handlers_concerns_with_a_query_budget(
    world, point, django_assert_max_num_queries
):
    for _ in range(3):
        parent_reports(world, point)
    regisseur_reports(world, point)
    client = client_for(world, "policy_officer")
    with django_assert_max_num_queries(25):
        response = client.get(reverse("quality_desk:index"))
    assert response.status_code == 200
    assert response.content.decode().count('href="/dossiers/') == 4
    assert client_for(world, "teacher").get(reverse("quality_desk:index")).status_code == 404
    # A handler whose membership ended has no desk.
    Membership.objects.filter(user=world.policy_officer).update(is_active=False)
    assert client.get(reverse("quality_desk:index")).status_code == 404


def test_the_whole_file_holds_the_readers_own_concerns_without_the_handling_notes(world, point):
    concern = parent_reports(world, point)
    regisseurs = regisseur_reports(world, point)
    view = open_concern(Actor(world.policy_officer), world.case.uuid, concern.uuid)
    services.acknowledge(view, note="We bellen de school.")
    services.record_handling(view, note="Intern: directeur gebeld.")
    family_file = client_for(world, "parent").get(
        reverse("portal:download_json", kwargs={"case_id": world.case.uuid})
    )
    body = family_file.content.decode()
    assert "De leesbegeleiding gaat steeds niet door." in body
    assert "We bellen de school." in body
    assert "Intern: directeur gebeld." not in body
    assert regisseurs.what not in body  # the regisseur's report is not the family's
    team_file = client_for(world, "coordinator").get(
        reverse("cases:export_json", kwargs={"case_id": world.case.uuid})
    )
    body = team_file.content.decode()
    assert regisseurs.what in body
    assert "De leesbegeleiding gaat steeds niet door." not in body  # about the school itself


@pytest.mark.parametrize("persona", ["parent", "child_13"])
def test_the_family_pages_speak_to_their_reader(world, point, persona):
    """The young person as "je", a parent as "u" (docs/portal.md), on every page of theirs."""
    from arrangeer.portal.tests.test_audience import (
        TO_A_PARENT,
        TO_THE_YOUNG,
        _said,
        _visible_words,
    )

    client = client_for(world, persona)
    case = {"case_id": world.case.uuid}
    new = reverse("quality_family:new", kwargs=case)
    sent = client.post(new, {"contact_point": point.pk}, HTTP_ACCEPT_LANGUAGE="nl")
    assert sent.status_code == 200
    pages = [
        client.get(reverse("quality_family:list", kwargs=case), HTTP_ACCEPT_LANGUAGE="nl"),
        client.get(new, HTTP_ACCEPT_LANGUAGE="nl"),
        sent,
    ]
    response = client.post(
        new,
        {
            "contact_point": point.pk,
            "kind": ConcernKind.YOUTH_CARE,
            "concerned": world.youth_team.pk,
            "what": "Ze komen niet op tijd.",
            "since": timezone.localdate().isoformat(),
        },
        HTTP_ACCEPT_LANGUAGE="nl",
        follow=True,
    )
    pages.append(response)
    words = [_visible_words(page.content.decode()) for page in pages]
    wrong = TO_A_PARENT if persona == "child_13" else TO_THE_YOUNG
    assert not [_said(w, wrong) for w in words if _said(w, wrong)]
    expected = " waar maak je je zorgen over " if persona == "child_13" else " waar maakt u "
    assert expected in words[1]
