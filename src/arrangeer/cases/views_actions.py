from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from arrangeer.cases.access import Actor
from arrangeer.core.paging import MAX_PAGE, Window

from .actions import actions_for, log_shown, sources

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
    asked = request.GET.get("pagina") or ""
    number = min(max(int(asked), 1), MAX_PAGE) if asked.isdigit() else 1
    # Every source reads its first actions up to this page and one more (to know whether
    # there is a next page), sorted and cut in SQL; URLs are built for the shown rows only.
    found = actions_for(actor.user, today=today, limit=number * PAGE_SIZE + 1)
    page = Window.of(found, str(number), PAGE_SIZE)
    shown = page.rows
    # The access log records the cases shown on this page (as "My cases" does), and the
    # aanmeldingen shown (as their own list does).
    log_shown(actor, shown)
    labels = {code: source.label for code, source in sources().items()}
    return render(
        request,
        "cases/my_actions.html",
        {
            "page": page,
            "rows": [(a, labels.get(a.source, ""), a.is_overdue(today)) for a in shown],
            "today": today,
        },
    )
