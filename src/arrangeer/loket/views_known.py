"""A person's own page of "known in both domains": /loket/bekend/. Each match is told to
the contacts of its two sides and to nobody else; each look is logged for the child."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arrangeer.accounts.models import User
from arrangeer.cases.access import Actor
from arrangeer.core.forms_util import add_service_errors
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Membership

from . import selectors, services
from .forms import SignalForm


def _professional(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_professional:
        raise Http404
    return user


@login_required
@require_GET
def known_list(request: HttpRequest) -> HttpResponse:
    user = _professional(request)
    told = selectors.matches_for(user)
    services.log_matches_shown(Actor.from_request(request), told)
    youth = Membership.objects.active().filter(
        user=user, organisation__type=OrganisationType.YOUTH_TEAM
    )
    return render(
        request,
        "loket/known.html",
        {"told": told, "may_signal": youth.exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def known_signal(request: HttpRequest) -> HttpResponse:
    user = _professional(request)
    memberships = (
        Membership.objects.active()
        .filter(user=user, organisation__type=OrganisationType.YOUTH_TEAM)
        .select_related("organisation__region")
    )
    if not memberships.exists():
        raise Http404
    form = SignalForm(request.POST or None, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_signal(
                Actor.from_request(request),
                membership=data["membership"],
                bsn=data["bsn"],
                child_name=data["child_name"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Recorded that your youth team knows this child. If the child is also "
                    "known in education in your region, both sides are told here."
                ),
            )
            return redirect("loket_known:list")
    return render(request, "loket/signal.html", {"form": form})
