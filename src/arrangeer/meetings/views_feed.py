"""The secret calendar address: the account page to make, replace or revoke it, and the feed
itself (no login: the address is the secret)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arrangeer.accounts.models import User
from arrangeer.cases.access import Actor

from . import feeds, invitations
from .models import CalendarFeed


@login_required
@require_http_methods(["GET", "POST"])
def calendar_address(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    address = ""
    if request.method == "POST":
        if request.POST.get("actie") == "intrekken":
            feeds.revoke(user)
            messages.success(request, _("Your calendar address no longer works."))
            return redirect("meetings_calendar")
        token = feeds.regenerate(user)
        address = request.build_absolute_uri(reverse("meetings_feed", kwargs={"token": token}))
        messages.success(
            request,
            _("Your new calendar address is below. It is shown only now; the old one stopped."),
        )
    return render(
        request,
        "meetings/calendar_address.html",
        {"address": address, "has_feed": CalendarFeed.objects.filter(user=user).exists()},
    )


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    user = feeds.owner_of(token)
    if user is None:
        raise Http404
    actor = Actor(user=user, client_address=request.META.get("REMOTE_ADDR"))
    body = invitations.upcoming_feed(feeds.read_feed(actor))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
