"""Public API of the accounts app: second factor enrolment and verification, language."""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest

from django_otp import devices_for_user
from django_otp import login as otp_login
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


def confirm_totp_enrolment(request: HttpRequest, user: User, *, token: str) -> EnrolmentResult:
    """Confirm the pending authenticator with a code from it; hand out fresh backup codes."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
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
    return CodeCheck.THROTTLED if throttled else CodeCheck.WRONG


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
    return EmailDevice.objects.filter(user=user, confirmed=True).exists()


def confirm_mail_enrolment(request: HttpRequest, user: User, *, token: str) -> EnrolmentResult:
    """Confirm the second factor by mail with the code that was mailed."""
    with transaction.atomic():
        device = (
            EmailDevice.objects.select_for_update()
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


def regenerate_backup_codes(user: User) -> list[str]:
    with transaction.atomic():
        return _new_backup_codes(user)


def remaining_backup_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=BACKUP_DEVICE_NAME).count()


def set_language(user: User, *, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])
