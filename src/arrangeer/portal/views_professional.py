"""The professional side of the portal: inviting the family (and the family accepting), and
what the family gave in the portal."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from arrangeer.audit.constants import Event
from arrangeer.cases.access import Actor, access_case
from arrangeer.core.forms_util import add_service_errors

from . import gifts, services
from .forms import AcceptForm, InviteForm
from .models import Invitation

# The professional side: inviting the family -----------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(
        Actor.from_request(request), case_id, regisseur_only=True, object_type="invitation"
    )
    case = access.case
    representatives = list(case.child.representatives.all())
    choices = [(f"r{r.pk}", str(r)) for r in representatives]
    child_allowed = not services.too_young(case)
    if child_allowed:
        choices.append(("child", _("%(name)s (the young person)") % {"name": case.child}))
    form = InviteForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        invitee = form.cleaned_data["invitee"]
        representative = next((r for r in representatives if f"r{r.pk}" == invitee), None)
        try:
            services.invite(
                access,
                representative=representative,
                for_child=invitee == "child",
                email=form.cleaned_data["email"],
                base_url=settings.SITE_URL,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The invitation was sent."))
            return redirect("portal:invite", case_id=case_id)
    invitations = list(
        Invitation.objects.filter(case=case).select_related("representative").order_by("-pk")
    )
    return render(
        request,
        "portal/invite.html",
        {
            "case": case,
            "form": form,
            "invitations": invitations,
            "child_allowed": child_allowed,
        },
    )


@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.find_invitation(token)
    except services.InvitationUnusable:
        return render(request, "portal/invitation_unusable.html", status=410)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(token, password=form.cleaned_data["password"])
        except services.InvitationUnusable:
            return render(request, "portal/invitation_unusable.html", status=410)
        except ValidationError as error:
            add_service_errors(form, ValidationError({"password": error.messages}))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("accounts:enrol")
    return render(
        request,
        "portal/accept.html",
        {"form": form, "invitation": invitation},
    )


# The professional side: what the family gave ---------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def from_family(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """ "Van het gezin": the logbook, files, remarks and withdrawn consents the family gave in
    the portal, within what this person reads of it; the regisseur marks them as read."""
    access = access_case(
        Actor.from_request(request),
        case_id,
        event=Event.CHANGE if request.method == "POST" else Event.VIEW,
        object_type="family_message",
    )
    if request.method == "POST":
        count = gifts.mark_read(access, messages=request.POST.getlist("message"))
        if count:
            messages.success(request, _("Marked as read. The family sees that you read it."))
        return redirect("portal:from_family", case_id=case_id)
    given = gifts.family_messages(access)
    return render(
        request,
        "portal/from_family.html",
        {
            "access": access,
            "case": access.case,
            "given": given,
            "unread": [m for m in given if m.read_at is None],
        },
    )
