from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from arrangeer.cases.access import Actor, log_listed

from .actions import actions_for, sources

PAGE_SIZE = 50


@login_required
@require_GET
def my_actions(request: HttpRequest) -> HttpResponse:
    """Everything the person has to do, for which case, by when, most urgent first: only in
    cases they may see (the sources start from the access layer's list)."""
    actor = Actor.from_request(request)
    if not actor.user.is_professional:
        raise Http404
    today = timezone.localdate()
    page = Paginator(actions_for(actor.user, today=today), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    shown = list(page.object_list)
    # The access log records the cases shown on this page (as "My cases" does).
    log_listed(actor, list({a.case.pk: a.case for a in shown}.values()))
    labels = {code: source.label for code, source in sources().items()}
    return render(
        request,
        "routes/my_actions.html",
        {
            "page": page,
            "rows": [(a, labels.get(a.source, ""), a.is_overdue(today)) for a in shown],
            "today": today,
        },
    )
