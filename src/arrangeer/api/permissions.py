"""Who may do what in the API: one map from each action (the URL's name and the HTTP method)
to the role it needs. Open Zaak's `required_scopes` is the model: the rule is declared where
it can be read at a glance, not spread over the views.

The door of a case (`base.case_access`) reads the map: an action of the regisseur lets only
the case's regisseur in (anyone else gets the 404 of a case they cannot see, and a refusal in
the access log). The finer roles are decided where the data is (a meeting's chair, the level
an escalation waits at, who raised it): the map names them and the service or selector that
decides, so the map is the whole answer to "who may do this". A test
(`tests/test_permissions.py`) walks the URLconf: every action has an entry, every entry is an
action, and the door each action opens is the one its entry names."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ImproperlyConfigured

from rest_framework.request import Request


class Who(StrEnum):
    """The roles of the map."""

    # Not under a case.
    LOGGED_IN = "logged_in"  # anyone logged in (an API token or a verified session)
    # Decided at the case's door (`cases.access.access_case`, the person's data categories).
    CASE = "case"  # who may see the case: a place on its team, emergency access, …
    REGISSEUR = "regisseur"  # the case's regisseur
    # Decided after the door, by the service or selector named.
    TEAM = "team"  # a place on the team of an open case (plans' require_team_place, services)
    REGISSEUR_OR_SELF = "regisseur_or_self"  # the regisseur, or the member leaving themself
    MOVER = "mover"  # the regisseur or who acts in the current step (journey.can_move)
    SCHOOL_PLAN = "school_plan"  # the regisseur or the child's school on the team
    OFFERED = "offered"  # the team member the regie is offered to
    MEETING_MANAGER = "meeting_manager"  # the meeting's chair or the regisseur (can_manage)
    INVITEE = "invitee"  # the invitee, answering their own invitation
    # The escalatieladder's door (`cases.access.access_case_for_decision`) and its selectors.
    ESCALATION = "escalation"  # the team, or who sits at an open escalation's current level
    DECIDER = "decider"  # the level the escalation waits at (selectors.may_decide)
    PARTY = "party"  # a party in the disagreement on the team, or the regisseur
    RAISER = "raiser"  # who raised the escalation, or the regisseur


# (URL name in the "api" namespace, HTTP method) → who may do it.
ACTIONS: dict[tuple[str, str], Who] = {
    ("organisations", "GET"): Who.LOGGED_IN,
    ("cases", "GET"): Who.LOGGED_IN,
    ("cases", "POST"): Who.LOGGED_IN,  # a school's coordinator or a youth team worker
    ("tasks", "GET"): Who.LOGGED_IN,
    # The case, its team and consents.
    ("case", "GET"): Who.CASE,
    ("case", "PATCH"): Who.REGISSEUR,
    ("case_close", "POST"): Who.REGISSEUR,
    ("team", "GET"): Who.CASE,
    ("team", "POST"): Who.REGISSEUR,
    ("team_approve", "POST"): Who.REGISSEUR,
    ("team_refuse", "POST"): Who.REGISSEUR,
    ("team_end", "POST"): Who.REGISSEUR_OR_SELF,
    ("consents", "GET"): Who.REGISSEUR,
    ("consents", "POST"): Who.REGISSEUR,
    ("consent_withdraw", "POST"): Who.REGISSEUR,
    ("access_log", "GET"): Who.REGISSEUR,
    ("fhir", "GET"): Who.CASE,
    # The child, the route, the regie.
    ("child", "GET"): Who.CASE,
    ("route", "GET"): Who.CASE,
    ("timeline", "GET"): Who.CASE,
    ("school_plan", "POST"): Who.SCHOOL_PLAN,
    ("transitions", "POST"): Who.MOVER,
    ("regie_transfers", "GET"): Who.CASE,
    ("regie_transfers", "POST"): Who.REGISSEUR,
    ("regie_accept", "POST"): Who.OFFERED,
    ("checklist", "GET"): Who.REGISSEUR,
    ("checklist_item", "GET"): Who.REGISSEUR,
    ("checklist_item", "PATCH"): Who.REGISSEUR,
    # The plan.
    ("plan", "GET"): Who.CASE,
    ("plan_versions", "GET"): Who.CASE,
    ("plan_version", "GET"): Who.CASE,
    ("plan_diff", "GET"): Who.CASE,
    ("plan_send", "POST"): Who.REGISSEUR,
    ("plan_agreements", "POST"): Who.REGISSEUR,
    ("plan_adopt", "POST"): Who.REGISSEUR,
    ("plan_adjust", "POST"): Who.REGISSEUR,
    **{
        action: who
        for kind in ("domain", "network", "need", "goal", "module")
        for action, who in (
            ((f"plan_{kind}_list", "GET"), Who.CASE),
            ((f"plan_{kind}_list", "POST"), Who.TEAM),
            ((f"plan_{kind}", "GET"), Who.CASE),
            ((f"plan_{kind}", "PATCH"), Who.TEAM),
            ((f"plan_{kind}", "DELETE"), Who.TEAM),
        )
    },
    ("plan_measurements", "GET"): Who.CASE,
    ("plan_measurements", "POST"): Who.TEAM,
    ("plan_deliveries", "GET"): Who.CASE,
    ("plan_deliveries", "POST"): Who.TEAM,
    ("plan_module_decisions", "GET"): Who.CASE,
    ("plan_module_decisions", "POST"): Who.TEAM,
    ("plan_evaluations", "GET"): Who.CASE,
    ("plan_evaluations", "POST"): Who.REGISSEUR,
    # The MDO.
    ("meetings", "GET"): Who.CASE,
    ("meetings", "POST"): Who.REGISSEUR,
    ("meeting", "GET"): Who.CASE,
    ("meeting", "PATCH"): Who.MEETING_MANAGER,
    ("meeting_cancel", "POST"): Who.MEETING_MANAGER,
    ("meeting_agenda", "GET"): Who.CASE,
    ("meeting_agenda", "POST"): Who.MEETING_MANAGER,
    ("meeting_agenda_item", "DELETE"): Who.MEETING_MANAGER,
    ("meeting_invitees", "GET"): Who.CASE,
    ("meeting_invitees", "POST"): Who.MEETING_MANAGER,
    ("meeting_invitee_approve", "POST"): Who.MEETING_MANAGER,
    ("meeting_invitee_refuse", "POST"): Who.MEETING_MANAGER,
    ("meeting_send", "POST"): Who.MEETING_MANAGER,
    ("meeting_respond", "POST"): Who.INVITEE,
    ("meeting_record", "POST"): Who.MEETING_MANAGER,
    ("meeting_decisions", "GET"): Who.CASE,
    ("meeting_decisions", "POST"): Who.MEETING_MANAGER,
    ("meeting_actions", "GET"): Who.CASE,
    ("meeting_actions", "POST"): Who.MEETING_MANAGER,
    ("meeting_approve", "POST"): Who.MEETING_MANAGER,
    # The escalatieladder: its own door (`cases.access.access_case_for_decision`).
    ("escalations", "GET"): Who.ESCALATION,
    ("escalations", "POST"): Who.TEAM,
    ("escalation", "GET"): Who.ESCALATION,
    ("escalation_decide", "POST"): Who.DECIDER,
    ("escalation_move_up", "POST"): Who.PARTY,
    ("escalation_withdraw", "POST"): Who.RAISER,
}


def required(request: Request) -> Who:
    """Who may do what this request asks, from the map (an action missing from it is a
    programming error, caught by the map's test before it ships)."""
    match = request.resolver_match
    name = match.url_name if match is not None else None
    method = "GET" if request.method == "HEAD" else str(request.method)
    try:
        return ACTIONS[(str(name), method)]
    except KeyError:
        raise ImproperlyConfigured(
            f"The API action {name} {request.method} is not in api.permissions.ACTIONS."
        ) from None
