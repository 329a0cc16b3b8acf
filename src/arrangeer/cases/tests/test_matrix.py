"""The authorization matrix: every URL that touches child data, every persona, the actions
list, detail, search and export. Expected: allowed (the page) or 404 — never a hint that the
child exists. A coverage gate fails when a URL with a case in it is missing here.

The expectations are written out by hand from the rules of the issue, not derived from the
code under test.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

from arrangeer.cases import regie
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, access_case
from arrangeer.testing.auth import login_verified
from arrangeer.testing.escalations import matrix_escalation
from arrangeer.testing.exports import matrix_file_export
from arrangeer.testing.groups import matrix_group
from arrangeer.testing.loket import matrix_loket
from arrangeer.testing.meetings import matrix_meeting
from arrangeer.testing.pdf import pdf_text
from arrangeer.testing.quality import matrix_concerns
from arrangeer.testing.referrals import matrix_referral
from arrangeer.testing.world import World, build_world

# Once per `make test`, in the PostgreSQL pass: the production database (testing/passes.py).
pytestmark = pytest.mark.one_pass("postgres")

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
FAMILY_ACCOUNTS = {"parent", "parent_without_authority", "child_11", "child_13", "child_17"}
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
    # The PDF that one regisseur asked for: only they download it (world.file_export is the
    # coordinator's); every other regisseur-level reader gets the 404 of anyone else.
    "cases:export_pdf_download": ("GET", {"coordinator"}),
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
    # The regisseur's own checklist: only they tick it.
    "cases:checklist_tick": ("POST", REGISSEUR),
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
    # The decision of the care module (an iJw toewijzing): the youth team records it.
    "plans:decision": ("GET", {"youth_worker"}),
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
    "portal:download_json": ("GET", {"parent"}),
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
        "api:plan_module_decisions": ("GET", {"youth_worker", "emergency_worker"}),
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
        "plans:decision",
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
# What the family gave: whoever sees the case reads it (within their categories); only the
# regisseur marks it as read.
MATRIX["portal:from_family"] = ("GET", SEES_CASE)

# The escalatieladder (issue 17): the team sees the case's escalations (emergency access alone
# is not the team); a level above the team only the escalation at its level, not the dossier.
# The world's escalation is at level 2, a role at the parties (the school and the
# municipality): the policy officer of the municipality sits there and decides. A party on
# the team (the school: coordinator, teacher) asks the next level; the raiser, here the
# regisseur, withdraws.
TEAM = WRITERS
AT_THE_LEVEL = {"policy_officer"}
SCHOOL_PARTY = REGISSEUR | {"teacher"}
MATRIX.update(
    {
        "escalations:list": ("GET", TEAM | AT_THE_LEVEL),
        "escalations:new": ("GET", TEAM),
        "escalations:detail": ("GET", TEAM | AT_THE_LEVEL),
        "escalations:decide": ("GET", AT_THE_LEVEL),
        "escalations:move_up": ("POST", SCHOOL_PARTY),
        "escalations:withdraw": ("POST", REGISSEUR),
        # The same in the API, through the same door and selectors.
        "api:escalations": ("GET", TEAM | AT_THE_LEVEL),
        "api:escalation": ("GET", TEAM | AT_THE_LEVEL),
        "api:escalation_decide": ("POST", AT_THE_LEVEL),
        "api:escalation_move_up": ("POST", SCHOOL_PARTY),
        "api:escalation_withdraw": ("POST", REGISSEUR),
        # The regisseur's checklist: only they read it and tick it.
        "api:checklist": ("GET", REGISSEUR),
        "api:checklist_item": ("GET", REGISSEUR),
    }
)

# The aanmelding (issue 19): the world's case was accepted from an aanmelding; its intake and
# keeping the referrer informed are the regisseur's. The referrer's own pages carry no case
# (referrals/tests/test_referral_matrix.py). The Meldcode and the Verwijsindex: only who reads
# safety data (here the emergency access) sees them; recording them needs a team place, so
# emergency access is refused (403) and nobody else of the world's team reads safety data.
SEES_SAFETY = {p for p in SEES_CASE if "veiligheid" in CATEGORIES[p]}
MATRIX.update(
    {
        "intake:intake": ("GET", REGISSEUR),
        "intake:started": ("POST", REGISSEUR),
        "intake:ended": ("POST", REGISSEUR),
        "meldcode:overview": ("GET", SEES_SAFETY),
        "meldcode:step_new": ("GET", set()),
        "meldcode:signal_new": ("GET", set()),
    }
)
REFUSED["meldcode:step_new"] = SEES_SAFETY
REFUSED["meldcode:signal_new"] = SEES_SAFETY

# The quality contact point (issue 20): the regisseur reports a concern and reads the case's
# concerns (the team reads the list, which shows each only what they may read); the handler at
# the contact point (the municipality's policy officer) reads the concern, not the dossier, and
# acknowledges and handles it. The world's concern on these pages is the parent's report about
# the school, not shared with the school: the school (coordinator, teacher) must not see it.
# In the portal the family reports; only the parent who reported reads the report.
HANDLER = {"policy_officer"}
MATRIX.update(
    {
        "quality:list": ("GET", TEAM),
        "quality:new": ("GET", REGISSEUR),
        "quality:detail": ("GET", HANDLER),
        "quality:acknowledge": ("POST", HANDLER),
        "quality:handle": ("GET", HANDLER),
        "quality_family:list": ("GET", FAMILY),
        "quality_family:new": ("GET", FAMILY),
        "quality_family:detail": ("GET", {"parent"}),
    }
)

# The warm handover (issue 20): who sees the case reads its next transition and the plan's
# handover view (within their categories); the regisseur sets the transition, proposes the
# receiving school, records the family's consent and agreement to the regie, ends or cancels
# the handover, reads in a pupil file and makes the summary. The world has no receiving
# school: the receiving coordinator's access before and after consent and after the handover
# is walked in transitions/tests/test_handover.py.
MATRIX.update(
    {
        "transitions:detail": ("GET", SEES_CASE),
        "transitions:edit": ("GET", REGISSEUR),
        "transitions:propose": ("GET", REGISSEUR),
        "transitions:consent": ("GET", REGISSEUR),
        # The handover MDO is planned by the regisseur; the meeting's own pages follow the
        # MDO's rows (meetings:*); the receiver's access to it is in test_handover_meeting.py.
        "transitions:meeting": ("GET", REGISSEUR),
        "transitions:regie": ("POST", REGISSEUR),
        "transitions:complete": ("POST", REGISSEUR),
        "transitions:cancel": ("POST", REGISSEUR),
        "transitions:import": ("GET", REGISSEUR),
        "transitions:summary_pdf": ("GET", REGISSEUR),
        "transitions:summary_json": ("GET", REGISSEUR),
    }
)

# Group arrangements (issue 18): the world's child has a place in a running Startklas of the
# region. Its intake and outflow are recorded through the child's case by a team member who
# writes the plan's education (the place is an education module in the child's own plan);
# emergency access reads and the youth worker does not write education: 404.
MATRIX.update(
    {
        "groups:intake_decide": ("GET", EDUCATION_WRITERS),
        "groups:outflow": ("GET", EDUCATION_WRITERS),
    }
)
# The Integraal Loket (issue 19). The world's regisseur asked the world's Loket, whose adviser
# (no persona here: tests in loket/tests) advised a partner and a module. The gouden
# driehoek's people on the team ask (the teacher and leerplicht know the case: 403); the
# team reads the question and the advice; only the Loket's adviser writes it; the regisseur,
# who asked, takes the module into the plan and records the follow-up. The match in both
# domains is told to its contact on the case's side, the regisseur, who proposes the other
# side for the team; the rest of the team does not know of it (404).
LOKET_ASKERS = {"coordinator", "swv_specialist", "youth_worker"}
MATRIX.update(
    {
        "loket:new": ("GET", LOKET_ASKERS),
        "loket:detail": ("GET", TEAM),
        "loket:advise": ("GET", set()),
        # The gouden driehoek: only the Loket's adviser plans it (loket/tests/test_driehoek.py).
        "loket:meeting": ("GET", set()),
        "loket:take_over": ("GET", REGISSEUR),
        "loket:follow_up": ("POST", REGISSEUR),
        "loket:known_propose": ("POST", REGISSEUR),
    }
)
# The vrijstellingen van de leerplicht (issue 16): who reads the case's education data reads
# them; only leerplicht on the team records one (the others who see the page: 404 on POST).
MATRIX["exemptions:overview"] = ("GET", SEES_EDUCATION)
# Schoolsucces na een jaar (issue 16): reached only by leerplicht of the child's municipality,
# a year after the case closed; the world's open case is nobody's through it (the closed one:
# test_the_school_success_check_is_leerplichts_a_year_after_closing below).
MATRIX["enrolment:record"] = ("GET", set())
REFUSED["loket:new"] = TEAM - LOKET_ASKERS
REFUSED["loket:take_over"] = TEAM - REGISSEUR
REFUSED["loket:follow_up"] = TEAM - REGISSEUR


# Every other method a page or endpoint accepts (the gate below checks the list against the
# views): who may use it. A web form's POST is for who may open the form; the API's writes on
# an item are for who may write its data category.
EDUCATION_ITEM_WRITERS = EDUCATION_WRITERS
FAMILY_WRITERS = {p for p in WRITERS if "gezin" in CATEGORIES[p]}
OTHER_METHODS: dict[str, dict[str, set[str]]] = {
    "cases:export_pdf": {"POST": REGISSEUR},
    "cases:flags": {"POST": REGISSEUR},
    "cases:close": {"POST": REGISSEUR},
    "cases:team": {"POST": REGISSEUR},
    "cases:consent_new": {"POST": REGISSEUR},
    "cases:school_plan": {"POST": REGISSEUR | {"teacher"}},
    "api:case": {"PATCH": REGISSEUR},
    "api:team": {"POST": REGISSEUR},
    "api:consents": {"POST": REGISSEUR},
    "api:regie_transfers": {"POST": REGISSEUR},
    "api:plan_domain_list": {"POST": WRITERS},
    "api:plan_network_list": {"POST": WRITERS},
    "api:plan_need_list": {"POST": WRITERS},
    "api:plan_goal_list": {"POST": WRITERS},
    "api:plan_module_list": {"POST": WRITERS},
    "api:plan_domain": {"PATCH": EDUCATION_ITEM_WRITERS, "DELETE": EDUCATION_ITEM_WRITERS},
    "api:plan_network": {"PATCH": FAMILY_WRITERS, "DELETE": FAMILY_WRITERS},
    "api:plan_need": {"PATCH": EDUCATION_ITEM_WRITERS, "DELETE": EDUCATION_ITEM_WRITERS},
    "api:plan_goal": {"PATCH": EDUCATION_ITEM_WRITERS, "DELETE": EDUCATION_ITEM_WRITERS},
    "api:plan_module": {"PATCH": EDUCATION_ITEM_WRITERS, "DELETE": EDUCATION_ITEM_WRITERS},
    "api:plan_measurements": {"POST": EDUCATION_WRITERS},
    "api:plan_deliveries": {"POST": EDUCATION_WRITERS},
    "api:plan_evaluations": {"POST": REGISSEUR},
    "api:plan_module_decisions": {"POST": {"youth_worker"}},
    "api:meetings": {"POST": REGISSEUR},
    "api:meeting": {"PATCH": REGISSEUR},
    "api:meeting_agenda": {"POST": REGISSEUR},
    "api:meeting_invitees": {"POST": REGISSEUR},
    "api:meeting_decisions": {"POST": REGISSEUR},
    "api:meeting_actions": {"POST": REGISSEUR},
    "plans:agreement": {"POST": REGISSEUR},
    "plans:adopt": {"POST": REGISSEUR},
    "plans:adjust": {"POST": REGISSEUR},
    "plans:evaluation_new": {"POST": REGISSEUR},
    "plans:attachments": {"POST": WRITERS},
    "plans:measurement_new": {"POST": EDUCATION_WRITERS},
    "plans:delivery_new": {"POST": EDUCATION_WRITERS},
    "plans:item_new": {"POST": WRITERS},
    "plans:item_edit": {"POST": EDUCATION_WRITERS},
    "plans:decision": {"POST": {"youth_worker"}},
    "meetings:new": {"POST": REGISSEUR},
    "meetings:edit": {"POST": REGISSEUR},
    "meetings:invitee_decide": {"POST": REGISSEUR},
    "meetings:prepare": {"POST": REGISSEUR | {"teacher"}},
    "meetings:record": {"POST": REGISSEUR},
    "portal:consents": {"POST": FAMILY_DECIDES},
    "portal:agreement": {"POST": FAMILY},
    "portal:our_view": {"POST": FAMILY},
    "portal:child_view": {"POST": {"child_13"}},
    "portal:questionnaire": {"POST": FAMILY},
    "portal:child_view_together": {"POST": SEES_CASE},
    "portal:invitees": {"POST": FAMILY},
    "portal:meeting_preparation": {"POST": FAMILY},
    "portal:invite": {"POST": REGISSEUR},
    "portal:from_family": {"POST": REGISSEUR},
    "escalations:new": {"POST": TEAM},
    "escalations:decide": {"POST": AT_THE_LEVEL},
    "api:escalations": {"POST": TEAM},
    "api:checklist_item": {"PATCH": REGISSEUR},
    "intake:intake": {"POST": REGISSEUR},
    "meldcode:step_new": {"POST": set()},
    "meldcode:signal_new": {"POST": set()},
    "quality:new": {"POST": REGISSEUR},
    "quality:handle": {"POST": HANDLER},
    "quality_family:new": {"POST": FAMILY},
    "groups:intake_decide": {"POST": EDUCATION_WRITERS},
    "groups:outflow": {"POST": EDUCATION_WRITERS},
    "loket:new": {"POST": LOKET_ASKERS},
    "loket:advise": {"POST": set()},
    "loket:meeting": {"POST": set()},
    "loket:take_over": {"POST": REGISSEUR},
}
OTHER_METHODS.update(
    {
        "transitions:edit": {"POST": REGISSEUR},
        "transitions:propose": {"POST": REGISSEUR},
        "transitions:consent": {"POST": REGISSEUR},
        "transitions:meeting": {"POST": REGISSEUR},
        "transitions:import": {"POST": REGISSEUR},
    }
)
OTHER_METHODS["exemptions:overview"] = {"POST": {"leerplicht"}}
OTHER_METHODS["enrolment:record"] = {"POST": set()}
# Who sees the case but is refused that method with 403 (it knows the case exists).
REFUSED_METHODS: dict[tuple[str, str], set[str]] = {
    (name, "POST"): {"emergency_worker"}
    for name in (
        "plans:attachments",
        "plans:measurement_new",
        "plans:delivery_new",
        "plans:item_new",
        "plans:item_edit",
        "plans:decision",
    )
}
# Proposing a team member is the regisseur's; the rest of the team knows the case: 403.
REFUSED_METHODS[("cases:team", "POST")] = SEES_CASE - REGISSEUR
# Emergency access reads; writing the child's view with them is for the team.
REFUSED_METHODS[("portal:child_view_together", "POST")] = {"emergency_worker"}
# The family decides in the portal; the parent without gezag reads (art. 1:377c BW).
REFUSED_METHODS[("portal:consents", "POST")] = {"parent_without_authority"}
REFUSED_METHODS[("portal:our_view", "POST")] = {"parent_without_authority", "child_13"}
REFUSED_METHODS[("portal:agreement", "POST")] = {"parent_without_authority", "child_13"}
REFUSED_METHODS[("portal:invitees", "POST")] = {"parent_without_authority", "child_13"}
REFUSED_METHODS[("portal:meeting_preparation", "POST")] = {"parent_without_authority"}
REFUSED_METHODS[("portal:from_family", "POST")] = SEES_CASE - REGISSEUR
REFUSED_METHODS[("meldcode:step_new", "POST")] = SEES_SAFETY
REFUSED_METHODS[("meldcode:signal_new", "POST")] = SEES_SAFETY
REFUSED_METHODS[("loket:new", "POST")] = TEAM - LOKET_ASKERS
REFUSED_METHODS[("loket:take_over", "POST")] = TEAM - REGISSEUR

# Pages and endpoints without a case in them: each person's own (caseload, actions, tokens,
# calendar) and the doors to the rest. (method, who may use it, the status of the others.)
PROFESSIONALS = {p for p in PERSONAS if p not in FAMILY_ACCOUNTS and p != "anonymous"}
CASEWORK = PROFESSIONALS - {"policy_officer", "functional_admin", "superuser"}
LOGGED_IN = set(PERSONAS) - {"anonymous"}
PERSONAL: dict[str, dict[str, tuple[set[str], int]]] = {
    "core:home": {"GET": (LOGGED_IN, 404)},
    "cases:list": {"GET": (PROFESSIONALS, 404)},
    # A school's coordinator and a youth team worker open cases (DOMAIN.md).
    "cases:new": {
        "GET": ({"coordinator", "youth_worker", "youth_worker_off_team"}, 404),
        "POST": ({"coordinator", "youth_worker", "youth_worker_off_team"}, 404),
    },
    "cases:emergency": {"GET": (CASEWORK, 404), "POST": (CASEWORK, 404)},
    "actions:my_actions": {"GET": (PROFESSIONALS, 404)},
    "portal:index": {"GET": (FAMILY_ACCOUNTS, 404)},
    # The family member's own mail preferences.
    "portal:account": {"GET": (FAMILY_ACCOUNTS, 404), "POST": (FAMILY_ACCOUNTS, 404)},
    # API tokens act for a membership: who has none (the superuser) has no token page.
    "api_tokens": {"GET": (PROFESSIONALS - {"superuser"}, 404)},
    "meetings_calendar": {"GET": (LOGGED_IN, 404), "POST": (LOGGED_IN, 404)},
    # The API answers every logged-in person from their own scope (an empty list for whom
    # nothing is visible); opening a case is checked against the membership in the body.
    "api:cases": {"GET": (LOGGED_IN, 404), "POST": (LOGGED_IN, 404)},
    "api:tasks": {"GET": (LOGGED_IN, 404)},
    "api:organisations": {"GET": (LOGGED_IN, 404)},
    # Functional management: a clear 403 for everyone logged in without the role.
    "admin:index": {"GET": ({"functional_admin", "superuser"}, 403)},
    # The regional monitor: aggregates for the policy officer (the region) and the school's
    # coordinator (the school); no monitor is a 404, like every page one has no place on.
    "monitor:index": {"GET": ({"policy_officer", "coordinator"}, 404)},
    # Known in both domains: a professional's own matches (an empty list for most); a youth
    # team's worker records that the youth team knows a child.
    "loket_known:list": {"GET": (PROFESSIONALS, 404)},
    "loket_known:signal": {
        "GET": ({"youth_worker", "youth_worker_off_team"}, 404),
        "POST": ({"youth_worker", "youth_worker_off_team"}, 404),
    },
    # The same figures in the API, for the region's own BI tools.
    "monitor_api:theme": {"GET": ({"policy_officer", "coordinator"}, 404)},
    # The handler's own list of the concerns at their contact point.
    "quality_desk:index": {"GET": ({"policy_officer"}, 404)},
    # The figures of the group arrangements (issue 18): the monitor's people, aggregates only.
    "monitor:groups": {"GET": ({"policy_officer", "coordinator"}, 404)},
    # The checks of the school success due in the leerplichtambtenaar's municipality.
    "enrolment:due": {"GET": ({"leerplicht"}, 404)},
}
# The arguments of the URLs above that need one.
PERSONAL_ARGS: dict[str, list[str]] = {"monitor_api:theme": ["bereik"]}
PERSONAL["api_tokens"]["POST"] = PERSONAL["api_tokens"]["GET"]


def _patterns(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + str(entry.pattern), namespace + entry.name


def _patterns_with_views(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, Any]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns_with_views(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + str(entry.pattern), namespace + entry.name, entry.callback


def test_every_url_with_a_case_in_it_is_in_the_matrix():
    with_case = {name for route, name in _patterns(get_resolver()) if "<uuid:case_id>" in route}
    assert with_case, "no case URLs found: the gate would pass vacuously"
    assert with_case == set(MATRIX), (
        f"missing from the matrix: {with_case - set(MATRIX)}; stale: {set(MATRIX) - with_case}"
    )


def accepted_methods(callback: Any) -> set[str] | None:
    """The HTTP methods a view accepts: an API view's handlers, or the list of Django's
    require_http_methods (require_GET, require_POST) around a function view. None when the
    view does not say (it would answer every method)."""
    view_class = getattr(callback, "cls", None)
    if view_class is not None:
        view = view_class()
        return {
            method.upper()
            for method in view.http_method_names
            if hasattr(view, method) and method not in ("options", "head")
        }
    current = callback
    while current is not None:
        code = getattr(current, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = current.__closure__[code.co_freevars.index("request_method_list")]
            return set(cell.cell_contents) - {"HEAD"}
        current = getattr(current, "__wrapped__", None)
    return None


def declared_methods(url_name: str) -> set[str]:
    if url_name in PERSONAL:
        return set(PERSONAL[url_name])
    return {MATRIX[url_name][0], *OTHER_METHODS.get(url_name, {})}


def test_every_method_every_url_with_a_case_accepts_is_in_the_matrix():
    """A view that starts to accept another method (a POST on a page, a DELETE in the API)
    fails here until the matrix says who may use it."""
    missing = []
    for route, name, callback in _patterns_with_views(get_resolver()):
        if ("<uuid:case_id>" not in route and name not in PERSONAL) or name.startswith("admin:"):
            continue  # Django's admin answers for itself (tested in the matrix as GET)
        accepted = accepted_methods(callback)
        if accepted is None:
            missing.append(f"{name}: the view does not limit its methods")
        elif accepted != declared_methods(name):
            missing.append(
                f"{name}: accepts {sorted(accepted)}, matrix has {sorted(declared_methods(name))}"
            )
    assert not missing, "\n".join(missing)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world(with_plan=True)
        regie_access = access_case(Actor(built.coordinator), built.case.uuid)
        built.regie_transfer = regie.propose_regie_transfer(
            regie_access, to_member=built.members["youth_worker"], reason="Zorg staat voorop"
        )
        built.meeting = matrix_meeting(built)
        built.escalation = matrix_escalation(built)
        built.referral = matrix_referral(built)
        built.quality = matrix_concerns(built)
        built.group = matrix_group(built)
        built.loket = matrix_loket(built)
        built.file_export = matrix_file_export(built)
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
    if name in ("plans:decision", "api:plan_module_decisions"):
        kwargs["item_id"] = plan.care_module.uuid
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
    if name.startswith("api:escalation_") or name == "api:escalation":
        kwargs["escalation_id"] = world.escalation.uuid
    if name == "api:checklist_item":
        kwargs["code"] = "chairs_mdo"
    if name.startswith("escalations:") and name not in ("escalations:list", "escalations:new"):
        kwargs["escalation_id"] = world.escalation.uuid
    if name in ("quality:detail", "quality:acknowledge", "quality:handle", "quality_family:detail"):
        kwargs["concern_id"] = world.quality.parents_concern.uuid
    if name.startswith("groups:"):
        kwargs["group_id"] = world.group.uuid
    if name in (
        "loket:detail",
        "loket:advise",
        "loket:meeting",
        "loket:take_over",
        "loket:follow_up",
    ):
        kwargs["consult_id"] = world.loket.consult.uuid
    if name == "loket:take_over":
        kwargs["proposal_id"] = world.loket.consult.proposals.get(kind="module").pk
    if name == "cases:export_pdf_download":
        kwargs["export_id"] = world.file_export.uuid
    if name == "loket:known_propose":
        kwargs["match_id"] = world.loket.match.uuid
    return kwargs


COUNTED: dict[str, int] = {"combinations": 0}

# (URL name, method): one test each, every persona inside it (a test per combination would
# spend more on pytest than on the request).
CASE_COMBINATIONS = sorted(
    {(name, MATRIX[name][0]) for name in MATRIX}
    | {(name, method) for name, methods in OTHER_METHODS.items() for method in methods}
)
PERSONAL_COMBINATIONS = sorted(
    (name, method) for name, methods in PERSONAL.items() for method in methods
)


def _body(world: World, url_name: str, method: str) -> dict[str, str]:
    """What a form posts besides its fields, so that who may use it gets past the access
    check to the form's validation (not a 404 for a missing reference)."""
    if (url_name, method) == ("portal:invitees", "POST"):
        teacher = world.meeting.invitees.get(team_member=world.members["teacher"])
        return {"invitee": str(teacher.uuid)}
    return {}


