"""Public API of the identity app: logging in through DigiD or an organisation's own OpenID
Connect provider (docs/login-providers.md).

The protocol is mozilla-django-oidc's (backends.py); this module holds what is Arrangeer's
own: which provider a login goes to, who the person is once the provider said so (the BSN of
a parent or young person, the employee of an organisation with an active membership), the
session's assurance level, and the access-log record of every refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

import requests
from django_otp import login as otp_login

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.middleware import SESSION_PROVIDER_LOGOUT_URL
from arrangeer.accounts.models import ExternalIdentity, User, external_subject_digest
from arrangeer.audit.constants import Channel, Event, Outcome
from arrangeer.audit.services import AccessRecord, write_access_record
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.consents.constants import GivenWith
from arrangeer.organisations.models import Membership, Organisation

from .constants import SUBSTANTIAL_ACR, Assurance, MatchOn, ProviderKind, Refusal
from .models import DigidYouthAge, OrganisationProvider, ProviderLogin

# The provider each login in progress went to, by its state (several tabs may log in at once).
SESSION_PENDING = "arrangeer_oidc_pending"
SESSION_PROVIDER = "arrangeer_login_provider"
SESSION_ASSURANCE = "arrangeer_login_assurance"
SESSION_PROVIDER_ORIGIN = "arrangeer_login_provider_origin"

_DISCOVERY_SECONDS = 300


class ProviderUnavailable(Exception):
    """The provider did not answer, or answered with something that is not its configuration."""


class LoginRefused(Exception):
    def __init__(self, reason: Refusal, *, user: User | None = None) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.user = user


@dataclass(frozen=True)
class ProviderConfig:
    kind: str
    issuer: str
    client_id: str
    client_secret: str
    claim: str
    scopes: str
    match_on: str = MatchOn.EMAIL
    organisation_id: int | None = None
    organisation_name: str = ""
    test: bool = False
    acr_values: str = ""
    legal_subject_claim: str = ""
    kvk: str = ""


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    userinfo: str
    jwks: str
    end_session: str


def digid_config() -> ProviderConfig | None:
    """DigiD through the municipality's broker, from the settings; None when not set up."""
    digid = settings.ARRANGEER_DIGID
    if not digid["issuer"] or not digid["client_id"]:
        return None
    return ProviderConfig(
        kind=ProviderKind.DIGID,
        issuer=digid["issuer"],
        client_id=digid["client_id"],
        client_secret=digid["client_secret"],
        claim=digid["bsn_claim"],
        scopes=digid["scopes"],
        test=bool(digid["test"]),
        acr_values=digid["acr_values"],
    )


def _config_for(provider: OrganisationProvider) -> ProviderConfig:
    return ProviderConfig(
        kind=ProviderKind.ORGANISATION,
        issuer=provider.issuer,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        claim=provider.claim,
        scopes=provider.scopes,
        match_on=provider.match_on,
        organisation_id=provider.organisation_id,
        organisation_name=provider.organisation.name,
        legal_subject_claim=provider.legal_subject_claim.strip(),
        kvk=provider.organisation.kvk,
    )


def organisation_config(organisation_id: int) -> ProviderConfig | None:
    provider = (
        OrganisationProvider.objects.select_related("organisation")
        .filter(organisation_id=organisation_id, is_active=True, organisation__is_active=True)
        .first()
    )
    return None if provider is None else _config_for(provider)


def organisations_with_provider() -> list[Organisation]:
    """The organisations whose people log in with their own account, by name."""
    return list(
        Organisation.objects.filter(identity_provider__is_active=True, is_active=True).order_by(
            "name"
        )
    )


def config_for_pending(entry: dict[str, Any]) -> ProviderConfig | None:
    if entry.get("kind") == ProviderKind.DIGID:
        return digid_config()
    organisation_id = entry.get("organisation_id")
    return organisation_config(int(organisation_id)) if organisation_id else None


def _check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme
    if scheme == "https" or (scheme == "http" and settings.ARRANGEER_OIDC_ALLOW_HTTP):
        return
    raise ProviderUnavailable(f"refused scheme {scheme!r}: only https in production")


