"""Logging in through DigiD or the organisation's own account (docs/login-providers.md).

Starting a login and the callback are mozilla-django-oidc's views, given the provider of this
login. Every refusal shows one page in plain words, with the other way in, and leaves an
access-log record."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

import jwt
import requests
from mozilla_django_oidc.views import (  # type: ignore[import-untyped]
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from arrangeer.accounts.models import User

from . import services
from .backends import REQUEST_ACR, REQUEST_PROVIDER, REQUEST_SUBJECT
from .constants import ProviderKind, Refusal
from .services import LoginRefused, ProviderConfig, ProviderUnavailable

_STATUS = {Refusal.UNAVAILABLE: 503}


def _message(reason: Refusal, kind: str) -> str:
    digid = kind == ProviderKind.DIGID
    if reason is Refusal.UNAVAILABLE:
        if digid:
            return _(
                "DigiD cannot be reached at the moment. Try again later, or log in with your "
                "user name and password from the invitation."
            )
        return _(
            "Your organisation's login cannot be reached at the moment. Try again later, or "
            "log in with your user name, password and code."
        )
    if reason is Refusal.CANCELLED:
        return _("You stopped logging in. You can try again.")
    if reason is Refusal.UNKNOWN_PERSON:
        return _(
            "You logged in with DigiD, but we cannot find you in Arrangeer. Only parents and "
            "young people whose school or care team uses Arrangeer for them can log in. "
            "Do you think this is wrong? Ask the school or the care team that works with you."
        )
    if reason is Refusal.UNKNOWN_ACCOUNT:
        return _(
            "Your organisation knows you, but Arrangeer has no account for you. Ask your "
            "functional administrator."
        )
    if reason is Refusal.MEMBERSHIP:
        return _(
            "You no longer work for this organisation in Arrangeer, so you cannot log in "
            "with its account. Ask your functional administrator if this is wrong."
        )
    if reason is Refusal.OTHER_ORGANISATION:
        return _(
            "You logged in with eHerkenning for another company than this organisation. Log "
            "in again and choose this organisation's authorisation."
        )
    if reason is Refusal.CLAIM:
        if digid:
            return _("DigiD did not give us your BSN, so we cannot log you in. Try again.")
        return _(
            "Your organisation's login did not say who you are in the way Arrangeer needs. "
            "Ask your functional administrator."
        )
    if reason is Refusal.EXPIRED:
        return _("Logging in took too long or the answer was too old. Please try again.")
    return _("Logging in did not work, for your safety. Please start again.")


def refused(
    request: HttpRequest,
    reason: Refusal,
    *,
    kind: str,
    config: ProviderConfig | None = None,
    user: User | None = None,
) -> HttpResponse:
    services.log_refusal(request, reason, kind=kind or "unknown", config=config, user=user)
    return render(
        request,
        "identity/refused.html",
        {
            "message": _message(reason, kind),
            "reason": reason.value,
            "digid": kind == ProviderKind.DIGID,
        },
        status=_STATUS.get(reason, 403),
    )


class _StartView(OIDCAuthenticationRequestView, ABC):
    """mozilla-django-oidc's start of the code flow (state, nonce, PKCE), for one provider."""

    config: ProviderConfig
    kind = ""

    def __init__(self, **kwargs: Any) -> None:
        # The library reads one provider from the settings here; ours comes per request.
        self.OIDC_RP_CLIENT_ID = ""
        self.OIDC_OP_AUTH_ENDPOINT = ""

    @abstractmethod
    def provider(self, request: HttpRequest) -> ProviderConfig | None:
        """The provider this view starts a login at; None when it is not set up."""

    def get_settings(self, attr: str, *args: Any) -> Any:
        if attr == "OIDC_RP_SCOPES":
            return self.config.scopes
        return getattr(settings, attr, *args)

    def get_extra_params(self, request: HttpRequest) -> dict[str, str]:
        # DigiD: the assurance levels we accept, most wanted first; the answer's acr says
        # which one the person used.
        if self.config.acr_values:
            return {"acr_values": self.config.acr_values}
        return {}

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        config = self.provider(request)
        if config is None:
            return refused(request, Refusal.UNAVAILABLE, kind=self.kind)
        self.config = config
        try:
            found = services.endpoints(config)
        except ProviderUnavailable:
            return refused(request, Refusal.UNAVAILABLE, kind=config.kind, config=config)
        self.OIDC_RP_CLIENT_ID = config.client_id
        self.OIDC_OP_AUTH_ENDPOINT = found.authorization
        response: HttpResponse = super().get(request)
        state = _state_of(response)
        services.remember_pending(request, state, config)
        return response


