from django.urls import path

from csp.decorators import csp_update
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from . import views

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
]
