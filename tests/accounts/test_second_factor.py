"""Every staff account gives a second factor before any admin page."""

import contextlib
import re

import pytest
from django.contrib import admin
from django.core.checks import run_checks
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import code_for, log_in
from tests.factories import UserFactory


def admin_pages() -> list[str]:
    """Every admin page a staff member could ask for: the index, each registered
    model's list and add page, the catalogue search and the staff file route."""
    pages = ["/admin/", "/admin/search/?q=x", "/admin/files/anything", "/admin/password_change/"]
    for model in admin.site._registry:
        opts = model._meta
        for view in ("changelist", "add"):
            with contextlib.suppress(NoReverseMatch):
                pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}"))
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[1]))
    return pages


def test_staff_without_a_second_factor_reach_no_admin_page(staff):
    client = Client()
    assert log_in(client, staff.username).status_code == 302
    pages = admin_pages()
    assert len(pages) > 60
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith("/admin/second-factor/enrol/?next="), page
        assert client.post(page, {}).status_code == 302, page


def test_enrolled_staff_must_give_a_code_at_each_login(staff):
    TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    client = Client()
    log_in(client, staff.username)
    response = client.get("/admin/testimony/testimony/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/second-factor/verify/")


def test_enrolment_on_first_login_then_the_admin(staff, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no pause after the wrong code below
    client = Client()
    log_in(client, staff.username)
    page = client.get("/admin/second-factor/enrol/?next=/admin/testimony/")
    assert page.status_code == 200 and b"<svg" in page.content
    assert "no-store" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    wrong = client.post("/admin/second-factor/enrol/", {"code": "000000", "next": "/admin/"})
    assert b"not the one the app shows" in wrong.content
    done = client.post(
        "/admin/second-factor/enrol/", {"code": code_for(device), "next": "/admin/testimony/"}
    )
    codes = re.findall(rb"<li><code>([a-z0-9]+)</code></li>", done.content)
    assert len(codes) == 10
    assert {c.encode() for c in StaticToken.objects.values_list("token", flat=True)} == set(codes)
    assert all(code not in str(done.cookies).encode() for code in codes)
    assert client.get("/admin/testimony/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_recovery_code_works_once(staff):
    client = Client()
    log_in(client, staff.username)
    client.get("/admin/second-factor/enrol/")
    device = TOTPDevice.objects.get(user=staff)
    done = client.post("/admin/second-factor/enrol/", {"code": code_for(device)})
    code = re.findall(rb"<li><code>([a-z0-9]+)</code></li>", done.content)[0].decode()

    for attempt, expected in [(1, "/admin/"), (2, None)]:
        fresh = Client()
        log_in(fresh, staff.username)
        answer = fresh.post("/admin/second-factor/verify/", {"code": code, "next": "/admin/"})
        if expected:
            assert answer.status_code == 302 and answer["Location"] == expected, attempt
            assert fresh.get("/admin/").status_code == 200
        else:
            assert b"already used" in answer.content
            assert fresh.get("/admin/").status_code == 302


def test_the_code_page_never_sends_elsewhere(staff):
    TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    device = TOTPDevice.objects.get(user=staff)
    client = Client()
    log_in(client, staff.username)
    answer = client.post(
        "/admin/second-factor/verify/", {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert answer["Location"] == "/admin/"


@pytest.mark.parametrize("debug", [True, False])
def test_demo_bypass_only_for_demo_accounts_with_debug(db, settings, debug):
    settings.DEBUG = debug
    settings.SECOND_FACTOR_DEMO_BYPASS = True
    demo = UserFactory(is_staff=True, is_superuser=True, username="demo-administrator")
    other = UserFactory(is_staff=True, is_superuser=True, username="someone")
    for user, expected in [(demo, 200 if debug else 302), (other, 302)]:
        client = Client()
        client.force_login(user)
        session = client.session
        session.pop(DEVICE_ID_SESSION_KEY)  # logged in with a password only
        session.save()
        assert client.get("/admin/").status_code == expected, (user.username, debug)


def test_check_deploy_reports_the_bypass(settings):
    settings.SECOND_FACTOR_DEMO_BYPASS = True
    ids = {m.id for m in run_checks(include_deployment_checks=True)}
    assert "accounts.W001" in ids
    settings.SECOND_FACTOR_DEMO_BYPASS = False
    assert "accounts.W001" not in {m.id for m in run_checks(include_deployment_checks=True)}