def _state_of(response: HttpResponse) -> str:
    location = response["Location"]
    return parse_qs(urlsplit(location).query)["state"][0]


class DigidStartView(_StartView):
    kind = ProviderKind.DIGID

    def provider(self, request: HttpRequest) -> ProviderConfig | None:
        return services.digid_config()


class OrganisationStartView(_StartView):
    kind = ProviderKind.ORGANISATION

    def provider(self, request: HttpRequest) -> ProviderConfig | None:
        return services.organisation_config(int(self.kwargs["organisation_id"]))


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the person back here with a code; the library exchanges it and the
    backend checks the token and finds the person."""

    def get(self, request: HttpRequest) -> HttpResponse:
        state = request.GET.get("state", "")
        entry = services.take_pending(request, state) if state else None
        kind = str(entry["kind"]) if entry else ""
        config = services.config_for_pending(entry) if entry else None
        if request.GET.get("error"):
            states = request.session.get("oidc_states", {})
            if state in states:
                del states[state]
                request.session["oidc_states"] = states
            return refused(request, Refusal.CANCELLED, kind=kind, config=config)
        if entry is None:
            return refused(request, Refusal.STATE, kind=kind)
        if config is None:
            return refused(request, Refusal.UNAVAILABLE, kind=kind)
        setattr(request, REQUEST_PROVIDER, config)
        try:
            response: HttpResponse = super().get(request)
            return response
        except LoginRefused as refusal:
            return refused(request, refusal.reason, kind=kind, config=config, user=refusal.user)
        except (ProviderUnavailable, requests.ConnectionError, requests.Timeout):
            return refused(request, Refusal.UNAVAILABLE, kind=kind, config=config)
        except (requests.RequestException, jwt.PyJWTError):
            # The provider refused the code (used already, or not ours), or sent no token.
            return refused(request, Refusal.TOKEN, kind=kind, config=config)
        except SuspiciousOperation:
            return refused(request, Refusal.STATE, kind=kind, config=config)

    def login_failure(self) -> HttpResponse:
        raise LoginRefused(
            Refusal.STATE if "oidc_states" not in self.request.session else Refusal.TOKEN
        )

    def login_success(self) -> HttpResponse:
        request = self.request
        user = self.user
        assert isinstance(user, User)
        config: ProviderConfig = getattr(request, REQUEST_PROVIDER)
        super().login_success()
        services.complete_login(
            request,
            user,
            config,
            acr=getattr(request, REQUEST_ACR, None),
            id_token=request.session.get("oidc_id_token", ""),
            post_logout_url=request.build_absolute_uri(reverse("accounts:login")),
        )
        services.remember_identity(user, config, getattr(request, REQUEST_SUBJECT))
        if user.is_professional:
            return HttpResponseRedirect(reverse("cases:list"))
        return HttpResponseRedirect(reverse(settings.LOGIN_REDIRECT_URL))


@require_GET
def organisation_choice(request: HttpRequest) -> HttpResponse:
    """The organisations whose people log in with their own account."""
    return render(
        request,
        "identity/organisations.html",
        {"organisations": services.organisations_with_provider()},
    )
