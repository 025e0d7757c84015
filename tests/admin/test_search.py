"""Search in the admin: staff find everything they may view, withheld or not."""

import pytest
from django.urls import reverse

from tests.factories import PersonFactory, PersonNameFactory, SegmentFactory, TestimonyFactory

pytestmark = pytest.mark.django_db
URL = reverse("catalogue-search")


def test_staff_find_what_the_outside_never_sees(staff_client):
    relative = PersonFactory(preferred_name="Yelvarine Relative")
    PersonNameFactory(person=relative, name="김옐바")
    segment = SegmentFactory(
        testimony=TestimonyFactory(), synopsis="Yelvarine in a closed segment.", is_closed=True
    )
    client = staff_client("Cataloguer")
    page = client.get(URL, {"q": "김옐바"}).content.decode()
    assert reverse("admin:catalog_person_change", args=[relative.pk]) in page
    page = client.get(URL, {"q": "yelvarine"}).content.decode()
    assert reverse("admin:testimony_segment_change", args=[segment.pk]) in page
    assert "«Yelvarine»" in page
    assert "Also searched for" in page  # the relative's other names


def test_the_admin_index_offers_search_and_nothing_found_says_so(staff_client):
    client = staff_client("Cataloguer")
    assert URL in client.get(reverse("admin:index")).content.decode()
    response = client.get(URL, {"q": "Nothingmatchesthis"})
    assert response.status_code == 200
    assert "Nothing matches" in response.content.decode()


def test_search_needs_a_staff_login(client):
    assert client.get(URL, {"q": "x"}).status_code == 302
