"""The aanmelding: /aanmeldingen/…"""

from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.incoming, name="incoming"),
    path("verstuurd/", views.sent, name="sent"),
    path("nieuw/", views.new, name="new"),
    path("<uuid:referral_id>/", views.detail, name="detail"),
    path("<uuid:referral_id>/aannemen/", views.accept, name="accept"),
    path("<uuid:referral_id>/vraag/", views.ask, name="ask"),
    path("<uuid:referral_id>/afwijzen/", views.decline, name="decline"),
    path("<uuid:referral_id>/status/", views.status, name="status"),
    path("<uuid:referral_id>/status/antwoord/", views.answer, name="answer"),
]