def _send(
    client: Client, method: str, url: str, *, api: bool, body: dict[str, str] | None = None
) -> Any:
    """The request as a browser (a form post) or an integration (JSON) would send it, empty:
    past the access check it meets the form's or serializer's validation."""
    with transaction.atomic():
        if method == "GET":
            response = client.get(url)
        elif method == "DELETE":
            response = client.delete(url)
        elif api:
            response = client.generic(method, url, "{}", content_type="application/json")
        else:
            response = client.generic(
                method, url, urlencode(body or {}), content_type="application/x-www-form-urlencoded"
            )
        transaction.set_rollback(True)  # a permitted write must not change the shared world
    return response


def _who_may(url_name: str, method: str) -> set[str]:
    if method == MATRIX[url_name][0]:
        return MATRIX[url_name][1]
    return OTHER_METHODS[url_name][method]


def _refused(url_name: str, method: str) -> set[str]:
    if method == MATRIX[url_name][0]:
        return REFUSED.get(url_name, set())
    return REFUSED_METHODS.get((url_name, method), set())


def _verdict(world: World, url_name: str, method: str, persona: str, response: Any) -> str:
    """What is wrong with this answer ("" when it is right)."""
    status = response.status_code
    is_api = url_name.startswith("api:")
    if persona == "anonymous":
        if is_api:
            return "" if status in (401, 403) else f"{status}, expected 401/403"
        if status == 302 and response["Location"].startswith(reverse("accounts:login")):
            return ""
        return f"{status}, expected a redirect to the login"
    if persona in _refused(url_name, method):
        return "" if status == 403 else f"{status}, expected 403"
    if persona in _who_may(url_name, method):
        if is_api:
            # Past the access check: the answer itself (200/201/204, 400 for the empty body,
            # 409 for a step of the lifecycle the state does not allow, 412/428 for a write
            # without the item's version).
            return "" if status in (200, 201, 204, 400, 409, 412, 428) else f"{status}"
        if status == 200 or (
            status == 302
            and ("/dossiers/" in response["Location"] or "/gezin/" in response["Location"])
        ):
            return ""
        return f"{status}, expected the page"
    if status != 404:
        return f"{status}, expected 404"
    if world.child.last_name.encode() in response.content:
        return "404 that names the child"
    return ""


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method"), CASE_COMBINATIONS)
def test_matrix(world, clients, url_name, method):
    url = reverse(url_name, kwargs=_kwargs(world, url_name))
    body = _body(world, url_name, method)
    wrong = []
    for persona in PERSONAS:
        response = _send(clients[persona], method, url, api=url_name.startswith("api:"), body=body)
        COUNTED["combinations"] += 1
        problem = _verdict(world, url_name, method, persona, response)
        if problem:
            wrong.append(f"{persona}: {problem}")
    assert not wrong, f"{method} {url_name}: " + "; ".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method"), PERSONAL_COMBINATIONS)
