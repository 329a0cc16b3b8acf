"""Who asks: the person, the channel and the address the access log records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.audit.constants import Channel


@dataclass(frozen=True)
class Actor:
    """Who asks, through which channel, from where: what the access log needs besides the
    object. Built once per request (or per command run)."""

    user: User
    channel: str = Channel.WEB
    client_address: str | None = None
    on_behalf_of: User | None = None
    # An API token acts for one organisation only: the user's places at other organisations
    # give it nothing.
    organisation_id: int | None = None
    # The request may change something (any method but GET, HEAD, OPTIONS): refused on a
    # closed case, which can only be read.
    writes: bool = False

    @classmethod
    def from_request(cls, request: HttpRequest, *, channel: str = Channel.WEB) -> Actor:
        user = request.user
        assert isinstance(user, User)
        return cls(
            user=user,
            channel=channel,
            client_address=request.META.get("REMOTE_ADDR"),
            writes=request_writes(request),
        )


def request_writes(request: HttpRequest) -> bool:
    return (request.method or "GET").upper() not in SAFE_METHODS


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _now() -> dt.datetime:
    return timezone.now()
