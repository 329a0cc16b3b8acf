"""Log a test client in as a person who passed both steps."""

from __future__ import annotations

from django.test import Client

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from arrangeer.accounts.middleware import SESSION_LOGIN_AT
from arrangeer.accounts.models import User


def login_verified(client: Client, user: User) -> Client:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    from django.utils import timezone

    session[SESSION_LOGIN_AT] = int(timezone.now().timestamp())
    session.save()
    return client
