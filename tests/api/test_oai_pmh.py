"""OAI-PMH 2.0 at /oai/ (issue 15): the protocol's verbs and errors, per
audience, and a real harvester (oaipmh-scythe) against the live server: a full
harvest in pages, an incremental one after a change, a withdrawal seen as a
deleted record."""

import datetime
import time

import httpx2
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree
from oaipmh_scythe import Scythe
from oaipmh_scythe.config import HTTPConfig

from testimony.interchange.oai import OAI, OAI_DC
from testimony.models import ConsentRecord, TestimonyListing
from testimony.services import record_consent
from tests.api.conftest import ApiClient, published, released, token_for
from tests.factories import CollectionFactory, PartnerFactory, SegmentFactory

OPEN = {"access": "public", "name_disclosure": "real_name", "transcript": "public"}
NS = {"oai": OAI, "dc": "http://purl.org/dc/elements/1.1/", "oai_dc": OAI_DC}


def withdraw(testimony):
    record_consent(
        ConsentRecord(
            testimony=testimony, given_on=timezone.localdate(), method="oral", withdrawn=True
        )
    )


def oai(client, **params):
    response = client.get("/oai/", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    return etree.fromstring(response.content)


def error(document):
    found = document.find("oai:error", NS)
    return found.get("code") if found is not None else None


def identifiers(document):
    return [
        (h.findtext("oai:identifier", namespaces=NS), h.get("status"))
        for h in document.iter(f"{{{OAI}}}header")
    ]


def pk_of(identifier: str) -> int:
    return int(identifier.rsplit("/", 1)[1])


@pytest.mark.django_db
def test_identify_formats_sets_and_errors(public):
    collection = CollectionFactory(code="niigata", name="Niigata voyages")
    testimony = published(OPEN, collection=collection)
    identify = oai(public, verb="Identify")
    assert identify.findtext("oai:Identify/oai:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("oai:Identify/oai:deletedRecord", namespaces=NS) == "persistent"
    formats = oai(public, verb="ListMetadataFormats")
    assert [e.text for e in formats.iter(f"{{{OAI}}}metadataPrefix")] == ["oai_dc", "ohms"]
    sets = oai(public, verb="ListSets")
    assert "niigata" in [e.text for e in sets.iter(f"{{{OAI}}}setSpec")]
    identifier = identifiers(oai(public, verb="ListIdentifiers", metadataPrefix="oai_dc"))[0][0]
    assert pk_of(identifier) == testimony.pk
    for params, code in (
        ({}, "badVerb"),
        ({"verb": "Nothing"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "bogus": "1"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "mods"}, "cannotDisseminateFormat"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"},
            "noRecordsMatch",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "nowhere"}, "noRecordsMatch"),
        ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:x:1"},
            "idDoesNotExist",
        ),
    ):
        assert error(oai(public, **params)) == code, params
    assert error(oai(public, verb=["Identify", "Identify"])) == "badArgument"


@pytest.mark.django_db
def test_records_per_audience_never_show_withheld_values(public, partner_client):
    public_one = published(OPEN)
    SegmentFactory(testimony=public_one, is_closed=True, title="ClosedCanaryTitle")
    partners_only = published({**OPEN, "access": "all_partners"})
    pseudonymous = published({**OPEN, "name_disclosure": "pseudonym", "pseudonym": "Sora"})
    real_name = pseudonymous.narrator.preferred_name
    for client, expected in (
        (public, {public_one.pk, pseudonymous.pk}),
        (partner_client, {public_one.pk, partners_only.pk, pseudonymous.pk}),
    ):
        for prefix in ("oai_dc", "ohms"):
            response = client.get("/oai/", {"verb": "ListRecords", "metadataPrefix": prefix})
            body = response.content.decode()
            assert "ClosedCanaryTitle" not in body and real_name not in body
            document = etree.fromstring(response.content)
            assert {pk_of(i) for i, _ in identifiers(document)} == expected
        identifier = identifiers(oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc"))
        one = next(i for i, _ in identifier if pk_of(i) == pseudonymous.pk)
        record = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=one)
        assert record.findtext(".//dc:creator", namespaces=NS) == "Sora"
    hidden = f"oai:testserver:testimony/{partners_only.pk}"
    assert error(oai(public, verb="GetRecord", metadataPrefix="oai_dc", identifier=hidden)) == (
        "idDoesNotExist"
    )