def endpoints(config: ProviderConfig) -> Endpoints:
    """The provider's endpoints from its published configuration (.well-known), kept a few
    minutes. The configuration must name the issuer we asked (OpenID Connect Discovery §4.3)."""
    _check_scheme(config.issuer)
    key = f"arrangeer-oidc-discovery:{config.issuer}"
    found = cache.get(key)
    if found is None:
        url = config.issuer.rstrip("/") + "/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=settings.ARRANGEER_OIDC_TIMEOUT)
            response.raise_for_status()
            found = response.json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderUnavailable(str(error)) from error
        if not isinstance(found, dict) or found.get("issuer") != config.issuer:
            raise ProviderUnavailable("the configuration is for another issuer")
        cache.set(key, found, _DISCOVERY_SECONDS)
    try:
        result = Endpoints(
            authorization=found["authorization_endpoint"],
            token=found["token_endpoint"],
            userinfo=found["userinfo_endpoint"],
            jwks=found["jwks_uri"],
            end_session=found.get("end_session_endpoint", ""),
        )
    except KeyError as error:
        raise ProviderUnavailable(f"missing {error}") from error
    for url in (result.authorization, result.token, result.userinfo, result.jwks):
        _check_scheme(url)
    return result


def remember_pending(request: HttpRequest, state: str, config: ProviderConfig) -> None:
    pending = dict(request.session.get(SESSION_PENDING, {}))
    # A handful of logins in progress at most; the oldest goes first.
    while len(pending) >= 10:
        pending.pop(next(iter(pending)))
    pending[state] = {"kind": config.kind, "organisation_id": config.organisation_id}
    request.session[SESSION_PENDING] = pending


def take_pending(request: HttpRequest, state: str) -> dict[str, Any] | None:
    pending = dict(request.session.get(SESSION_PENDING, {}))
    entry: dict[str, Any] | None = pending.pop(state, None)
    request.session[SESSION_PENDING] = pending
    return entry


def assurance_of(acr: object) -> str:
    return Assurance.SUBSTANTIAL if acr in SUBSTANTIAL_ACR else Assurance.BASIC


def _claim(claims: dict[str, Any], name: str) -> str:
    value = claims.get(name)
    if not isinstance(value, str) or not value.strip():
        raise LoginRefused(Refusal.CLAIM)
    return value.strip()


def _new_account(kind: str, *, first_name: str, last_name: str, subject_digest: str) -> User:
    user = User(
        username=f"{kind}-{subject_digest[:20]}",
        kind=kind,
        first_name=first_name,
        last_name=last_name,
    )
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def person_for_digid(config: ProviderConfig, claims: dict[str, Any]) -> User:
    """The parent (legal representative) or young person with this BSN; their account, made
    now when they had none (no invitation needed). A BSN of no one, or of a child too young
    for an own account, is refused the same way: the answer says nothing about a child."""
    bsn = _claim(claims, config.claim)
    digest = external_subject_digest(config.issuer, _claim(claims, "sub"))
    representatives = list(
        LegalRepresentative.objects.select_for_update()
        .filter(bsn=bsn, child__anonymised_at__isnull=True)
        .order_by("pk")
    )
    if representatives:
        user = next((r.user for r in representatives if r.user is not None), None)
        if user is None:
            first = representatives[0]
            user = _new_account(
                AccountKind.PARENT,
                first_name=first.first_name,
                last_name=first.last_name,
                subject_digest=digest,
            )
        for representative in representatives:
            if representative.user_id is None:
                representative.user = user
                representative.save(update_fields=["user"])
        return user
    child = (
        Child.objects.select_for_update(of=("self",))
        .filter(bsn=bsn, anonymised_at__isnull=True)
        .select_related("user", "school__region")
        .first()
    )
    if child is not None and child.may_use_own_account() and _old_enough_for_digid(child):
        if child.user is None:
            child.user = _new_account(
                AccountKind.YOUTH,
                first_name=child.first_name,
                last_name=child.last_name,
                subject_digest=digest,
            )
            child.save(update_fields=["user"])
        return child.user
    raise LoginRefused(Refusal.UNKNOWN_PERSON)


def _old_enough_for_digid(child: Child) -> bool:
    """A young person logs in with DigiD from 16, or from 12 where the child's region allows."""
    region = child.school.region if child.school is not None else None
    from_age = DigidYouthAge.value_for(region) if region is not None else DigidYouthAge.default
    return child.age() >= from_age


def _kvk_number(value: str) -> str:
    """The KvK number in an eHerkenning legal subject: brokers send it bare ("12345678") or as
    an identifier that ends in it ("urn:etoegang:1.9:EntityConcernedID:KvKnr:12345678")."""
    return value.rsplit(":", 1)[-1].strip()


