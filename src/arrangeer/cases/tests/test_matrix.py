"""The authorization matrix: every URL that touches child data, every persona, the actions
list, detail, search and export. Expected: allowed (the page) or 404 — never a hint that the
child exists. A coverage gate fails when a URL with a case in it is missing here.

The expectations are written out by hand from the rules of the issue, not derived from the
code under test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

from arrangeer.cases import regie
from arrangeer.cases.access import Actor, access_case
from arrangeer.testing.auth import login_verified
from arrangeer.testing.meetings import matrix_meeting
from arrangeer.testing.world import World, build_world

PERSONAS = [
    "coordinator",  # regisseur, school's legal task
    "teacher",  # same school, on the team (legal task)
    "school_colleague",  # same school, not on the team
    "teacher_other_school",
    "youth_worker",  # on the team by consent (jeugdhulp, gezin)
    "youth_worker_off_team",  # same organisation, not on the team
    "swv_specialist",  # on the team by consent (onderwijs)
    "leerplicht",  # legal task while there is absence
    "care_worker_withdrawn",  # was on the team; the consent was withdrawn
    "care_worker_proposed",  # proposed, not yet approved
    "emergency_worker",  # break-the-glass, 24 hours
    "policy_officer",
    "functional_admin",
    "superuser",
    "parent",  # with parental authority: their pages are the portal, not these
    "parent_without_authority",
    "child_11",
    "child_13",
    "child_17",
    "anonymous",
]
SEES_CASE = {
    "coordinator",
    "teacher",
    "youth_worker",
    "swv_specialist",
    "leerplicht",
    "emergency_worker",
}
REGISSEUR = {"coordinator"}
# What each persona who sees the case may see of it.
CATEGORIES = {
    "coordinator": {"onderwijs"},
    "teacher": {"onderwijs"},
    "youth_worker": {"jeugdhulp", "gezin"},
    "swv_specialist": {"onderwijs"},
    "leerplicht": {"onderwijs"},
    "emergency_worker": {"onderwijs", "jeugdhulp", "gezondheid", "gezin", "veiligheid"},
}
SEES_BSN = {"coordinator", "youth_worker", "swv_specialist", "leerplicht"}
# Who may write the plan: a place on the team (emergency access reads only).
WRITERS = SEES_CASE - {"emergency_worker"}
# Who may write an item of the category onderwijs (the world's education goal and module).
EDUCATION_WRITERS = {p for p in WRITERS if "onderwijs" in CATEGORIES[p]}
SEES_EDUCATION = {p for p in SEES_CASE if "onderwijs" in CATEGORIES[p]}

# The portal: the parents (with and without gezag) and the child itself from 12.
FAMILY = {"parent", "parent_without_authority", "child_13"}
# Consent from 12 to 16: the parent with gezag and the child together.
FAMILY_DECIDES = {"parent", "child_13"}

# Every URL with a case in it: (method, who may use it, extra URL arguments).
MATRIX: dict[str, tuple[str, set[str]]] = {
    "cases:detail": ("GET", SEES_CASE),
    "cases:team": ("GET", SEES_CASE),
    "cases:flags": ("GET", REGISSEUR),
    "cases:close": ("GET", REGISSEUR),
    "cases:consents": ("GET", REGISSEUR),
    "cases:consent_new": ("GET", REGISSEUR),
    "cases:consent_withdraw": ("POST", REGISSEUR),
    "cases:member_approve": ("POST", REGISSEUR),
    "cases:member_refuse": ("POST", REGISSEUR),
    "cases:member_end": ("POST", REGISSEUR),
    "cases:access_log": ("GET", REGISSEUR),
    "cases:history": ("GET", REGISSEUR),
    "cases:export_json": ("GET", REGISSEUR),
    "cases:export_pdf": ("GET", REGISSEUR),
    # The REST API: the same rules, through the same access layer.
    "api:case": ("GET", SEES_CASE),
    "api:case_close": ("POST", REGISSEUR),
    "api:team": ("GET", SEES_CASE),
    "api:team_approve": ("POST", REGISSEUR),
    "api:team_refuse": ("POST", REGISSEUR),
    "api:team_end": ("POST", REGISSEUR),
    "api:consents": ("GET", REGISSEUR),
    "api:consent_withdraw": ("POST", REGISSEUR),
    "api:access_log": ("GET", REGISSEUR),
    "cases:route": ("GET", SEES_CASE),
    # Moving on: the regisseur, and who acts in the current step (Waarnemen: the teacher).
    "cases:move": ("POST", REGISSEUR | {"teacher"}),
    # The GP/OPP is the school's: the regisseur and the child's school on the team.
    "cases:school_plan": ("GET", REGISSEUR | {"teacher"}),
    "cases:regie_propose": ("POST", REGISSEUR),
    # The regie was offered to the youth worker: only they accept or decline.
    "cases:regie_accept": ("POST", {"youth_worker"}),
    "cases:regie_decline": ("POST", {"youth_worker"}),
    "cases:regie_withdraw": ("POST", REGISSEUR),
    "plans:plan": ("GET", SEES_CASE),
    "plans:item_new": ("GET", WRITERS),
    "plans:item_edit": ("GET", EDUCATION_WRITERS),
    "plans:item_remove": ("POST", EDUCATION_WRITERS),
    "plans:measurement_new": ("GET", EDUCATION_WRITERS),
    "plans:delivery_new": ("GET", EDUCATION_WRITERS),
    "plans:send": ("POST", REGISSEUR),
    "plans:agreement": ("GET", REGISSEUR),
    "plans:adopt": ("GET", REGISSEUR),
    "plans:adjust": ("GET", REGISSEUR),
    "plans:versions": ("GET", SEES_CASE),
    "plans:version": ("GET", SEES_CASE),
    "plans:compare": ("GET", SEES_CASE),
    "plans:pdf": ("GET", SEES_CASE),
    "plans:evaluation_new": ("GET", REGISSEUR),
    "plans:goal_rating": ("POST", EDUCATION_WRITERS),
    "plans:attachments": ("GET", SEES_CASE),
    "plans:attachment": ("GET", SEES_EDUCATION),
    "plans:attachment_remove": ("POST", EDUCATION_WRITERS),
    # The portal (issue 7): the family of this child only. The world's child is 13; child_11
    # and child_17 are other children's accounts. No professional reaches a portal page.
    "portal:home": ("GET", FAMILY),
    "portal:consents": ("GET", FAMILY),
    "portal:consent_withdraw": ("POST", FAMILY_DECIDES),
    "portal:agreement": ("GET", FAMILY),
    "portal:our_view": ("GET", FAMILY),
    # "Hoe denk jij erover?": the child itself; a professional on the team with the child.
    "portal:child_view": ("GET", {"child_13"}),
    "portal:child_view_together": ("GET", SEES_CASE),
    "portal:questionnaire": ("GET", FAMILY),
    # From 16 the young person chooses what parents see: the world's child is 13, so nobody.
    "portal:share_with_parents": ("POST", set()),
    # Who looked and the download: the parent with gezag while the child is under 16.
    "portal:who_looked": ("GET", {"parent"}),
    "portal:download": ("GET", {"parent"}),
    "portal:invite": ("GET", REGISSEUR),
    # The MDO (issue 6): the meeting belongs to the case, so who sees the case sees it (within
    # their categories); the regisseur, here also the chair, plans, invites, records and
    # approves. The chair and the teacher are invited (the parents approved): they answer
    # their invitation and prepare.
    "meetings:list": ("GET", SEES_CASE),
    "meetings:detail": ("GET", SEES_CASE),
    "meetings:new": ("GET", REGISSEUR),
    "meetings:edit": ("GET", REGISSEUR),
    "meetings:cancel": ("POST", REGISSEUR),
    "meetings:agenda_add": ("POST", REGISSEUR),
    "meetings:agenda_move": ("POST", REGISSEUR),
    "meetings:invitee_add": ("POST", REGISSEUR),
    "meetings:invitee_decide": ("GET", REGISSEUR),
    "meetings:send": ("POST", REGISSEUR),
    "meetings:respond": ("POST", REGISSEUR | {"teacher"}),
    "meetings:prepare": ("GET", REGISSEUR | {"teacher"}),
    "meetings:record": ("GET", REGISSEUR),
    "meetings:decision_add": ("POST", REGISSEUR),
    "meetings:action_add": ("POST", REGISSEUR),
    "meetings:approve": ("POST", REGISSEUR),
    # The action's owner (the teacher) marks it done, and the chair.
    "meetings:action_done": ("POST", REGISSEUR | {"teacher"}),
    # Minutes are shared with the participants (the chair and the invited teacher).
    "meetings:pdf": ("GET", REGISSEUR | {"teacher"}),
}
# The REST API, second slice (issue 8): route, regie, plan, items, FHIR. Same rules as the
# pages above; in the API a refused write is a 404 too.
SEES_FAMILY = {p for p in SEES_CASE if "gezin" in CATEGORIES[p]}
MATRIX.update(
    {
        "api:child": ("GET", SEES_CASE),
        "api:route": ("GET", SEES_CASE),
        "api:timeline": ("GET", SEES_CASE),
        "api:transitions": ("POST", REGISSEUR | {"teacher"}),
        "api:school_plan": ("POST", REGISSEUR | {"teacher"}),
        "api:regie_transfers": ("GET", SEES_CASE),
        "api:regie_accept": ("POST", {"youth_worker"}),
        "api:plan": ("GET", SEES_CASE),
        "api:plan_versions": ("GET", SEES_CASE),
        "api:plan_version": ("GET", SEES_CASE),
        "api:plan_diff": ("GET", SEES_CASE),
        "api:plan_send": ("POST", REGISSEUR),
        "api:plan_agreements": ("POST", REGISSEUR),
        "api:plan_adopt": ("POST", REGISSEUR),
        "api:plan_adjust": ("POST", REGISSEUR),
        "api:plan_domain_list": ("GET", SEES_CASE),
        "api:plan_network_list": ("GET", SEES_CASE),
        "api:plan_need_list": ("GET", SEES_CASE),
        "api:plan_goal_list": ("GET", SEES_CASE),
        "api:plan_module_list": ("GET", SEES_CASE),
        "api:plan_domain": ("GET", SEES_EDUCATION),
        "api:plan_network": ("GET", SEES_FAMILY),
        "api:plan_need": ("GET", SEES_EDUCATION),
        "api:plan_goal": ("GET", SEES_EDUCATION),
        "api:plan_module": ("GET", SEES_EDUCATION),
        "api:plan_measurements": ("GET", SEES_EDUCATION),
        "api:plan_deliveries": ("GET", SEES_EDUCATION),
        "api:plan_evaluations": ("GET", SEES_CASE),
        "api:fhir": ("GET", SEES_CASE),
    }
)
# The MDO in the API (issues 6 and 8): the same rules as the meetings' pages. Who sees the case
# reads its meetings (the minutes within what the selectors show them); the regisseur, here
# also the chair, plans, changes, invites, records the parents' answer, sends, records and
# approves; the invited teacher (and the chair) answer their own invitation.
MATRIX.update(
    {
        "api:meetings": ("GET", SEES_CASE),
        "api:meeting": ("GET", SEES_CASE),
        "api:meeting_cancel": ("POST", REGISSEUR),
        "api:meeting_agenda": ("GET", SEES_CASE),
        "api:meeting_agenda_item": ("DELETE", REGISSEUR),
        "api:meeting_invitees": ("GET", SEES_CASE),
        "api:meeting_invitee_approve": ("POST", REGISSEUR),
        "api:meeting_invitee_refuse": ("POST", REGISSEUR),
        "api:meeting_send": ("POST", REGISSEUR),
        "api:meeting_respond": ("POST", REGISSEUR | {"teacher"}),
        "api:meeting_record": ("POST", REGISSEUR),
        "api:meeting_decisions": ("GET", SEES_CASE),
        "api:meeting_actions": ("GET", SEES_CASE),
        "api:meeting_approve": ("POST", REGISSEUR),
    }
)
# Who sees the case but is refused a write with 403 rather than 404: emergency access reads
# the plan and may not change it (it knows the case exists, so 404 would hide nothing).
REFUSED: dict[str, set[str]] = {
    name: {"emergency_worker"}
    for name in (
        "plans:item_new",
        "plans:item_edit",
        "plans:item_remove",
        "plans:measurement_new",
        "plans:delivery_new",
        "plans:goal_rating",
        "plans:attachment_remove",
    )
}
# A parent without gezag sees the portal, and is refused consent (art. 1:377c BW: no say).
REFUSED["portal:consent_withdraw"] = {"parent_without_authority"}
REFUSED["portal:share_with_parents"] = FAMILY
# The parents decide in the portal who comes to the MDO (issues 6 and 7): the family of this
# child reads who is proposed (a parent with gezag decides; tests/test_meeting_invitees.py
# holds the 403 for the others' POST); no professional reaches it.
MATRIX["portal:invitees"] = ("GET", FAMILY)
# Their input before the MDO: a parent with gezag writes, the young person writes their own
# view, the parent without gezag reads (the POST's 403 is in test_meeting_preparation.py).
MATRIX["portal:meeting_preparation"] = ("GET", FAMILY)


def _patterns(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + str(entry.pattern), namespace + entry.name


def test_every_url_with_a_case_in_it_is_in_the_matrix():
    with_case = {name for route, name in _patterns(get_resolver()) if "<uuid:case_id>" in route}
    assert with_case, "no case URLs found: the gate would pass vacuously"
    assert with_case == set(MATRIX), (
        f"missing from the matrix: {with_case - set(MATRIX)}; stale: {set(MATRIX) - with_case}"
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world(with_plan=True)
        regie_access = access_case(Actor(built.coordinator), built.case.uuid)
        built.regie_transfer = regie.propose_regie_transfer(
            regie_access, to_member=built.members["youth_worker"], reason="Zorg staat voorop"
        )
        built.meeting = matrix_meeting(built)
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def clients(world, django_db_blocker) -> dict[str, Client]:
    with django_db_blocker.unblock():
        made = {
            name: login_verified(Client(), world.users[name])
            for name in PERSONAS
            if name != "anonymous"
        }
    made["anonymous"] = Client()
    return made


def _kwargs(world: World, name: str) -> dict[str, object]:
    kwargs: dict[str, object] = {"case_id": world.case.uuid}
    if name.startswith(("cases:member_", "api:team_")):
        kwargs["member_id"] = world.members["care_worker_proposed"].pk
    if name.startswith("cases:regie_") and name != "cases:regie_propose":
        kwargs["transfer_id"] = world.regie_transfer.pk
    if name in ("cases:consent_withdraw", "api:consent_withdraw", "portal:consent_withdraw"):
        kwargs["consent_id"] = world.case.consents.get(organisation=world.swv).uuid
    plan = world.plan
    assert plan is not None
    if name in ("plans:item_new", "plans:item_edit", "plans:item_remove"):
        kwargs["slug"] = "doelen"
    if name in (
        "plans:item_edit",
        "plans:item_remove",
        "plans:measurement_new",
        "plans:goal_rating",
    ):
        kwargs["item_id"] = plan.education_goal.uuid
    if name == "plans:delivery_new":
        kwargs["item_id"] = plan.education_module.uuid
    if name == "plans:goal_rating":
        kwargs["evaluation_id"] = plan.evaluation.uuid
    if name in ("plans:version", "api:plan_version"):
        kwargs["number"] = 1
    if name == "api:regie_accept":
        kwargs["transfer_id"] = world.regie_transfer.pk
    api_items = {
        "api:plan_domain": plan.domain_education,
        "api:plan_network": plan.person,
        "api:plan_need": plan.needs[0],
        "api:plan_goal": plan.education_goal,
        "api:plan_module": plan.education_module,
        "api:plan_measurements": plan.education_goal,
        "api:plan_deliveries": plan.education_module,
    }
    if name in api_items:
        kwargs["item_id"] = api_items[name].uuid
    if name in ("plans:attachment", "plans:attachment_remove"):
        kwargs["attachment_id"] = plan.attachment.uuid
    if name.startswith("meetings:") and name not in ("meetings:list", "meetings:new"):
        kwargs["meeting_id"] = world.meeting.uuid
    if name == "meetings:agenda_move":
        kwargs["item_id"] = world.meeting.agenda.order_by("position").first().pk
    if name == "meetings:invitee_decide":
        kwargs["invitee_id"] = world.meeting.invitees.get(team_member=world.members["teacher"]).uuid
    if name == "meetings:action_done":
        kwargs["action_id"] = world.meeting.actions.get().uuid
    if name.startswith("api:meeting_") or name == "api:meeting":
        kwargs["meeting_id"] = world.meeting.uuid
    if name == "api:meeting_agenda_item":
        kwargs["item_id"] = world.meeting.agenda.order_by("position").first().pk
    if name in ("api:meeting_invitee_approve", "api:meeting_invitee_refuse"):
        kwargs["invitee_id"] = world.meeting.invitees.get(team_member=world.members["teacher"]).uuid
    if name in ("portal:invitees", "portal:meeting_preparation"):
        kwargs["meeting_id"] = world.meeting.uuid
    return kwargs


COUNTED: dict[str, int] = {"combinations": 0}


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix(world, clients, persona, url_name):
    method, allowed = MATRIX[url_name]
    url = reverse(url_name, kwargs=_kwargs(world, url_name))
    client = clients[persona]
    is_api = url_name.startswith("api:")
    with transaction.atomic():
        if method == "POST":
            response = (
                client.post(url, "{}", content_type="application/json")
                if is_api
                else client.post(url, {})
            )
        elif method == "DELETE":
            response = client.delete(url)
        else:
            response = client.get(url)
        transaction.set_rollback(True)  # a permitted POST must not change the shared world
    COUNTED["combinations"] += 1
    if persona == "anonymous":
        if is_api:
            assert response.status_code in (401, 403)
        else:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login"))
    elif persona in REFUSED.get(url_name, set()):
        assert response.status_code == 403, f"{persona} got {response.status_code} on {url_name}"
    elif persona in allowed:
        if is_api:
            # Past the access check: the answer itself (200/201, 400 for the empty body, 409
            # for a step of the lifecycle the state does not allow).
            assert response.status_code in (200, 201, 400, 409), response.status_code
        else:
            assert response.status_code in (200, 302), response.status_code
            if response.status_code == 302:
                assert "/dossiers/" in response["Location"] or "/gezin/" in response["Location"]
    else:
        assert response.status_code == 404, f"{persona} got {response.status_code} on {url_name}"
        assert world.child.last_name.encode() not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["list", "search"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_list_and_search_show_the_case_exactly_to_those_who_may_see_it(
    world, clients, persona, action
):
    query = {"q": world.child.last_name} if action == "search" else {}
    response = clients[persona].get(reverse("cases:list"), query)
    COUNTED["combinations"] += 1
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    shown = str(world.case.uuid) in response.content.decode()
    assert shown == (persona in SEES_CASE), f"{persona} {action}"
    # The closed case is in nobody's list.
    assert str(world.closed_case.uuid) not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", ["cases:detail", "cases:team", "cases:export_json"])
def test_a_closed_case_is_reachable_by_nobody(world, clients, persona, url_name):
    url = reverse(url_name, kwargs={"case_id": world.closed_case.uuid})
    response = clients[persona].get(url)
    COUNTED["combinations"] += 1
    assert response.status_code == (302 if persona == "anonymous" else 404)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", sorted(SEES_CASE))
def test_fields_outside_the_viewers_categories_are_absent_not_blanked(world, clients, persona):
    body = (
        clients[persona]
        .get(reverse("cases:detail", kwargs={"case_id": world.case.uuid}))
        .content.decode()
    )
    COUNTED["combinations"] += 1
    categories = CATEGORIES[persona]
    assert ('data-field="group"' in body) == ("onderwijs" in categories)
    assert ("groep 8" in body) == ("onderwijs" in categories)
    assert ('data-field="address"' in body) == ("gezin" in categories)
    assert ("Teststraat" in body) == ("gezin" in categories)
    assert ("111222333" in body) == (persona in SEES_BSN)
    for category in ("onderwijs", "jeugdhulp", "gezondheid", "gezin", "veiligheid"):
        expected = "yes" if category in categories else "no"
        assert f'data-category="{category}" data-allowed="{expected}"' in body


def pdf_text(body: bytes) -> str:
    """The text drawn in a PDF (ReportLab compresses its page streams)."""
    import base64
    import zlib

    found = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", body, re.DOTALL):
        data = stream
        if data.rstrip().endswith(b"~>"):  # ASCII85 around the Flate stream
            data = base64.a85decode(data.rstrip()[:-2], ignorechars=b" \t\n\r\v")
        try:
            found.append(zlib.decompressobj().decompress(data).decode("latin-1"))
        except zlib.error:
            found.append(data.decode("latin-1"))
    return "\n".join(found)


# Marker text of one plan item per category (see testing/plans.py).
PLAN_MARKERS = {
    "AVI-niveau E5": "onderwijs",  # education goal
    "Jeugdzorgdoel": "jeugdhulp",  # care goal
    "Jeugdzorggeheim": "jeugdhulp",  # life-domain entry
    "Jeugdzorgmodule": "jeugdhulp",  # care module
    "Oma Truus": "gezin",  # a person around the child
    "Opvoedondersteuning": "gezin",  # support need of the parents
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", sorted(SEES_CASE))
@pytest.mark.parametrize(
    "page", ["cases:detail", "plans:plan", "plans:version", "plans:pdf", "plans:compare"]
)
def test_plan_items_outside_the_viewers_categories_are_absent(world, clients, persona, page):
    kwargs: dict[str, object] = {"case_id": world.case.uuid}
    query = ""
    if page == "plans:version":
        kwargs["number"] = 1
    if page == "plans:pdf":
        query = "?versie=1"
    if page == "plans:compare":
        # The draft changed both goals since version 1.
        query = "?van=1&met=concept"
    response = clients[persona].get(reverse(page, kwargs=kwargs) + query)
    COUNTED["combinations"] += 1
    assert response.status_code == 200
    body = pdf_text(response.content) if page == "plans:pdf" else response.content.decode()
    categories = CATEGORIES[persona]
    for marker, category in PLAN_MARKERS.items():
        if page == "plans:compare" and marker not in ("AVI-niveau E5", "Jeugdzorgdoel"):
            continue  # only the goals changed between the two
        assert (marker in body) == (category in categories), f"{persona} {page} {marker}"


@pytest.mark.django_db
def test_an_unknown_case_id_looks_exactly_like_a_forbidden_one(world, clients):
    import uuid

    client = clients["teacher_other_school"]
    forbidden = client.get(reverse("cases:detail", kwargs={"case_id": world.case.uuid}))
    other = uuid.uuid4()
    unknown = client.get(reverse("cases:detail", kwargs={"case_id": other}))
    assert forbidden.status_code == unknown.status_code == 404

    # Identical but for the requested address (echoed in the language form) and the
    # per-response masking of the CSRF token.
    def normal(body: bytes, case_id: object) -> str:
        text = body.decode().replace(str(case_id), "X")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)

    assert normal(forbidden.content, world.case.uuid) == normal(unknown.content, other)


def test_print_the_number_of_combinations_checked(capsys):
    # Runs last in this module (pytest keeps file order); the count is in the test output.
    with capsys.disabled():
        print(f"\nauthorization matrix: {COUNTED['combinations']} combinations checked")
    assert COUNTED["combinations"] >= len(MATRIX) * len(PERSONAS)