@pytest.mark.django_db
def test_list_records_reads_a_constant_number_of_queries(public, settings):
    settings.OAI_PAGE_SIZE = 50

    def count():
        with CaptureQueriesContext(connection) as queries:
            oai(public, verb="ListRecords", metadataPrefix="oai_dc")
        return len(queries)

    published(OPEN)
    count()  # the first read of a detail keeps it on its list row (one write each)
    few = count()
    for _ in range(6):
        SegmentFactory(testimony=published(OPEN))
    count()
    assert count() == few


class TokenAuth(httpx2.Auth):
    def __init__(self, token):
        self.token = token

    def auth_flow(self, request):
        request.headers["Authorization"] = f"Token {self.token}"
        yield request


@pytest.mark.django_db(transaction=True)
def test_a_real_harvester_full_incremental_and_deletions(live_server, settings):
    settings.OAI_PAGE_SIZE = 2
    settings.API_PUBLIC_RATE = "100000/minute"
    testimonies = [published(OPEN) for _ in range(5)]
    partner = PartnerFactory(throttle_rate="100000/minute")
    endpoint = f"{live_server.url}/oai/"

    with Scythe(endpoint) as harvester:
        records = list(harvester.list_records(metadata_prefix="oai_dc"))
    assert sorted(pk_of(r.header.identifier) for r in records) == sorted(t.pk for t in testimonies)
    assert all(r.metadata["title"] for r in records)
    first_harvest = max(r.header.datestamp for r in records)

    time.sleep(1.1)  # datestamps are in seconds
    changed = testimonies[0]
    SegmentFactory(testimony=changed, title="Added after the first harvest")
    released(changed)
    withdraw(testimonies[1])
    with Scythe(endpoint) as harvester:
        since = list(harvester.list_records(metadata_prefix="oai_dc", from_=first_harvest))
    seen = {pk_of(r.header.identifier): r.deleted for r in since}
    assert seen[changed.pk] is False
    assert seen[testimonies[1].pk] is True
    assert {pk for pk, deleted in seen.items() if not deleted} <= {
        changed.pk,
        *[t.pk for t in testimonies if t.pk != testimonies[1].pk],
    }

    # A partner harvests with its token and learns of the withdrawal of what it took.
    token = token_for(partner)
    with Scythe(endpoint, http_config=HTTPConfig(auth=TokenAuth(token))) as harvester:
        taken = list(harvester.list_identifiers(metadata_prefix="oai_dc"))
    assert testimonies[1].pk not in {pk_of(h.identifier) for h in taken}
    withdraw(testimonies[2])
    with Scythe(endpoint, http_config=HTTPConfig(auth=TokenAuth(token))) as harvester:
        headers = list(harvester.list_identifiers(metadata_prefix="oai_dc"))
    deleted = {pk_of(h.identifier) for h in headers if h.deleted}
    assert deleted == {testimonies[2].pk}
    assert ApiClient(token).get("/oai/", {"verb": "Identify"}).status_code == 200


@pytest.mark.django_db
def test_an_embargo_ending_reaches_an_incremental_harvest(public):
    today = timezone.localdate()
    testimony = published({**OPEN, "embargo_until": today})
    long_ago = timezone.now() - datetime.timedelta(days=30)
    TestimonyListing.objects.filter(pk=testimony.pk).update(
        released_at=long_ago, changed_at=long_ago, updated_at=long_ago
    )
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    found = identifiers(
        oai(public, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": yesterday})
    )
    assert [pk_of(i) for i, _ in found] == [testimony.pk]
