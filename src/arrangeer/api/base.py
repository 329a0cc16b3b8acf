"""The base of the API's views under a case (`cases/<case_id>/…`).

Every such view is a `CaseScoped` view: logged in (an API token or a verified session), and
the case reached only through the access layer (`case_access`, which decides and writes the
access log, channel "api"). A test (`tests/test_base.py`) walks the URLconf and fails on a view
under a case that is not `CaseScoped` or that sets its own permissions, so a new endpoint
cannot skip the door by forgetting a line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from arrangeer.audit.constants import Channel
from arrangeer.cases.access import Actor, CaseAccess, access_case, request_writes

from .models import ApiToken

if TYPE_CHECKING:
    from rest_framework.permissions import _PermissionClass


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


def case_access(request: Request, case_id: UUID, **kwargs: Any) -> CaseAccess:
    """The case's access for this call (`cases.access.access_case`: Http404 and a refusal in
    the log when it is not the caller's to see)."""
    return access_case(actor_for(request), case_id, **kwargs)


class CaseScoped:
    """Mixin of every API view under a case: the permissions are set here once, and the case
    is reached through `case_access`."""

    permission_classes: Sequence[_PermissionClass] = (IsAuthenticated,)


class CaseScopedView(CaseScoped, APIView):
    """An APIView under a case."""
