"""OAI-PMH 2.0 at /oai/: the testimonies an audience may see, as ``oai_dc`` or
OHMS, harvested in pages over a cursor, with ``from``/``until`` on the time a
record last changed outside (its release, or a closure since), and deleted
records kept (``deletedRecord=persistent``) from the same facts the change
feed's tombstones read, so that a withdrawal reaches aggregators as a deletion.

The public harvests without a token; a partner sends its API token and
harvests what it may see. Every record is made from the audience's testimony
detail (``source.testimony_records``), like every other export.
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.core import signing
from django.db.models import Case, DateTimeField, OuterRef, Q, Subquery, When
from django.db.models.functions import Cast, Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from testimony import disclosure
from testimony.api import fetch_log
from testimony.disclosure import Audience
from testimony.interchange import ohms
from testimony.interchange.ohms_read import safe_parser
from testimony.interchange.source import narrator_name, testimony_records
from testimony.models import Collection, PartnerFetch, ReleasedSealedRange, TestimonyListing

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
FORMATS = {
    "oai_dc": (OAI_DC, "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"),
    "ohms": (ohms.NAMESPACE, "https://www.weareavp.com/nunncenter/ohms/ohms.xsd"),
}
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
}
TOKEN_SALT = "oai-pmh"
EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


class OaiError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _stamp(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _identifier_prefix(request) -> str:
    host = settings.OAI_REPOSITORY_IDENTIFIER or request.get_host().split(":")[0]
    return f"oai:{host}:testimony/"


def _changed_at():
    """When a testimony last changed outside: its release, a closure since, or
    the day an embargo ended or a sealed range reopened (which no write marks),
    so that an incremental harvest finds what opened by date alone."""
    today = timezone.localdate()
    reopened = (
        ReleasedSealedRange.objects.filter(testimony=OuterRef("pk"), reopens_on__lte=today)
        .order_by("-reopens_on")
        .values("reopens_on")[:1]
    )
    embargo_ended = Case(
        When(consent_embargo_until__lte=today, then=Cast("consent_embargo_until", DateTimeField()))
    )
    return Greatest(
        Coalesce("released_at", "updated_at"),
        Coalesce("changed_at", "released_at", "updated_at"),
        embargo_ended,
        Cast(Subquery(reopened), DateTimeField()),
    )


def _date(value: str, name: str, end: bool) -> datetime.datetime:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        day = datetime.date.fromisoformat(value)
        moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
        return moment.replace(tzinfo=datetime.UTC)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", value):
        try:
            return datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=datetime.UTC
            ) + (datetime.timedelta(microseconds=999999) if end else datetime.timedelta(0))
        except ValueError:
            pass
    raise OaiError("badArgument", f"{name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.")


class Repository:
    """One OAI-PMH request for one audience."""

    def __init__(self, audience: Audience, request):
        self.audience = audience
        self.request = request
        self.prefix = _identifier_prefix(request)
        self.page_size = settings.OAI_PAGE_SIZE

    # ------------------------------------------------------------ answers

    def respond(self, params: dict[str, str], repeated=()) -> bytes:
        root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
        root.set(
            f"{{{XSI}}}schemaLocation",
            f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd",
        )
        etree.SubElement(root, f"{{{OAI}}}responseDate").text = _stamp(timezone.now())
        request = etree.SubElement(root, f"{{{OAI}}}request")
        request.text = self.base_url()
        try:
            if repeated:
                raise OaiError("badArgument", f"Repeated: {', '.join(sorted(repeated))}.")
            verb = self._check(params)
            for name, value in params.items():
                request.set(name, value)
            getattr(self, verb)(root, params)
        except OaiError as error:
            element = etree.SubElement(root, f"{{{OAI}}}error", code=error.code)
            element.text = error.message
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    def base_url(self) -> str:
        return self.request.build_absolute_uri(reverse("oai"))

    def _check(self, params: dict[str, str]) -> str:
        verb = params.get("verb")
        if verb not in VERBS:
            raise OaiError(
                "badVerb",
                "Give verb=Identify, ListMetadataFormats, ListSets, "
                "ListIdentifiers, ListRecords or GetRecord.",
            )
        required, optional = VERBS[verb]
        given = set(params) - {"verb"}
        if "resumptionToken" in given and given != {"resumptionToken"}:
            raise OaiError("badArgument", "resumptionToken is an exclusive argument.")
        if unknown := given - required - optional:
            raise OaiError(
                "badArgument", f"Not an argument of {verb}: {', '.join(sorted(unknown))}."
            )
        if "resumptionToken" not in given and (missing := required - given):
            raise OaiError("badArgument", f"{verb} needs {', '.join(sorted(missing))}.")
        return verb

    def Identify(self, root, params):
        node = etree.SubElement(root, f"{{{OAI}}}Identify")
        earliest = self.live().order_by("changed").values_list("changed", flat=True).first()
        for name, value in (
            ("repositoryName", settings.OAI_REPOSITORY_NAME),
            ("baseURL", self.base_url()),
            ("protocolVersion", "2.0"),
            ("adminEmail", settings.OAI_ADMIN_EMAIL),
            ("earliestDatestamp", _stamp(earliest or EPOCH)),
            ("deletedRecord", "persistent"),
            ("granularity", "YYYY-MM-DDThh:mm:ssZ"),
        ):
            etree.SubElement(node, f"{{{OAI}}}{name}").text = value

    def ListMetadataFormats(self, root, params):
        if "identifier" in params:
            self._testimony_id(params["identifier"])
        node = etree.SubElement(root, f"{{{OAI}}}ListMetadataFormats")
        for prefix, (namespace, schema) in FORMATS.items():
            format_node = etree.SubElement(node, f"{{{OAI}}}metadataFormat")
            etree.SubElement(format_node, f"{{{OAI}}}metadataPrefix").text = prefix
            etree.SubElement(format_node, f"{{{OAI}}}schema").text = schema
            etree.SubElement(format_node, f"{{{OAI}}}metadataNamespace").text = namespace

    def ListSets(self, root, params):
        if "resumptionToken" in params:
            raise OaiError("badResumptionToken", "ListSets is answered in one page.")
        node = etree.SubElement(root, f"{{{OAI}}}ListSets")
        for code, name in Collection.objects.order_by("code").values_list("code", "name"):
            set_node = etree.SubElement(node, f"{{{OAI}}}set")
            etree.SubElement(set_node, f"{{{OAI}}}setSpec").text = code
            etree.SubElement(set_node, f"{{{OAI}}}setName").text = name

    def GetRecord(self, root, params):
        self._format(params["metadataPrefix"])
        pk = self._testimony_id(params["identifier"])
        node = etree.SubElement(root, f"{{{OAI}}}GetRecord")
        live = list(self.live().filter(pk=pk))
        if live:
            self._records(node, live, params["metadataPrefix"], headers_only=False)
        else:
            self._deleted(node, self.deleted().filter(pk=pk), headers_only=False)

    def ListIdentifiers(self, root, params):
        self._list(root, params, "ListIdentifiers", headers_only=True)

    def ListRecords(self, root, params):
        self._list(root, params, "ListRecords", headers_only=False)

    # ------------------------------------------------------------ records

    def live(self):
        return disclosure.testimonies(self.audience).annotate(changed=_changed_at())

    def deleted(self):
        """Testimonies the audience could once harvest and may no longer see:
        for the public, those once open to it; for a partner, those it fetched."""
        gone = TestimonyListing.objects.exclude(
            pk__in=disclosure.testimonies(self.audience).values("pk")
        )
        if self.audience.partner is not None:
            fetch_log.flush()
            fetched = PartnerFetch.objects.filter(
                partner=self.audience.partner, record_type="testimony"
            ).values("record_id")
            gone = gone.filter(pk__in=fetched)
        else:
            gone = gone.filter(public_from__lte=timezone.localdate())
        return gone.annotate(changed=Greatest("updated_at", Coalesce("changed_at", "updated_at")))

    def _testimony_id(self, identifier: str) -> int:
        if identifier.startswith(self.prefix) and identifier[len(self.prefix) :].isdigit():
            pk = int(identifier[len(self.prefix) :])
            if self.live().filter(pk=pk).exists() or self.deleted().filter(pk=pk).exists():
                return pk
        raise OaiError("idDoesNotExist", f"No record {identifier} here.")

    def _format(self, prefix: str) -> str:
        if prefix not in FORMATS:
            raise OaiError("cannotDisseminateFormat", f"Formats: {', '.join(FORMATS)}.")
        return prefix

    def _list(self, root, params, verb: str, headers_only: bool) -> None:
        if "resumptionToken" in params:
            state = self._read_token(params["resumptionToken"])
        else:
            state = {
                "prefix": self._format(params["metadataPrefix"]),
                "from": params.get("from"),
                "until": params.get("until"),
                "set": params.get("set"),
                "phase": "live",
                "after": None,
            }
            self._window(state)
        start, end = self._window(state)
        live = self.live()
        deleted = self.deleted()
        if state["set"]:
            if not Collection.objects.filter(code=state["set"]).exists():
                raise OaiError("noRecordsMatch", f"No set {state['set']}.")
            live = live.filter(collection__code=state["set"])
            deleted = deleted.filter(collection__code=state["set"])
        if start:
            live, deleted = live.filter(changed__gte=start), deleted.filter(changed__gte=start)
        if end:
            live, deleted = live.filter(changed__lte=end), deleted.filter(changed__lte=end)
        node = etree.Element(f"{{{OAI}}}{verb}")
        sent = 0
        following = None
        if state["phase"] == "live":
            rows = live.order_by("changed", "pk")
            if state["after"]:
                moment, pk = datetime.datetime.fromisoformat(state["after"][0]), state["after"][1]
                rows = rows.filter(Q(changed__gt=moment) | Q(changed=moment, pk__gt=pk))
            page = list(rows[: self.page_size + 1])
            more = len(page) > self.page_size
            page = page[: self.page_size]
            self._records(node, page, state["prefix"], headers_only)
            sent = len(page)
            if more:
                last = page[-1]
                following = state | {"after": [last.changed.isoformat(), last.pk]}
            elif deleted.exists():
                following = state | {"phase": "deleted", "after": None}
        else:
            rows = deleted.order_by("pk")
            if state["after"]:
                rows = rows.filter(pk__gt=state["after"])
            page = list(rows[: self.page_size + 1])
            more = len(page) > self.page_size
            page = page[: self.page_size]
            self._deleted(node, page, headers_only)
            sent = len(page)
            if more:
                following = state | {"after": page[-1].pk}
        if not sent and following is None and "resumptionToken" not in params:
            raise OaiError("noRecordsMatch", "No records match.")
        root.append(node)
        if following is not None or "resumptionToken" in params:
            token = etree.SubElement(node, f"{{{OAI}}}resumptionToken")
            if following is not None:
                token.text = signing.dumps(following, salt=TOKEN_SALT, compress=True)
                expires = timezone.now() + datetime.timedelta(seconds=settings.OAI_TOKEN_SECONDS)
                token.set("expirationDate", _stamp(expires))

    def _window(self, state) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        start = _date(state["from"], "from", end=False) if state["from"] else None
        end = _date(state["until"], "until", end=True) if state["until"] else None
        if state["from"] and state["until"] and len(state["from"]) != len(state["until"]):
            raise OaiError("badArgument", "from and until must have the same granularity.")
        if start and end and start > end:
            raise OaiError("noRecordsMatch", "from is after until.")
        return start, end

    def _read_token(self, token: str) -> dict:
        try:
            return signing.loads(token, salt=TOKEN_SALT, max_age=settings.OAI_TOKEN_SECONDS)
        except signing.BadSignature as exc:
            raise OaiError("badResumptionToken", "This resumptionToken is not valid.") from exc

    def _header(self, parent, pk: int, changed, set_spec: str | None, deleted=False):
        header = etree.SubElement(parent, f"{{{OAI}}}header")
        if deleted:
            header.set("status", "deleted")
        etree.SubElement(header, f"{{{OAI}}}identifier").text = f"{self.prefix}{pk}"
        etree.SubElement(header, f"{{{OAI}}}datestamp").text = _stamp(changed)
        if set_spec:
            etree.SubElement(header, f"{{{OAI}}}setSpec").text = set_spec
        return header

    def _records(self, node, rows, prefix: str, headers_only: bool) -> None:
        codes = dict(Collection.objects.values_list("pk", "code"))
        records = (
            {} if headers_only else {r["id"]: r for r in testimony_records(self.audience, rows)}
        )
        if self.audience.partner and rows:
            fetch_log.record_fetch(self.audience.partner, "testimony", [r.pk for r in rows])
        for row in rows:
            parent = node if headers_only else etree.SubElement(node, f"{{{OAI}}}record")
            self._header(parent, row.pk, row.changed, codes.get(row.collection_id))
            if not headers_only:
                metadata = etree.SubElement(parent, f"{{{OAI}}}metadata")
                metadata.append(self._metadata(records[row.pk], prefix))

    def _deleted(self, node, rows, headers_only: bool) -> None:
        for row in rows:
            parent = node if headers_only else etree.SubElement(node, f"{{{OAI}}}record")
            self._header(parent, row.pk, row.changed, None, deleted=True)

    def _metadata(self, record: dict, prefix: str):
        if prefix == "ohms":
            return etree.fromstring(
                ohms.export(self.audience, record, request=self.request).encode(), safe_parser()
            )
        return dublin_core(record, self.request)


def dublin_core(record: dict, request) -> etree._Element:
    """``oai_dc`` of a testimony detail."""
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")

    def add(name: str, value) -> None:
        if value:
            etree.SubElement(root, f"{{{DC}}}{name}").text = str(value)

    add("title", record["title"])
    add("creator", narrator_name(record))
    for interviewer in record.get("interviewers") or []:
        add("contributor", interviewer.get("name"))
    subjects = []
    for segment in record.get("segments") or []:
        subjects += [s["label"] for s in segment["subjects"] if s["label"] not in subjects]
    for subject in subjects:
        add("subject", subject)
    add("description", record.get("summary"))
    add("date", (record.get("recorded") or {}).get("edtf"))
    add("type", "Sound")
    add("type", "Oral history interview")
    add(
        "identifier",
        request.build_absolute_uri(reverse("v1:testimony-detail", args=[record["id"]])),
    )
    add("identifier", record["catalogue_id"])
    for language in record.get("languages") or []:
        add("language", language)
    add("coverage", (record.get("place") or {}).get("name"))
    add("relation", record["collection"]["name"])
    add("rights", record.get("rights"))
    return root
