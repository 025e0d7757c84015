"""The admin's language as a staff member's own setting: kept on the account, so
that it follows them to another browser; empty, the browser's language decides.
The API and OAI-PMH answer the same whoever asks and in whatever language."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from config.accounts.language import SESSION_KEY
from config.accounts.models import StaffPreference
from tests import factories as f
from tests.api.conftest import published

pytestmark = pytest.mark.django_db

MIDDLEWARE = "config.accounts.language.StaffLanguageMiddleware"
# The testimony entry of the admin's sidebar, in each language.
TESTIMONIES = {"en": "Testimonies", "ja": "証言", "ko": "증언"}


@pytest.fixture
def cataloguer():
    user = f.UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Cataloguer"))
    return user


def browser(user) -> Client:
    """A new browser, signed in as ``user``: no cookie, a fresh session."""
    client = Client()
    client.force_login(user)
    return client


def sidebar_testimonies(client, accept_language: str) -> str:
    response = client.get("/admin/", headers={"accept-language": accept_language})
    assert response.status_code == 200
    match = re.search(
        r'<a href="/admin/testimony/testimony/"[^>]*>([^<]+)</a>', response.content.decode()
    )
    assert match, "no testimony entry in the sidebar"
    return match.group(1).strip()


def choose(client, language: str, accept_language: str = "en"):
    return client.post(
        "/admin/language/",
        {"language": language, "next": "/admin/"},
        headers={"accept-language": accept_language},
    )


def test_chosen_language_follows_the_user_to_another_browser(cataloguer):
    first = browser(cataloguer)
    response = choose(first, "ko")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert StaffPreference.objects.get(user=cataloguer).language == "ko"
    assert sidebar_testimonies(first, "en") == TESTIMONIES["ko"]

    other = browser(cataloguer)
    assert sidebar_testimonies(other, "en") == TESTIMONIES["ko"]
    page = other.get("/admin/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="ko"' in page
    assert '<option value="ko" selected>' in page


def test_following_the_browser_goes_back_to_accept_language(cataloguer):
    first = browser(cataloguer)
    choose(first, "ja")
    assert sidebar_testimonies(first, "ko") == TESTIMONIES["ja"]

    response = choose(first, "")
    assert response.status_code == 302
    assert StaffPreference.objects.get(user=cataloguer).language == ""
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""  # deleted
    assert sidebar_testimonies(first, "ko") == TESTIMONIES["ko"]
    assert sidebar_testimonies(first, "en") == TESTIMONIES["en"]

    other = browser(cataloguer)
    assert sidebar_testimonies(other, "ja") == TESTIMONIES["ja"]
    page = other.get("/admin/", headers={"accept-language": "ja"}).content.decode()
    assert '<option value="" selected>' in page


def test_an_unknown_language_is_not_stored(cataloguer):
    client = browser(cataloguer)
    choose(client, "ko")
    response = choose(client, "xx")
    assert response.status_code == 302
    assert StaffPreference.objects.get(user=cataloguer).language == "ko"
    assert sidebar_testimonies(client, "en") == TESTIMONIES["ko"]


def test_one_persons_choice_is_theirs_alone(cataloguer):
    choose(browser(cataloguer), "ko")
    colleague = f.UserFactory(is_staff=True)
    colleague.groups.add(Group.objects.get(name="Cataloguer"))
    assert sidebar_testimonies(browser(colleague), "en") == TESTIMONIES["en"]


def test_without_a_session_choice_the_language_keeps_djangos_cookie():
    client = Client()
    response = client.post("/admin/language/", {"language": "ja", "next": "/admin/login/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ja"
    assert not StaffPreference.objects.exists()
    login = client.get("/admin/login/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="ja"' in login


def test_a_session_from_before_the_setting_reads_it_once(cataloguer):
    StaffPreference.objects.create(user=cataloguer, language="ko")
    client = browser(cataloguer)
    session = client.session
    del session[SESSION_KEY]
    session.save()
    assert sidebar_testimonies(client, "en") == TESTIMONIES["ko"]
    assert client.session[SESSION_KEY] == "ko"


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers={"accept-language": "en"})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/admin/", "/admin/testimony/testimony/"])
def test_the_setting_costs_at_most_one_query_per_page(cataloguer, settings, url):
    f.TestimonyFactory()
    StaffPreference.objects.create(user=cataloguer, language="ko")
    client = browser(cataloguer)
    count_queries(client, url)  # caches filled once per process are not counted
    with_setting = count_queries(client, url)
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != MIDDLEWARE]
    client = browser(cataloguer)  # a test client builds its middleware once
    count_queries(client, url)
    without = count_queries(client, url)
    assert with_setting <= without + 1
    assert with_setting == without  # read at sign-in, kept in the session


def test_api_answers_the_same_whoever_asks_in_whatever_language(cataloguer):
    published(consent={"access": "public", "name_disclosure": "real_name"})
    StaffPreference.objects.create(user=cataloguer, language="ko")
    staff = browser(cataloguer)
    answers = {
        (name, language): client.get("/api/v1/testimonies/", headers={"accept-language": language})
        for name, client in (("public", Client()), ("staff", staff))
        for language in ("en", "ja", "ko")
    }
    bodies = {key: response.content for key, response in answers.items()}
    assert len(set(bodies.values())) == 1, bodies
    assert all(r["Content-Language"] == "en" for r in answers.values())

    refused = Client().get(
        "/api/v1/testimonies/", {"language": "zz"}, headers={"accept-language": "ja"}
    )
    assert refused.status_code == 400
    assert "is not an ISO 639 language code" in refused.content.decode()


def test_oai_answers_in_the_default_language(cataloguer):
    StaffPreference.objects.create(user=cataloguer, language="ja")
    response = browser(cataloguer).get(
        "/oai/", {"verb": "Identify"}, headers={"accept-language": "ko"}
    )
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
