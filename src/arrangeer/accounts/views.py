from __future__ import annotations

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

import segno

from . import services
from .forms import EnrolForm, LoginForm, TokenForm
from .middleware import SESSION_PROVIDER_LOGOUT_URL
from .models import User

_BACKUP_CODES_SESSION_KEY = "arrangeer_new_backup_codes"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        user = form.get_user()
        if user.language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite="Lax",
            )
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        # A login through DigiD or the organisation's account ends there too: on to the
        # provider's logout, which sends the person back to the login page.
        provider_logout = request.session.get(SESSION_PROVIDER_LOGOUT_URL, "")
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You are logged out."))
        if provider_logout:
            return HttpResponseRedirect(provider_logout)
        return response


def _current_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _code_error(
    outcome: services.CodeCheck, *, enrolling: bool = False, young: bool = False
) -> str:
    """Why a code was refused; to the young person as "je" (docs/portal.md)."""
    if outcome is services.CodeCheck.THROTTLED:
        return _("Too many wrong codes in a row. Wait a few seconds and then try again.")
    if outcome is services.CodeCheck.USED:
        if young:
            return pgettext(
                "jongere",
                "This code was used already: each code works once. Wait until your app shows "
                "a new code (every 30 seconds) and type that one.",
            )
        return _(
            "This code was used already: each code works once. Wait until your app shows "
            "a new code (every 30 seconds) and type that one."
        )
    if enrolling:
        if young:
            return pgettext(
                "jongere",
                "This code does not match. Check that your phone's clock is right and type "
                "the code that your app shows now.",
            )
        return _(
            "This code does not match. Check that your phone's clock is right and type "
            "the code that your app shows now."
        )
    if young:
        return pgettext(
            "jongere",
            "This code is not correct or no longer valid. Wait for a new code in your "
            "app, or use an unused backup code.",
        )
    return _(
        "This code is not correct or no longer valid. Wait for a new code in your "
        "app, or use an unused backup code."
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user = _current_user(request)
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(settings.LOGIN_REDIRECT_URL)
    if not services.has_confirmed_second_factor(user):
        return redirect("accounts:enrol")
    form = TokenForm(request.POST or None, young=user.is_young_person)
    if request.method == "POST" and form.is_valid():
        outcome = services.verify_second_factor(request, user, token=form.cleaned_data["token"])
        if outcome is services.CodeCheck.ACCEPTED:
            next_url = request.GET.get("next", "")
            if next_url.startswith("/") and not next_url.startswith("//"):
                return HttpResponseRedirect(next_url)
            return redirect(settings.LOGIN_REDIRECT_URL)
        form.add_error("token", _code_error(outcome, young=user.is_young_person))
    return render(
        request,
        "accounts/verify.html",
        {"form": form, "has_mail_device": services.has_mail_device(user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    user = _current_user(request)
    if services.has_confirmed_second_factor(user):
        return redirect("accounts:verify")
    device = services.pending_totp_device(user)
    form = EnrolForm(request.POST or None, young=user.is_young_person)
    if request.method == "POST" and form.is_valid():
        result = services.confirm_totp_enrolment(request, user, token=form.cleaned_data["token"])
        if result.confirmed:
            request.session[_BACKUP_CODES_SESSION_KEY] = result.backup_codes
            return redirect("accounts:backup_codes")
        form.add_error(
            "token", _code_error(result.outcome, enrolling=True, young=user.is_young_person)
        )
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4,
        title=pgettext("jongere", "QR code for your app")
        if user.is_young_person
        else _("QR code for your app"),
    )
    key = base64.b32encode(device.bin_key).decode()
    secret = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
    return render(
        request, "accounts/enrol.html", {"form": form, "qr_svg": qr_svg, "secret": secret}
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrol_mail(request: HttpRequest) -> HttpResponse:
    """The second factor by mail: for people without an authenticator app (parents)."""
    user = _current_user(request)
    if services.has_confirmed_second_factor(user):
        return redirect("accounts:verify")
    if not user.email:
        messages.error(request, _("Your account has no e-mail address. Use the app instead."))
        return redirect("accounts:enrol")
    form = TokenForm(request.POST or None, young=user.is_young_person)
    if request.method == "GET" or "resend" in request.POST:
        services.send_mail_code(user, enrolling=True)
        form = TokenForm(young=user.is_young_person)
    elif form.is_valid():
        result = services.confirm_mail_enrolment(request, user, token=form.cleaned_data["token"])
        if result.confirmed:
            request.session[_BACKUP_CODES_SESSION_KEY] = result.backup_codes
            return redirect("accounts:backup_codes")
        form.add_error("token", _code_error(result.outcome, young=user.is_young_person))
    return render(request, "accounts/enrol_mail.html", {"form": form, "email": user.email})


@login_required
@require_POST
def send_mail_code(request: HttpRequest) -> HttpResponse:
    user = _current_user(request)
    if services.send_mail_code(user, enrolling=False):
        messages.info(request, _("We sent a code to your e-mail address. It works 10 minutes."))
    return redirect("accounts:verify")


@login_required
@require_http_methods(["GET", "POST"])
def backup_codes(request: HttpRequest) -> HttpResponse:
    user = _current_user(request)
    if request.method == "POST":
        codes = services.regenerate_backup_codes(user)
        messages.success(request, _("New backup codes were made; the old ones no longer work."))
    else:
        codes = request.session.pop(_BACKUP_CODES_SESSION_KEY, [])
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "remaining": services.remaining_backup_codes(user)},
    )


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
