from django.urls import path

from csp.decorators import csp_update
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from . import (
    views,
    views_escalations,
    views_fhir,
    views_items,
    views_meeting_people,
    views_meeting_record,
    views_meetings,
    views_plan,
    views_route,
)
from .serializers_items import PATHS

app_name = "api"

urlpatterns = [
    # The schema describes the API, not anyone's data: readable without logging in.
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    # Swagger UI (assets from the drf-spectacular-sidecar package, no CDN) sets inline styles;
    # this page alone allows them.
    path(
        "docs/",
        csp_update({"style-src": ["'self'", "'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", permission_classes=[AllowAny]
            )
        ),
        name="docs",
    ),
    path("organisations/", views.OrganisationList.as_view(), name="organisations"),
    path("cases/", views.CaseList.as_view(), name="cases"),
    path("cases/<uuid:case_id>/", views.CaseDetail.as_view(), name="case"),
    path("cases/<uuid:case_id>/close/", views.CaseClose.as_view(), name="case_close"),
    path("cases/<uuid:case_id>/team/", views.TeamList.as_view(), name="team"),
    path(
        "cases/<uuid:case_id>/team/<int:member_id>/approve/",
        views.TeamMemberApprove.as_view(),
        name="team_approve",
    ),
    path(
        "cases/<uuid:case_id>/team/<int:member_id>/refuse/",
        views.TeamMemberRefuse.as_view(),
        name="team_refuse",
    ),
    path(
        "cases/<uuid:case_id>/team/<int:member_id>/end/",
        views.TeamMemberEnd.as_view(),
        name="team_end",
    ),
    path("cases/<uuid:case_id>/consents/", views.ConsentList.as_view(), name="consents"),
    path(
        "cases/<uuid:case_id>/consents/<uuid:consent_id>/withdraw/",
        views.ConsentWithdraw.as_view(),
        name="consent_withdraw",
    ),
    path("cases/<uuid:case_id>/access-log/", views.CaseAccessLog.as_view(), name="access_log"),
    # Second slice: the child, the route, the regie, the plan and its items, tasks, FHIR.
    path("cases/<uuid:case_id>/child/", views_route.ChildDetail.as_view(), name="child"),
    path("cases/<uuid:case_id>/route/", views_route.CaseRoute.as_view(), name="route"),
    path(
        "cases/<uuid:case_id>/school-plan/",
        views_route.CaseSchoolPlan.as_view(),
        name="school_plan",
    ),
    path("cases/<uuid:case_id>/timeline/", views_route.CaseTimeline.as_view(), name="timeline"),
    path(
        "cases/<uuid:case_id>/transitions/",
        views_route.CaseTransitions.as_view(),
        name="transitions",
    ),
    path(
        "cases/<uuid:case_id>/regie-transfers/",
        views_route.RegieTransferList.as_view(),
        name="regie_transfers",
    ),
    path(
        "cases/<uuid:case_id>/regie-transfers/<int:transfer_id>/accept/",
        views_route.RegieTransferAccept.as_view(),
        name="regie_accept",
    ),
    path("cases/<uuid:case_id>/plan/", views_plan.PlanDetail.as_view(), name="plan"),
    path(
        "cases/<uuid:case_id>/plan/versions/",
        views_plan.VersionList.as_view(),
        name="plan_versions",
    ),
    path(
        "cases/<uuid:case_id>/plan/versions/<int:number>/",
        views_plan.VersionDetail.as_view(),
        name="plan_version",
    ),
    path("cases/<uuid:case_id>/plan/diff/", views_plan.PlanDiff.as_view(), name="plan_diff"),
    path(
        "cases/<uuid:case_id>/plan/send-for-agreement/",
        views_plan.PlanSend.as_view(),
        name="plan_send",
    ),
    path(
        "cases/<uuid:case_id>/plan/agreements/",
        views_plan.PlanAgreements.as_view(),
        name="plan_agreements",
    ),
    path("cases/<uuid:case_id>/plan/adopt/", views_plan.PlanAdopt.as_view(), name="plan_adopt"),
    path("cases/<uuid:case_id>/plan/adjust/", views_plan.PlanAdjust.as_view(), name="plan_adjust"),
    *[
        route
        for key, segment in PATHS.items()
        for route in (
            path(
                f"cases/<uuid:case_id>/plan/{segment}/",
                views_items.ITEM_VIEWS[key][0].as_view(),
                name=f"plan_{key}_list",
            ),
            path(
                f"cases/<uuid:case_id>/plan/{segment}/<uuid:item_id>/",
                views_items.ITEM_VIEWS[key][1].as_view(),
                name=f"plan_{key}",
            ),
        )
    ],
    path(
        "cases/<uuid:case_id>/plan/goals/<uuid:item_id>/measurements/",
        views_items.MeasurementList.as_view(),
        name="plan_measurements",
    ),
    path(
        "cases/<uuid:case_id>/plan/modules/<uuid:item_id>/deliveries/",
        views_items.DeliveryList.as_view(),
        name="plan_deliveries",
    ),
    path(
        "cases/<uuid:case_id>/plan/modules/<uuid:item_id>/decisions/",
        views_items.DecisionList.as_view(),
        name="plan_module_decisions",
    ),
    path(
        "cases/<uuid:case_id>/plan/evaluations/",
        views_items.EvaluationList.as_view(),
        name="plan_evaluations",
    ),
    path("cases/<uuid:case_id>/fhir/", views_fhir.CaseFhir.as_view(), name="fhir"),
    # The MDO (issue 6 in the API): meetings, agenda, invitees, invitations, the record.
    path(
        "cases/<uuid:case_id>/meetings/",
        views_meetings.MeetingList.as_view(),
        name="meetings",
    ),
    *[
        path(
            f"cases/<uuid:case_id>/meetings/<uuid:meeting_id>/{segment}", view.as_view(), name=name
        )
        for segment, view, name in (
            ("", views_meetings.MeetingDetail, "meeting"),
            ("cancel/", views_meetings.MeetingCancel, "meeting_cancel"),
            ("agenda/", views_meetings.AgendaList, "meeting_agenda"),
            ("agenda/<int:item_id>/", views_meetings.AgendaItemDetail, "meeting_agenda_item"),
            ("invitees/", views_meeting_people.InviteeList, "meeting_invitees"),
            (
                "invitees/<uuid:invitee_id>/approve/",
                views_meeting_people.InviteeApprove,
                "meeting_invitee_approve",
            ),
            (
                "invitees/<uuid:invitee_id>/refuse/",
                views_meeting_people.InviteeRefuse,
                "meeting_invitee_refuse",
            ),
            ("send-invitations/", views_meeting_people.SendInvitations, "meeting_send"),
            ("respond/", views_meeting_people.Respond, "meeting_respond"),
            ("record/", views_meeting_record.RecordMeeting, "meeting_record"),
            ("decisions/", views_meeting_record.DecisionList, "meeting_decisions"),
            ("actions/", views_meeting_record.ActionList, "meeting_actions"),
            ("approve-minutes/", views_meeting_record.ApproveMinutes, "meeting_approve"),
        )
    ],
    # The escalatieladder (issue 17) and the regisseur's checklist.
    path(
        "cases/<uuid:case_id>/escalations/",
        views_escalations.EscalationList.as_view(),
        name="escalations",
    ),
    *[
        path(
            f"cases/<uuid:case_id>/escalations/<uuid:escalation_id>/{segment}",
            view.as_view(),
            name=name,
        )
        for segment, view, name in (
            ("", views_escalations.EscalationDetail, "escalation"),
            ("decide/", views_escalations.EscalationDecide, "escalation_decide"),
            ("move-up/", views_escalations.EscalationMoveUp, "escalation_move_up"),
            ("withdraw/", views_escalations.EscalationWithdraw, "escalation_withdraw"),
        )
    ],
    path(
        "cases/<uuid:case_id>/checklist/", views_escalations.Checklist.as_view(), name="checklist"
    ),
    path(
        "cases/<uuid:case_id>/checklist/<str:code>/",
        views_escalations.ChecklistItem.as_view(),
        name="checklist_item",
    ),
    path("tasks/", views_route.TaskList.as_view(), name="tasks"),
]
