"""Export routes: each answers for the caller's audience (the public, or a
partner by its token), with the API's authentication, limits, JSON errors and
404 for anything the audience may not see."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.views import APIView

from testimony.api.auth import audience_for
from testimony.api.fetch_log import record_fetch
from testimony.interchange import citations, iiif, oai, ohms, vtt
from testimony.interchange.source import segment_record, testimony_record


class AnyAccept(BaseContentNegotiation):
    """Players ask for text/vtt, harvesters for XML: errors are JSON whatever they ask."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


@extend_schema(exclude=True)
class ExportView(APIView):
    """A testimony's export for the caller's audience."""

    content_negotiation_class = AnyAccept
    parameters: frozenset[str] = frozenset()

    @cached_property
    def audience(self):
        return audience_for(self.request)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        unknown = sorted(set(request.query_params) - self.parameters)
        if unknown:
            raise ValidationError(
                {name: ["Unknown parameter."] for name in unknown}
                | {"allowed": sorted(self.parameters)}
            )

    def record(self, pk: int) -> dict:
        found = testimony_record(self.audience, pk)
        if found is None:
            raise NotFound
        if self.audience.partner:
            record_fetch(self.audience.partner, "testimony", [found["id"]])
        return found


def _text(content: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _filename(record: dict, suffix: str) -> str:
    return f"{record['catalogue_id'].replace('/', '-')}{suffix}"


class CaptionsView(ExportView):
    def get(self, request, pk: int, transcript: int):
        record = self.record(pk)
        for entry in record.get("transcripts") or []:
            if entry["id"] == transcript and (content := vtt.captions(entry)) is not None:
                name = _filename(record, f"-{entry['language']}.vtt")
                return _text(content, "text/vtt", name)
        raise NotFound


class ChaptersView(ExportView):
    def get(self, request, pk: int):
        record = self.record(pk)
        return _text(vtt.chapters(record), "text/vtt", _filename(record, "-chapters.vtt"))


class OhmsView(ExportView):
    parameters = frozenset({"translation"})

    def get(self, request, pk: int):
        record = self.record(pk)
        try:
            content = ohms.export(
                self.audience, record, request.query_params.get("translation"), request
            )
        except ohms.NoSuchTranslation as exc:
            raise ValidationError({"translation": [str(exc)]}) from exc
        return _text(content, "application/xml", _filename(record, "-ohms.xml"))


class ManifestView(ExportView):
    def get(self, request, pk: int):
        record = self.record(pk)
        manifest = iiif.manifest(self.audience, record, request)
        return JsonResponse(
            manifest,
            content_type='application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"',
            json_dumps_params={"ensure_ascii": False},
        )


class TestimonyCitationView(ExportView):
    def get(self, request, pk: int):
        record = self.record(pk)
        return JsonResponse(citations.for_testimony(record, request))


class SegmentCitationView(ExportView):
    def get(self, request, pk: int):
        segment = segment_record(self.audience, pk)
        testimony = segment and testimony_record(self.audience, segment["testimony"])
        if testimony is None:
            raise NotFound
        return JsonResponse(citations.for_segment(testimony, segment, request))


@extend_schema(exclude=True)
class OaiView(APIView):
    """OAI-PMH 2.0 (``testimony.interchange.oai``): protocol errors are answered
    in the protocol's own XML, with status 200, as harvesters expect."""

    content_negotiation_class = AnyAccept

    def get(self, request):
        return self._answer(request, request._request.GET)

    def post(self, request):
        return self._answer(request, request._request.POST)

    def _answer(self, request, data):
        repeated = [name for name, values in data.lists() if len(values) > 1]
        params = {name: data[name] for name in data}
        repository = oai.Repository(audience_for(request), request)
        content = repository.respond(params, repeated)
        return HttpResponse(content, content_type="text/xml; charset=utf-8")
