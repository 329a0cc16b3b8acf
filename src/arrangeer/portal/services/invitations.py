"""Invitations to the portal: the regisseur invites a parent or the young person by mail, the
link is checked and accepted (the family account made or reused), and who sees which
invitations."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change, require_regisseur
from arrangeer.cases.models import Case
from arrangeer.children.models import LegalRepresentative
from arrangeer.core import tasks

from ..models import Invitation

INVITATION_DAYS = 7


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def too_young(case: Case, day: dt.date | None = None) -> bool:
    return not case.child.may_use_own_account(day or timezone.localdate())


@transaction.atomic
def invite(
    access: CaseAccess,
    *,
    representative: LegalRepresentative | None,
    for_child: bool,
    email: str,
    base_url: str,
) -> Invitation:
    """The regisseur invites one parent or carer, or the young person from 12, by mail. Each
    parent separately: an invitation is for one person. Earlier open links for the same person
    stop working."""
    require_regisseur(access, _("Only the regisseur invites the family."))
    case = access.case
    if for_child == (representative is not None):
        raise ValidationError({"invitee": _("Choose who you invite.")})
    if representative is not None and representative.child_id != case.child_id:
        raise ValidationError({"invitee": _("This person is not a parent or carer of this child.")})
    if for_child and too_young(case):
        raise ValidationError(
            {"invitee": _("A child under 12 cannot have an account; the parents use theirs.")}
        )
    if not email.strip():
        raise ValidationError({"email": _("Fill in the e-mail address.")})
    now = timezone.now()
    Invitation.objects.filter(
        case=case, representative=representative, for_child=for_child, used_at__isnull=True
    ).update(expires_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        case=case,
        representative=representative,
        for_child=for_child,
        email=email.strip(),
        token_digest=_digest(token),
        created_by=access.user,
        expires_at=now + dt.timedelta(days=INVITATION_DAYS),
    )
    log_change(access, event=Event.CREATE, object_type="invitation", object_id=str(invitation.uuid))
    link = base_url.rstrip("/") + reverse("portal:accept", kwargs={"token": token})
    # The mail names no child: whoever reads it over someone's shoulder learns nothing.
    if for_child:  # the young person is spoken to as "je", about their own plan
        subject = pgettext("jongere", "Your invitation to Arrangeer")
        body = pgettext(
            "jongere",
            "You are invited to the Arrangeer portal, where you can read your plan and say "
            "what you think of it.\n\nOpen this link within %(days)s days to make your "
            "account:\n%(link)s\n\nThe link works once. Did it expire? Ask the person who "
            "invited you for a new link.",
        )
    else:
        subject = _("Your invitation to Arrangeer")
        body = _(
            "You are invited to the Arrangeer portal, where you can read and help make the plan "
            "for your child's support.\n\nOpen this link within %(days)s days to make your "
            "account:\n%(link)s\n\nThe link works once. Did it expire? Ask the person who invited "
            "you for a new link."
        )
    body %= {"days": INVITATION_DAYS, "link": link}
    tasks.on_commit(tasks.send_mail, subject, body, [invitation.email])
    return invitation


class InvitationUnusable(Exception):
    """The link is unknown, used, expired or for a child who is too young."""


def find_invitation(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("case__child", "representative")
        .filter(token_digest=_digest(token))
        .first()
    )
    if invitation is None or not invitation.is_open():
        raise InvitationUnusable
    if invitation.for_child and too_young(invitation.case):
        raise InvitationUnusable
    return invitation


@transaction.atomic
def accept_invitation(token: str, *, password: str) -> User:
    """Makes the account (or uses the one the person already has) and links it to the
    parent record or the child. The second factor is set up right after, at the first page."""
    invitation = find_invitation(token)
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_open():
        raise InvitationUnusable
    kind = AccountKind.YOUTH if invitation.for_child else AccountKind.PARENT
    user = _account_for(invitation, kind)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    if invitation.for_child:
        child = invitation.case.child
        child.user = user
        child.save(update_fields=["user"])
    else:
        representative = invitation.representative
        assert representative is not None
        representative.user = user
        representative.save(update_fields=["user"])
    locked.used_at = timezone.now()
    locked.user = user
    locked.save(update_fields=["used_at", "user"])
    return user


def _account_for(invitation: Invitation, kind: str) -> User:
    """The account an invitation leads to. A person who already has a family account (a
    parent of two children) keeps one account; a professional's account is never reused."""
    linked = (
        invitation.case.child.user
        if invitation.for_child
        else (invitation.representative.user if invitation.representative else None)
    )
    if linked is not None:
        return linked
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None:
        if existing.kind != kind:
            raise ValidationError(
                _("This e-mail address already belongs to another kind of account.")
            )
        return existing
    person = invitation.case.child if invitation.for_child else invitation.representative
    assert person is not None
    username = f"{kind}-{secrets.token_hex(4)}"
    return User(
        username=username,
        email=invitation.email,
        first_name=person.first_name,
        last_name=person.last_name,
        kind=kind,
    )


def invitations_for(access: CaseAccess) -> list[Invitation]:
    """The regisseur sees every invitation to the portal (as on the invitation page); a
    family member the invitations that made their own account."""
    invitations = Invitation.objects.filter(case=access.case).select_related(
        "representative", "created_by"
    )
    if access.family is not None:
        invitations = invitations.filter(user=access.user)
    elif not access.is_regisseur:
        return []
    return list(invitations.order_by("created_at", "pk"))
