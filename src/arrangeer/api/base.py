"""The base of the API's views under a case (`cases/<case_id>/…`).

Every such view is a `CaseScoped` view: logged in (an API token or a verified session), and
the case reached only through the access layer (`case_access`, which decides and writes the
access log, channel "api"). A test (`tests/test_base.py`) walks the URLconf and fails on a view
under a case that is not `CaseScoped` or that sets its own permissions, so a new endpoint
cannot skip the door by forgetting a line."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from arrangeer.audit.constants import Channel
from arrangeer.cases.access import Actor, CaseAccess, access_case, request_writes

from .models import ApiToken
from .permissions import Who, required
from .problems import PreconditionFailed, PreconditionRequired

if TYPE_CHECKING:
    from rest_framework.permissions import _PermissionClass

Locked = TypeVar("Locked")
Written = TypeVar("Written")

# The header every write with optimistic concurrency takes, in the schema.
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag of your last read; a stale one answers 412.",
)


def actor_for(request: Request) -> Actor:
    """Who calls: the user, through the API, for the token's organisation only."""
    token = request.auth if isinstance(request.auth, ApiToken) else None
    return Actor(
        user=request.user,  # type: ignore[arg-type]
        channel=Channel.API,
        client_address=request.META.get("REMOTE_ADDR"),
        organisation_id=token.membership.organisation_id if token else None,
        writes=request_writes(request),
    )


def text_param(request: Request, name: str, *, limit: int | None = None) -> str:
    """The query parameter `name` as text ("" when absent), cut to `limit` characters; a 400
    naming the parameter when it holds a NUL character, which no text in the database can
    hold (PostgreSQL refuses it in a query)."""
    value = str(request.query_params.get(name, ""))
    if "\x00" in value:
        raise ValidationError({name: [_("This text contains a character that is not allowed.")]})
    return value[:limit] if limit is not None else value


def case_access(
    request: Request, case_id: UUID, *, leaving_self: bool = False, **kwargs: Any
) -> CaseAccess:
    """The case's access for this call (`cases.access.access_case`: Http404 and a refusal in
    the log when it is not the caller's to see). Whether only the regisseur is let in comes
    from the action's entry in `permissions.ACTIONS`, never from the view; `leaving_self`
    says the caller acts on their own place (an action of the regisseur or oneself)."""
    who = required(request)
    regisseur_only = who is Who.REGISSEUR or (who is Who.REGISSEUR_OR_SELF and not leaving_self)
    return access_case(actor_for(request), case_id, regisseur_only=regisseur_only, **kwargs)


class Pagination(CursorPagination):
    """The one paginator of the API's lists: a cursor (no COUNT, stable while rows are added),
    `page_size` rows a page (at most 200, the caller may ask fewer or more with `page_size`),
    in the order the view names. A list view sets `ordering` (unique at the end, the id) and,
    when it differs from 50, `page_size`."""

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: APIView | None = None
    ) -> list[Any] | None:
        self.page_size = getattr(view, "page_size", None) or type(self).page_size
        return super().paginate_queryset(queryset, request, view)

    def get_ordering(
        self, request: Request, queryset: QuerySet[Any], view: APIView | None
    ) -> tuple[str, ...]:
        ordering = getattr(view, "ordering", None)
        if not ordering:
            raise TypeError(f"{type(view).__name__} pages a list without naming its ordering.")
        return tuple(ordering)


class CaseScoped:
    """Mixin of every API view under a case: the permissions are set here once, and the case
    is reached through `case_access`."""

    permission_classes: Sequence[_PermissionClass] = (IsAuthenticated,)


class CaseScopedView(CaseScoped, APIView):
    """An APIView under a case."""

    # A paged list sets `pagination_class = Pagination` (so the schema shows the page) and
    # its `ordering`, and answers with `paginate`.
    ordering: tuple[str, ...] = ()

    def paginate(
        self,
        request: Request,
        queryset: QuerySet[Any],
        serialize: Callable[[list[Any]], Any],
    ) -> Response:
        """One page of `queryset` in the view's `ordering`, its rows serialized by
        `serialize`, with the cursors of the next and previous pages."""
        paginator = Pagination()
        page = paginator.paginate_queryset(queryset, request, view=self) or []
        return paginator.get_paginated_response(serialize(page))


# --- optimistic concurrency ----------------------------------------------------------------


def etag_of(data: Any) -> str:
    """The ETag of a representation: a hash of its JSON, so any change in what was read
    changes it."""
    body = json.dumps(data, sort_keys=True, default=str).encode()
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def if_match(request: Request) -> str:
    """The ETag the caller last read, from If-Match (428 without it)."""
    expected = request.headers.get("If-Match", "").strip()
    if not expected:
        raise PreconditionRequired
    return expected


def version_etag(uuid: UUID, version: int) -> str:
    """The ETag of an aggregate whose service checks a version (a plan item's lock version,
    the case's flags, a meeting, an escalation's steps): `"<id>-<version>"`."""
    return f'"{uuid}-{version}"'


def expected_version(request: Request, uuid: UUID) -> int:
    """The version the caller last read, from If-Match (428 without it); an ETag of something
    else is stale by definition (-1), so the service refuses it."""
    raw = if_match(request)
    prefix = f'"{uuid}-'
    if raw.startswith(prefix) and raw.endswith('"') and raw[len(prefix) : -1].isdigit():
        return int(raw[len(prefix) : -1])
    return -1


def write_if_match(
    request: Request,
    *,
    lock: Callable[[], Locked],
    etag: Callable[[Locked], str],
    write: Callable[[Locked], Written],
) -> Written:
    """The one shape of a write with If-Match where the service has no version to check: in
    one transaction, lock the aggregate, compare its ETag now with the one the caller read
    (412 when it changed since), then call the service with the locked row. 428 before
    anything is locked when If-Match is missing. Where the service checks a version (plan
    items, the case's flags, meetings, escalations), the view passes `expected_version` and
    turns its conflict into 412."""
    expected = if_match(request)
    with transaction.atomic():
        locked = lock()
        if etag(locked) != expected:
            raise PreconditionFailed
        return write(locked)
