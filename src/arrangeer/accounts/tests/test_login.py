from __future__ import annotations

import datetime as dt
import re

from django.core import mail
from django.test import Client
from django.urls import reverse

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from arrangeer.testing.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _unthrottle(device) -> None:
    device.refresh_from_db()
    device.throttle_reset()


def _password_login(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_first_login_requires_enrolling_an_authenticator_before_any_page():
    user = UserFactory(username="nieuw")
    client = Client()
    response = _password_login(client, "nieuw")
    assert response.status_code == 302
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:enrol")
    page = client.get(reverse("accounts:enrol"))
    assert page.status_code == 200
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    wrong = client.post(reverse("accounts:enrol"), {"token": "000000"})
    assert wrong.status_code == 200
    assert (
        "does not match" in wrong.content.decode() or "komt niet overeen" in wrong.content.decode()
    )

    throttled = client.post(reverse("accounts:enrol"), {"token": _code(device)})
    assert (
        "Wait a few seconds" in throttled.content.decode()
        or "Wacht een paar" in throttled.content.decode()
    )
    _unthrottle(device)
    right = client.post(reverse("accounts:enrol"), {"token": _code(device)})
    assert right.status_code == 302
    assert right["Location"] == reverse("accounts:backup_codes")
    codes_page = client.get(reverse("accounts:backup_codes"))
    codes = re.findall(r"<code>(\d{8})</code>", codes_page.content.decode())
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert client.get(reverse("core:home")).status_code == 200
    # The codes are shown once.
    again = client.get(reverse("accounts:backup_codes"))
    assert not re.findall(r"<code>(\d{8})</code>", again.content.decode())


def test_enrolled_user_must_pass_the_code_and_a_wrong_code_is_refused_with_a_message():
    user = UserFactory(username="bekend", with_totp=True)
    device = TOTPDevice.objects.get(user=user)
    client = Client()
    _password_login(client, "bekend")
    assert client.get(reverse("core:home"))["Location"] == reverse("accounts:verify")

    wrong = client.post(reverse("accounts:verify"), {"token": "123456"})
    assert wrong.status_code == 200
    assert 'id="foutoverzicht"' in wrong.content.decode()
    assert client.get(reverse("core:home")).status_code == 302

    _unthrottle(device)
    ok = client.post(reverse("accounts:verify"), {"token": _code(device)})
    assert ok.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_a_code_used_twice_within_its_30_seconds_says_why_it_fails():
    user = UserFactory(username="tweemaal", with_totp=True)
    device = TOTPDevice.objects.get(user=user)
    code = _code(device)
    first = Client()
    _password_login(first, "tweemaal")
    assert first.post(reverse("accounts:verify"), {"token": code}).status_code == 302
    # Logged in again on another computer, within the same 30 seconds, with the same code.
    second = Client()
    _password_login(second, "tweemaal")
    response = second.post(reverse("accounts:verify"), {"token": code})
    assert response.status_code == 200
    message = response.context["form"].errors["token"][0]
    assert "al gebruikt" in message and "30 seconden" in message
    assert second.get(reverse("core:home")).status_code == 302
    # A wrong code still says that it is not correct.
    _unthrottle(device)
    wrong = second.post(
        reverse("accounts:verify"), {"token": "000000" if code != "000000" else "111111"}
    )
    assert "al gebruikt" not in wrong.context["form"].errors["token"][0]


def test_letters_in_the_code_get_a_clear_message():
    UserFactory(username="letters", with_totp=True)
    client = Client()
    _password_login(client, "letters")
    response = client.post(reverse("accounts:verify"), {"token": "abc"})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]


def test_a_backup_code_works_once():
    user = UserFactory(username="reserve", with_totp=True)
    from arrangeer.accounts.services import regenerate_backup_codes

    codes = regenerate_backup_codes(user)
    first = Client()
    _password_login(first, "reserve")
    assert first.post(reverse("accounts:verify"), {"token": codes[0]}).status_code == 302
    second = Client()
    _password_login(second, "reserve")
    response = second.post(reverse("accounts:verify"), {"token": codes[0]})
    assert response.status_code == 200
    assert second.get(reverse("core:home")).status_code == 302


def test_wrong_password_gives_a_clear_message_and_five_failures_lock_the_account():
    UserFactory(username="doelwit", with_totp=True)
    client = Client()
    response = _password_login(client, "doelwit", "fout")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    for _ in range(4):
        _password_login(client, "doelwit", "fout")
    locked = _password_login(client, "doelwit", PASSWORD)
    assert locked.status_code == 429
    assert "locked" in locked.content.decode().lower() or "geblokkeerd" in locked.content.decode()


def test_password_reset_mail_has_a_working_link_and_an_expired_link_says_so(settings):
    UserFactory(username="vergeten", email="vergeten@school.invalid")
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": "vergeten@school.invalid"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    settings.PASSWORD_RESET_TIMEOUT = -1
    expired = Client().get(link, follow=True)
    assert expired.context["validlink"] is False
    assert (
        "no longer works" in expired.content.decode()
        or "werkt niet meer" in expired.content.decode()
    )


def test_password_reset_for_an_unknown_address_does_not_reveal_it():
    response = Client().post(reverse("accounts:password_reset"), {"email": "niemand@x.invalid"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


def test_a_session_ends_twelve_hours_after_login_however_active(verified_client, settings):
    from django.utils import timezone

    from arrangeer.accounts.middleware import SESSION_LOGIN_AT

    client = verified_client(UserFactory())
    assert client.get(reverse("core:home")).status_code == 200
    session = client.session
    session[SESSION_LOGIN_AT] = (
        int(timezone.now().timestamp()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    )
    session.save()
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert client.get(reverse("core:home")).status_code == 302


def test_idle_timeout_is_thirty_minutes_renewed_at_most_once_a_minute(verified_client, settings):
    """A request renews the idle limit when a minute has passed since the last renewal;
    within that minute a page view writes nothing to its session."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from arrangeer.accounts.middleware import SESSION_RENEWED_AT

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = verified_client(UserFactory())
    client.get(reverse("core:home"))
    key = client.session.session_key
    stored = Session.objects.get(pk=key).session_data

    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.get(pk=key).session_data == stored

    session = client.session
    session[SESSION_RENEWED_AT] = int(timezone.now().timestamp()) - 61
    session.save()
    response = client.get(reverse("core:home"))
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 30 * 60
    renewed = client.session[SESSION_RENEWED_AT]
    assert int(timezone.now().timestamp()) - renewed <= 1
    expires = Session.objects.get(pk=key).expire_date
    assert expires > timezone.now() + dt.timedelta(minutes=29)


def test_logout_needs_a_post_and_ends_the_session(verified_client):
    client = verified_client(UserFactory())
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("core:home")).status_code == 302


def test_start_page_shows_sections_for_the_roles_a_person_holds(verified_client):
    membership = MembershipFactory(organisation__school=True, role="ondersteuningscoordinator")
    response = verified_client(membership.user).get(reverse("core:home"))
    keys = [s.key for s in response.context["sections"]]
    assert "cases" in keys and "actions" in keys
    assert "monitor" not in keys and "admin" not in keys


def test_start_page_of_a_parent_speaks_about_their_child(verified_client):
    response = verified_client(UserFactory(parent=True)).get(reverse("core:home"))
    assert [s.key for s in response.context["sections"]] == ["parent"]