def professional_for_organisation(config: ProviderConfig, claims: dict[str, Any]) -> User:
    """The employee the organisation's provider names, if they work there now. Through an
    eHerkenning broker the login must also be for the organisation's own KvK number: an
    employee of another company who happens to have the same e-mail address is refused."""
    if (
        config.legal_subject_claim
        and _kvk_number(_claim(claims, config.legal_subject_claim)) != config.kvk
    ):
        raise LoginRefused(Refusal.OTHER_ORGANISATION)
    value = _claim(claims, config.claim)
    accounts = User.objects.filter(kind=AccountKind.PROFESSIONAL, is_active=True)
    if config.match_on == MatchOn.USERNAME:
        user = accounts.filter(username=value).first()
    else:
        user = accounts.filter(email__iexact=value).first()
    if user is None:
        raise LoginRefused(Refusal.UNKNOWN_ACCOUNT)
    works_there = config.organisation_id is not None and (
        Membership.objects.active()
        .filter(user=user, organisation_id=config.organisation_id)
        .exists()
    )
    if not works_there:
        raise LoginRefused(Refusal.MEMBERSHIP, user=user)
    return user


def user_for_claims(config: ProviderConfig, claims: dict[str, Any]) -> User:
    if config.kind == ProviderKind.DIGID:
        return person_for_digid(config, claims)
    return professional_for_organisation(config, claims)


def remember_identity(user: User, config: ProviderConfig, subject: str) -> None:
    """The provider's subject as a keyed digest (never the BSN itself), with its last use."""
    digest = external_subject_digest(config.issuer, subject)
    identity, created = ExternalIdentity.objects.get_or_create(
        issuer=config.issuer,
        subject_digest=digest,
        defaults={"user": user, "last_used_at": timezone.now()},
    )
    if not created:
        identity.last_used_at = timezone.now()
        identity.save(update_fields=["last_used_at"])


def complete_login(
    request: HttpRequest,
    user: User,
    config: ProviderConfig,
    *,
    acr: object,
    id_token: str,
    post_logout_url: str,
) -> None:
    """After Django's login: the provider's second factor counts (django-otp), the assurance
    level is kept for signing, and logging out leads on to the provider's own logout."""
    with transaction.atomic():
        device, _ = ProviderLogin.objects.get_or_create(
            user=user, name=config.kind, defaults={"confirmed": True}
        )
    otp_login(request, device)
    request.session[SESSION_PROVIDER] = config.kind
    request.session[SESSION_ASSURANCE] = (
        assurance_of(acr) if config.kind == ProviderKind.DIGID else ""
    )
    try:
        end_session = endpoints(config).end_session
    except ProviderUnavailable:
        end_session = ""
    if end_session:
        query = urlencode(
            {
                "id_token_hint": id_token,
                "post_logout_redirect_uri": post_logout_url,
                "client_id": config.client_id,
            }
        )
        request.session[SESSION_PROVIDER_LOGOUT_URL] = f"{end_session}?{query}"
        parts = urlsplit(end_session)
        request.session[SESSION_PROVIDER_ORIGIN] = f"{parts.scheme}://{parts.netloc}"


def signs_with_digid(request: HttpRequest) -> bool:
    """Logged in with DigiD at substantial assurance: agreeing counts as signed with it."""
    return (
        request.session.get(SESSION_PROVIDER) == ProviderKind.DIGID
        and request.session.get(SESSION_ASSURANCE) == Assurance.SUBSTANTIAL
    )


def consent_given_with(request: HttpRequest) -> str:
    """How the person in the portal logged in, recorded with a consent they give: DigiD at
    its level, else the password with the second step (the portal lets no one in without it)."""
    if request.session.get(SESSION_PROVIDER) == ProviderKind.DIGID:
        if request.session.get(SESSION_ASSURANCE) == Assurance.SUBSTANTIAL:
            return GivenWith.DIGID_SUBSTANTIAL
        return GivenWith.DIGID_BASIC
    return GivenWith.PASSWORD


def log_refusal(
    request: HttpRequest,
    reason: Refusal,
    *,
    kind: str,
    config: ProviderConfig | None = None,
    user: User | None = None,
) -> None:
    """Every refused login through a provider leaves an access-log record: which provider,
    why (never the BSN or the claims), and the account when one was known."""
    write_access_record(
        AccessRecord(
            event=Event.VIEW,
            outcome=Outcome.DENIED,
            channel=Channel.WEB,
            user_id=user.pk if user is not None else None,
            username=user.get_username() if user is not None else "",
            organisation_id=config.organisation_id if config is not None else None,
            organisation_name=config.organisation_name if config is not None else "",
            object_type="login",
            object_id=f"{kind}:{reason.value}",
            client_address=request.META.get("REMOTE_ADDR"),
        )
    )
