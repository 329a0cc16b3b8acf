from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from arrangeer.api import views_web as api_web
from arrangeer.meetings import views_feed as meeting_feed

urlpatterns = [
    # The admin has no login of its own: everyone logs in with the second factor first.
    path(
        "beheer/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
    ),
    path("beheer/", admin.site.urls),
    path("account/", include("arrangeer.accounts.urls")),
    path("inloggen/", include("arrangeer.identity.urls")),
    path("dossiers/", include("arrangeer.cases.urls")),
    # The monitor's figures for the region's own BI tools (the monitor sits above the API).
    path("api/v1/monitor/", include("arrangeer.monitor.urls_api")),
    path("api/v1/", include("arrangeer.api.urls")),
    path("account/api-sleutels/", api_web.tokens, name="api_tokens"),
    path("account/api-sleutels/<int:token_id>/intrekken/", api_web.revoke, name="api_token_revoke"),
    path("account/agenda/", meeting_feed.calendar_address, name="meetings_calendar"),
    path("agenda/<str:token>.ics", meeting_feed.feed, name="meetings_feed"),
    path("acties/", include("arrangeer.cases.urls_actions")),
    path("dossiers/<uuid:case_id>/plan/", include("arrangeer.plans.urls")),
    path("dossiers/<uuid:case_id>/overleg/", include("arrangeer.meetings.urls")),
    path("monitor/", include("arrangeer.monitor.urls")),
    path("dossiers/<uuid:case_id>/escalaties/", include("arrangeer.escalations.urls")),
    path("aanmeldingen/", include("arrangeer.referrals.urls")),
    path("dossiers/<uuid:case_id>/aanmelding/", include("arrangeer.referrals.urls_intake")),
    path("dossiers/<uuid:case_id>/meldcode/", include("arrangeer.referrals.urls_meldcode")),
    path("dossiers/<uuid:case_id>/vrijstellingen/", include("arrangeer.referrals.urls_exemption")),
    path("schoolsucces/", include("arrangeer.referrals.urls_enrolment")),
    path("dossiers/<uuid:case_id>/kwaliteit/", include("arrangeer.quality.urls")),
    path("gezin/<uuid:case_id>/kwaliteit/", include("arrangeer.quality.urls_family")),
    path("kwaliteit/", include("arrangeer.quality.urls_desk")),
    path("dossiers/<uuid:case_id>/overstap/", include("arrangeer.transitions.urls")),
    path("groepen/", include("arrangeer.groups.urls")),
    path("dossiers/<uuid:case_id>/loket/", include("arrangeer.loket.urls")),
    path("loket/bekend/", include("arrangeer.loket.urls_known")),
    path("", include("arrangeer.portal.urls")),
    path("", include("arrangeer.core.urls")),
]

handler400 = "arrangeer.core.views.error_400"
handler403 = "arrangeer.core.views.error_403"
handler404 = "arrangeer.core.views.error_404"
