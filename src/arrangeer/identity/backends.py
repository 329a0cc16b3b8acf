"""mozilla-django-oidc's backend, configured per login: DigiD from the settings, an
organisation's provider from functional management. The code flow, the token request, the
signature check against the provider's JWKS and the nonce are the library's; the token's
audience, issuer and lifetime are checked by PyJWT with the parameters the library leaves out."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest

import jwt
from mozilla_django_oidc.auth import OIDCAuthenticationBackend  # type: ignore[import-untyped]

from arrangeer.accounts.models import User

from .constants import Refusal
from .services import LoginRefused, ProviderConfig, endpoints, user_for_claims

# The request carries the provider of the login in progress (set by the callback view).
REQUEST_PROVIDER = "arrangeer_oidc_provider"
# What the callback needs of the checked token: its assurance level and its subject.
REQUEST_ACR = "arrangeer_oidc_acr"
REQUEST_SUBJECT = "arrangeer_oidc_subject"


class ProviderBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Nothing from the settings yet: each login brings its own provider.
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()
        self.config: ProviderConfig | None = None

    def get_settings(self, attr: str, *args: Any) -> Any:
        return getattr(settings, attr, *args)

    def _configure(self, config: ProviderConfig) -> None:
        found = endpoints(config)
        self.config = config
        self.OIDC_OP_TOKEN_ENDPOINT = found.token
        self.OIDC_OP_USER_ENDPOINT = found.userinfo
        self.OIDC_OP_JWKS_ENDPOINT = found.jwks
        self.OIDC_RP_CLIENT_ID = config.client_id
        self.OIDC_RP_CLIENT_SECRET = config.client_secret
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        config = getattr(request, REQUEST_PROVIDER, None) if request is not None else None
        if config is None or "nonce" not in kwargs:
            return None  # a password login: not ours
        self._configure(config)
        user: User | None = super().authenticate(request, **kwargs)
        return user

    def _verify_jws(self, payload: bytes | str, key: Any) -> dict[str, Any]:
        assert self.config is not None
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise LoginRefused(Refusal.TOKEN)
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.config.client_id,
                issuer=self.config.issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise LoginRefused(Refusal.EXPIRED) from error
        except jwt.InvalidAudienceError as error:
            raise LoginRefused(Refusal.AUDIENCE) from error
        except jwt.InvalidTokenError as error:
            raise LoginRefused(Refusal.TOKEN) from error

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        try:
            payload: dict[str, Any] = super().verify_token(token, **kwargs)
        except SuspiciousOperation as error:
            # The library's own checks: the nonce of this login, the key of the signature.
            nonce = "nonce" in str(error).lower()
            raise LoginRefused(Refusal.STATE if nonce else Refusal.TOKEN) from error
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User:
        assert self.config is not None
        userinfo = self.get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core §5.3.2: the userinfo must be about the token's subject.
        if not isinstance(userinfo, dict) or userinfo.get("sub") != payload.get("sub"):
            raise LoginRefused(Refusal.TOKEN)
        user = user_for_claims(self.config, {**userinfo, "sub": payload["sub"]})
        setattr(self.request, REQUEST_ACR, payload.get("acr"))
        setattr(self.request, REQUEST_SUBJECT, payload["sub"])
        return user
