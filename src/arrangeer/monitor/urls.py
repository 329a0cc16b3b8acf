from django.urls import path

from . import views, views_groups

app_name = "monitor"

urlpatterns = [
    path("", views.theme_page, name="index"),
    path("groepsarrangementen/", views_groups.groups_page, name="groups"),
    path("<slug:theme>/", views.theme_page, name="theme"),
    path("<slug:theme>/<slug:table>.csv", views.export_csv, name="export"),
    path("<slug:theme>/<slug:table>.xlsx", views.export_xlsx, name="export_xlsx"),
]
