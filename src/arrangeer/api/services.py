"""Public API of the api app: personal API tokens."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.accounts.models import User
from arrangeer.organisations.models import Membership

from .models import TOKEN_PREFIX, ApiToken

MAX_DAYS = 365


@transaction.atomic
def create_token(
    *, user: User, membership: Membership, name: str, days: int
) -> tuple[ApiToken, str]:
    if membership.user_id != user.pk or not membership.is_active:
        raise PermissionDenied(_("This is not one of your roles."))
    if not name.strip():
        raise ValidationError({"name": _("Give the token a name.")})
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": _("A token lives 1 to 365 days.")})
    token, key_id, digest = ApiToken.new_secret()
    record = ApiToken.objects.create(
        user=user,
        membership=membership,
        name=name.strip(),
        key_id=key_id,
        digest=digest,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return record, token


@transaction.atomic
def revoke_token(token: ApiToken, *, user: User) -> None:
    if token.user_id != user.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def authenticate_token(raw: str) -> ApiToken | None:
    """The usable token for this raw value, or None. Constant-time comparison of the secret."""
    if not raw.startswith(TOKEN_PREFIX) or "." not in raw:
        return None
    key_id, _, secret = raw[len(TOKEN_PREFIX) :].partition(".")
    token = (
        ApiToken.objects.usable()
        .select_related("user", "membership__organisation")
        .filter(key_id=key_id, user__is_active=True, membership__is_active=True)
        .first()
    )
    if token is None or not token.matches(secret):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
