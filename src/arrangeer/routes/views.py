from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from arrangeer.cases.access import Actor, log_listed

from .actions import actions_for, sources


@login_required
@require_GET
def my_actions(request: HttpRequest) -> HttpResponse:
    """Everything the person has to do, for which case, by when, most urgent first: only in
    cases they may see (the sources start from the access layer's list)."""
    actor = Actor.from_request(request)
    if not actor.user.is_professional:
        raise Http404
    today = timezone.localdate()
    actions = actions_for(actor.user, today=today)
    log_listed(actor, list({a.case.pk: a.case for a in actions}.values()))
    labels = {code: source.label for code, source in sources().items()}
    return render(
        request,
        "routes/my_actions.html",
        {
            "rows": [(a, labels.get(a.source, ""), a.is_overdue(today)) for a in actions],
            "today": today,
        },
    )
