"""Repeated failed logins lock the account and the address; an administrator lifts it."""

from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.test import Client

from tests.accounts.conftest import log_in
from tests.factories import UserFactory


def test_lockout_after_n_failures_per_account_and_its_reset(staff, settings):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, staff.username, "wrong").status_code == 200  # the form again
    assert log_in(client, staff.username, "wrong").status_code == 429
    # Locked: the right password no longer logs in, from this address or any other.
    assert log_in(client, staff.username).status_code == 429
    elsewhere = Client(REMOTE_ADDR="198.51.100.9")
    assert log_in(elsewhere, staff.username).status_code == 429
    assert "_auth_user_id" not in elsewhere.session

    # An administrator sees the lock in the admin and lifts it.
    administrator = UserFactory(is_staff=True)
    administrator.groups.add(Group.objects.get(name="Administrator"))
    admin_client = Client()
    admin_client.force_login(administrator)
    page = admin_client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and staff.username.encode() in page.content
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    lifted = admin_client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert lifted.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert log_in(elsewhere, staff.username).status_code == 302


def test_lockout_per_address_across_accounts(db, settings):
    client = Client(REMOTE_ADDR="203.0.113.8")
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"guess-{n}", "wrong")
    assert log_in(client, "guess-last", "wrong").status_code == 429


def test_sessions_end_when_idle_and_at_browser_close(staff, settings):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = Client()
    response = log_in(client, staff.username)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
    session = Session.objects.get()
    idle = (session.expire_date - timezone.now()).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 60 < idle <= settings.SESSION_COOKIE_AGE
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    answer = client.get("/admin/")
    assert answer.status_code == 302 and answer["Location"].startswith("/admin/login/")