def test_pages_without_a_case(world, clients, url_name, method):
    url = reverse(url_name, args=PERSONAL_ARGS.get(url_name, []))
    allowed, denied_status = PERSONAL[url_name][method]
    is_api = url_name.startswith(("api:", "monitor_api:"))
    wrong = []
    for persona in PERSONAS:
        response = _send(clients[persona], method, url, api=is_api)
        COUNTED["combinations"] += 1
        status = response.status_code
        if persona == "anonymous":
            # To the login (functional management's own login address sends there too).
            login = "/beheer/login/" if url_name.startswith("admin:") else reverse("accounts:login")
            ok = (
                status in (401, 403)
                if is_api
                else (status == 302 and response["Location"].startswith(login))
            )
        elif persona in allowed:
            ok = status in ((200, 201, 400) if is_api else (200, 302))
        else:
            ok = status == denied_status
        if not ok:
            wrong.append(f"{persona}: {status}")
    assert not wrong, f"{method} {url_name}: " + "; ".join(wrong)


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
    if persona in FAMILY_ACCOUNTS:  # their pages are the portal's
        assert response.status_code == 404
        return
    assert response.status_code == 200
    shown = str(world.case.uuid) in response.content.decode()
    assert shown == (persona in SEES_CASE), f"{persona} {action}"
    # The closed case is in nobody's list.
    assert str(world.closed_case.uuid) not in response.content.decode()


