from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from arrangeer.api import views_web as api_web
from arrangeer.meetings import views_feed as meeting_feed

admin.site.site_header = _("Arrangeer — functional management")
admin.site.site_title = _("Arrangeer management")
admin.site.index_title = _("Organisations, people and configuration")

urlpatterns = [
    # The admin has no login of its own: everyone logs in with the second factor first.
    path(
        "beheer/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
    ),
    path("beheer/", admin.site.urls),
    path("account/", include("arrangeer.accounts.urls")),
    path("dossiers/", include("arrangeer.cases.urls")),
    path("api/v1/", include("arrangeer.api.urls")),
    path("account/api-sleutels/", api_web.tokens, name="api_tokens"),
    path("account/api-sleutels/<int:token_id>/intrekken/", api_web.revoke, name="api_token_revoke"),
    path("account/agenda/", meeting_feed.calendar_address, name="meetings_calendar"),
    path("agenda/<str:token>.ics", meeting_feed.feed, name="meetings_feed"),
    path("acties/", include("arrangeer.routes.urls")),
    path("dossiers/<uuid:case_id>/plan/", include("arrangeer.plans.urls")),
    path("dossiers/<uuid:case_id>/overleg/", include("arrangeer.meetings.urls")),
    path("", include("arrangeer.portal.urls")),
    path("", include("arrangeer.core.urls")),
]

handler400 = "arrangeer.core.views.error_400"
handler403 = "arrangeer.core.views.error_403"
handler404 = "arrangeer.core.views.error_404"
