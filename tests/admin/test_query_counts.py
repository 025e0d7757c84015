"""Admin changelists run the same number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from testimony.models import Access
from tests import factories as f

pytestmark = pytest.mark.django_db


def make_consent_row():
    return f.ConsentFactory(access=Access.NAMED_PARTNERS, partners=[f.PartnerFactory()])


def make_returnee_row():
    return f.ReturneeFactory()


def make_testimony_row():
    testimony = f.TestimonyFactory(place=f.PlaceFactory())
    f.ConsentFactory(testimony=testimony)
    return testimony


ROWS = {
    "catalog_person": lambda: f.PersonNameFactory().person,
    "catalog_place": lambda: f.PlaceFactory(parent=f.PlaceFactory()),
    "catalog_organisation": f.OrganisationFactory,
    "catalog_subject": lambda: f.SubjectFactory(broader=f.SubjectFactory()),
    "catalog_sourcearticle": lambda: f.ArticleContributorFactory().article,
    "catalog_voyage": lambda: f.VoyageFactory(departure_port=f.PlaceFactory()),
    "catalog_returnee": make_returnee_row,
    "catalog_family": lambda: f.FamilyMemberFactory().family,
    "testimony_testimony": make_testimony_row,
    "testimony_segment": f.SegmentFactory,
    "testimony_transcript": f.TranscriptFactory,
    "testimony_cue": f.CueFactory,
    "testimony_mediafile": f.MediaFileFactory,
    "testimony_consentrecord": make_consent_row,
    "testimony_collection": lambda: f.CollectionFactory(),
    "testimony_partnerorganisation": f.PartnerFactory,
}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("name", sorted(ROWS))
def test_changelist_query_count_does_not_grow(staff_client, name):
    client = staff_client("Administrator")
    url = reverse(f"admin:{name}_changelist")
    make_row = ROWS[name]
    for _ in range(2):
        make_row()
    few, _ = count_queries(client, url)
    for _ in range(15):
        make_row()
    many, sql = count_queries(client, url)
    assert many == few, "\n".join(sql)
