"""Public API of the accounts app: second factor enrolment and verification, language."""

from __future__ import annotations

import enum
import secrets
import time
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest

from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"
MAIL_DEVICE_NAME = "mail"


def has_confirmed_second_factor(user: User) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator of an enrolment in progress (made once, then reused so a
    reload does not change the QR code while the person is scanning it)."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


class CodeCheck(enum.Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    THROTTLED = "throttled"  # too many wrong codes in a row: wait before the next try
    USED = "used"  # the app's code of this moment, but it was used already: wait for the next


@dataclass(frozen=True)
class EnrolmentResult:
    outcome: CodeCheck
    backup_codes: list[str]

    @property
    def confirmed(self) -> bool:
        return self.outcome is CodeCheck.ACCEPTED


def _new_backup_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _confirm_enrolment(
    request: HttpRequest, user: User, model: type[TOTPDevice] | type[EmailDevice], token: str
) -> EnrolmentResult:
    """Confirm the user's pending device of this kind with a code from it (the app's code, or
    the one that was mailed) and hand out fresh backup codes."""
    with transaction.atomic():
        device = (
            model.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("pk")
            .first()
        )
        if device is None:
            return EnrolmentResult(CodeCheck.WRONG, [])
        if not device.verify_is_allowed()[0]:
            return EnrolmentResult(CodeCheck.THROTTLED, [])
        if not device.verify_token(token.strip().replace(" ", "")):
            return EnrolmentResult(CodeCheck.WRONG, [])
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(user)
    otp_login(request, device)
    return EnrolmentResult(CodeCheck.ACCEPTED, codes)


def confirm_totp_enrolment(request: HttpRequest, user: User, *, token: str) -> EnrolmentResult:
    """Confirm the pending authenticator with a code from it; hand out fresh backup codes."""
    return _confirm_enrolment(request, user, TOTPDevice, token)


def verify_second_factor(request: HttpRequest, user: User, *, token: str) -> CodeCheck:
    """Accept a code from the authenticator or one unused backup code. Each device throttles
    wrong codes itself (django-otp doubles the wait after every failure)."""
    token = token.strip().replace(" ", "")
    throttled = False
    for device in devices_for_user(user, confirmed=True):
        if not device.verify_is_allowed()[0]:
            throttled = True
            continue
        if token and device.verify_token(token):
            otp_login(request, device)
            return CodeCheck.ACCEPTED
    if throttled:
        return CodeCheck.THROTTLED
    return CodeCheck.USED if _code_already_used(user, token) else CodeCheck.WRONG


class FactorKind(enum.Enum):
    APP = "app"
    MAIL = "mail"
    BACKUP = "backup"


@dataclass(frozen=True)
class SecondFactorCheck:
    outcome: CodeCheck
    kind: FactorKind | None = None

    @property
    def accepted(self) -> bool:
        return self.outcome is CodeCheck.ACCEPTED


def check_second_factor_again(user: User, *, token: str) -> SecondFactorCheck:
    """The second factor asked again at a moment that counts (a signature), in an already
    verified session: a code from the authenticator, a code mailed just now, or an unused
    backup code. Says which kind of code it was. The same throttling and no-replay rules as
    at login; the session is not touched."""
    token = token.strip().replace(" ", "")
    if not token:
        return SecondFactorCheck(CodeCheck.WRONG)
    throttled = False
    for device in devices_for_user(user, confirmed=True):
        if not device.verify_is_allowed()[0]:
            throttled = True
            continue
        if device.verify_token(token):
            if isinstance(device, TOTPDevice):
                kind = FactorKind.APP
            elif isinstance(device, EmailDevice):
                kind = FactorKind.MAIL
            else:
                kind = FactorKind.BACKUP
            return SecondFactorCheck(CodeCheck.ACCEPTED, kind)
    if throttled:
        return SecondFactorCheck(CodeCheck.THROTTLED)
    used = _code_already_used(user, token)
    return SecondFactorCheck(CodeCheck.USED if used else CodeCheck.WRONG)


def _code_already_used(user: User, token: str) -> bool:
    """A code is accepted once (RFC 6238 §5.2: no replay): logging in again within the same
    30 seconds with the same code fails. Say so, instead of "not correct"."""
    if not token.isdigit():
        return False
    now = time.time()
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = now
        # The code fits the app's window, but only at a moment already used (t <= last_t).
        if totp.verify(int(token), device.tolerance, 0) and totp.t() <= device.last_t:
            return True
    return False


def send_mail_code(user: User, *, enrolling: bool) -> bool:
    """Mail a one-time code (second factor by mail). While enrolling, to a device that is
    confirmed by typing the code; afterwards, to the confirmed one. False when the account
    has no e-mail address or no such device."""
    if not user.email:
        return False
    with transaction.atomic():
        device = EmailDevice.objects.filter(user=user, confirmed=not enrolling).first()
        if device is None:
            if not enrolling:
                return False
            device = EmailDevice.objects.create(
                user=user, name=MAIL_DEVICE_NAME, email=user.email, confirmed=False
            )
        device.generate_challenge()
    return True


def has_mail_device(user: User) -> bool:
    found: bool = EmailDevice.objects.filter(user=user, confirmed=True).exists()
    return found


def confirm_mail_enrolment(request: HttpRequest, user: User, *, token: str) -> EnrolmentResult:
    """Confirm the second factor by mail with the code that was mailed."""
    return _confirm_enrolment(request, user, EmailDevice, token)


def regenerate_backup_codes(user: User) -> list[str]:
    with transaction.atomic():
        return _new_backup_codes(user)


def remaining_backup_codes(user: User) -> int:
    remaining: int = StaticToken.objects.filter(
        device__user=user, device__name=BACKUP_DEVICE_NAME
    ).count()
    return remaining


def set_language(user: User, *, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])