# A closed case (issue 12, item 7): its last regisseur and the family keep reading it for its
# retention period; every write is refused (403 on a page, which they know exists; 404 in the
# API, as every refusal there); everyone else gets the 404 of a case that does not exist.
CLOSED_READERS = REGISSEUR | FAMILY
# Forms to change the plan, refused on a closed case (403) before anything of the plan is
# looked up, for the regisseur with their team place (plans' require_team_place).
CLOSED_FORMS = {
    # and the Loket's forms that write into the case: a question, taking a proposal over
    "loket:new",
    "loket:take_over",
    "plans:item_new",
    "plans:item_edit",
    "plans:measurement_new",
    "plans:delivery_new",
    "plans:decision",
    "groups:intake_decide",
    "groups:outflow",
}
# The quality contact point's handler keeps handling a concern that was still open when its
# case closed (issue 20, docs/quality.md): the concern's own pages only, never the dossier.
CLOSED_CONCERN = {"quality:detail", "quality:acknowledge", "quality:handle"}
# A POST that reads the file and writes nothing of it: asking for the PDF of the whole file
# (built in the task queue). The last regisseur may still export a closed case.
CLOSED_READ_POSTS = {"cases:export_pdf"}


def _closed_verdict(url_name: str, method: str, persona: str, response: Any) -> str:
    status = response.status_code
    is_api = url_name.startswith("api:")
    open_may = persona in _who_may(url_name, method) | _refused(url_name, method)
    if persona == "anonymous":
        return ""  # the same as on an open case, checked there
    if url_name in CLOSED_CONCERN and persona in HANDLER:
        return "" if status in (200, 302) else f"{status}, expected the concern (still open)"
    if persona not in CLOSED_READERS:
        return "" if status == 404 else f"{status}, expected 404"
    if url_name in CLOSED_FORMS and persona in REGISSEUR:
        return "" if status == 403 else f"{status}, expected 403"
    if method != "GET" and url_name not in CLOSED_READ_POSTS:
        if is_api:
            return "" if status == 404 else f"{status}, expected 404 (a refused write)"
        if open_may:
            return "" if status == 403 else f"{status}, expected 403 (closed: read-only)"
        return "" if status in (403, 404) else f"{status}, expected 403 or 404"
    if not open_may:
        return "" if status == 404 else f"{status}, expected 404"
    if persona in _refused(url_name, method):
        return "" if status == 403 else f"{status}, expected 403"
    if is_api:  # 400: a read that needs parameters (a comparison without its versions)
        return "" if status in (200, 400) else f"{status}, expected 200"
    if status == 200 or (
        status == 302
        and ("/dossiers/" in response["Location"] or "/gezin/" in response["Location"])
    ):
        return ""
    return f"{status}, expected the page"


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method"), CASE_COMBINATIONS)
def test_a_closed_case_is_read_by_its_regisseur_and_the_family_only(
    world, clients, url_name, method
):
    url = reverse(url_name, kwargs=_kwargs(world, url_name))
    body = _body(world, url_name, method)
    wrong = []
    with transaction.atomic():
        # The child moved: a reason that closes the case in any step of its route.
        case_services.close_case(
            access_case(Actor(world.coordinator), world.case.uuid), reason="moved"
        )
        for persona in PERSONAS:
            response = _send(
                clients[persona], method, url, api=url_name.startswith("api:"), body=body
            )
            COUNTED["combinations"] += 1
            problem = _closed_verdict(url_name, method, persona, response)
            if problem:
                wrong.append(f"{persona}: {problem}")
        transaction.set_rollback(True)
    assert not wrong, f"{method} {url_name} (closed): " + "; ".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", ["cases:detail", "cases:team", "cases:export_json"])
