from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

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
    path("dossiers/<uuid:case_id>/plan/", include("arrangeer.plans.urls")),
    path("", include("arrangeer.core.urls")),
]

handler400 = "arrangeer.core.views.error_400"
handler403 = "arrangeer.core.views.error_403"
handler404 = "arrangeer.core.views.error_404"
