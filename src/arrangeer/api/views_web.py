"""The page where a professional makes and revokes personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arrangeer.accounts.models import User
from arrangeer.core.forms_util import add_service_errors
from arrangeer.organisations.models import Membership

from . import services
from .forms import NewTokenForm
from .models import ApiToken


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    memberships = Membership.objects.active().filter(user=user).select_related("organisation")
    if not user.is_professional or not memberships.exists():
        raise Http404
    form = NewTokenForm(request.POST or None, memberships=memberships)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _record, new_token = services.create_token(
                user=user,
                membership=form.cleaned_data["membership"],
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = NewTokenForm(memberships=memberships)
    mine = ApiToken.objects.filter(user=user).select_related("membership__organisation")
    return render(
        request, "api/tokens.html", {"form": form, "tokens": mine, "new_token": new_token}
    )


@login_required
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=token_id, user=_user(request)).first()
    if token is None:
        raise Http404
    services.revoke_token(token, user=_user(request))
    messages.success(request, _("The token was revoked; it no longer works."))
    return redirect("api_tokens")