def test_the_other_closed_case_is_read_by_its_regisseur_only(world, clients, persona, url_name):
    url = reverse(url_name, kwargs={"case_id": world.closed_case.uuid})
    response = clients[persona].get(url)
    COUNTED["combinations"] += 1
    if persona == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if persona in REGISSEUR else 404), persona


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


def test_print_the_number_of_combinations_checked(record_property):
    # Runs last in this module (pytest keeps file order, and a module stays on one process);
    # the count is in the summary of the test run.
    record_property("count: authorization matrix", f"{COUNTED['combinations']} combinations")
    assert COUNTED["combinations"] >= len(CASE_COMBINATIONS) * len(PERSONAS)


@pytest.mark.django_db
def test_the_school_success_check_is_leerplichts_a_year_after_closing(world, clients):
    """The case closed 400 days ago in the municipality of the leerplicht office: only its
    leerplichtambtenaar reads and records the check (by the legal task for the municipality,
    the team having ended); the last regisseur and the family included, everyone else gets
    404, the anonymous visitor the login."""
    from django.utils import timezone

    from arrangeer.cases.models import Case
    from arrangeer.organisations.constants import OrganisationType
    from arrangeer.organisations.models import Organisation

    wrong = []
    with transaction.atomic():
        case_services.close_case(
            access_case(Actor(world.coordinator), world.case.uuid), reason="moved"
        )
        Case.objects.filter(pk=world.case.pk).update(
            closed_at=timezone.now() - dt.timedelta(days=400)
        )
        Organisation.objects.filter(
            pk__in=[
                world.child.school_id,
                *Organisation.objects.filter(type=OrganisationType.LEERPLICHT).values_list(
                    "pk", flat=True
                ),
            ]
        ).update(municipality="Teststad")
        for name in ("enrolment:record", "enrolment:due"):
            kwargs = {"case_id": world.case.uuid} if name == "enrolment:record" else {}
            url = reverse(name, kwargs=kwargs)
            methods = ("GET", "POST") if name == "enrolment:record" else ("GET",)
            for method in methods:
                for persona in PERSONAS:
                    response = _send(clients[persona], method, url, api=False)
                    COUNTED["combinations"] += 1
                    status = response.status_code
                    if persona == "anonymous":
                        ok = status == 302 and response["Location"].startswith(
                            reverse("accounts:login")
                        )
                    elif persona == "leerplicht":
                        ok = status == 200  # the page, or the form's validation
                    else:
                        ok = status == 404 and world.child.last_name.encode() not in (
                            response.content
                        )
                    if not ok:
                        wrong.append(f"{method} {name} {persona}: {status}")
        transaction.set_rollback(True)
    assert not wrong, "; ".join(wrong)
