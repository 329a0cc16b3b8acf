from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("tweede-stap/", views.verify, name="verify"),
    path("tweede-stap/instellen/", views.enrol, name="enrol"),
    path("tweede-stap/instellen/mail/", views.enrol_mail, name="enrol_mail"),
    path("tweede-stap/code-per-mail/", views.send_mail_code, name="send_mail_code"),
    path("tweede-stap/reservecodes/", views.backup_codes, name="backup_codes"),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
