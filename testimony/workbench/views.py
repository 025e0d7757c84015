"""The workbench's page and its JSON answers, mixed into the testimony admin
(``<id>/workbench/...``) with the same permissions as the testimony's page:
viewing it opens the workbench, changing it saves there."""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from catalog.codes import language_name
from catalog.scripts import COMMON_LANGUAGES as LANGUAGES_OFFERED
from testimony.models import Cue, Segment, Testimony, Transcript
from testimony.timecodes import format_timecode, parse_timecode
from testimony.workbench import cues, data, lookups, rows
from testimony.workbench.forms import SegmentForm
from testimony.workbench.segments import Refused, follow_open_ends, lock_segment, save_segment
from testimony.workbench.stale import (
    StaleCopy,
    page_versions,
    refuse_if_stale,
    segment_sources,
    segment_versions,
)


def refused(errors: dict, status: int = 400, **extra) -> JsonResponse:
    return JsonResponse({"errors": errors, **extra}, status=status)


def _body(request) -> dict:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as exc:
        raise Refused({"__all__": [_("The request is not valid JSON.")]}) from exc
    if not isinstance(body, dict):
        raise Refused({"__all__": [_("The request must be a JSON object.")]})
    return body


def answers(view):
    """Turn Refused and StaleCopy into JSON errors, nothing saved."""

    def wrapped(self, request, *args, **kwargs):
        try:
            return view(self, request, *args, **kwargs)
        except StaleCopy as exc:
            return refused({"__all__": [str(exc)]}, 409, current=data.current_row(exc.current))
        except Refused as exc:
            return refused(exc.errors, exc.status)

    return wrapped


class WorkbenchViews:
    """Mixed into the testimony admin."""

    def get_urls(self):
        def route(suffix, view, name):
            return path(
                f"<int:object_id>/workbench/{suffix}",
                self.admin_site.admin_view(view),
                name=f"testimony_workbench{name}",
            )

        return [
            route("", self.workbench_view, ""),
            route("segments/", self.segment_create_view, "_segments"),
            route("segments/<int:segment_id>/", self.segment_view, "_segment"),
            route("cues/<int:cue_id>/", self.cue_view, "_cue"),
            route("cues/<int:cue_id>/split/", self.cue_split_view, "_cue_split"),
            route("cues/<int:cue_id>/merge/", self.cue_merge_view, "_cue_merge"),
            route("import/", self.import_view, "_import"),
            route("lookup/<str:kind>/", self.lookup_view, "_lookup"),
            *super().get_urls(),
        ]

    def _may_change(self, request) -> None:
        """Saving a segment needs the right to change testimonies (checked
        before the segment and its testimony are read, locked, in one query)."""
        if not self.has_change_permission(request):
            raise PermissionDenied

    def _testimony(self, request, object_id, change: bool) -> Testimony:
        testimony = get_object_or_404(Testimony.objects.select_related("narrator"), pk=object_id)
        allowed = (
            self.has_change_permission(request, testimony)
            if change
            else self.has_view_permission(request, testimony)
        )
        if not allowed:
            raise PermissionDenied
        return testimony

    def workbench_view(self, request, object_id):
        testimony = self._testimony(request, object_id, change=False)
        transcripts = data.transcripts(testimony.pk)
        chosen = request.GET.get("transcript")
        transcript = next(
            (t for t in transcripts if str(t["id"]) == chosen),
            next((t for t in transcripts if t["timed"]), transcripts[0] if transcripts else None),
        )
        for row in transcripts:
            row["language_name"] = (
                dict(LANGUAGES_OFFERED).get(row["language"])
                or language_name(row["language"])
                or row["language"]
            )
        recording = data.recording(testimony.pk)
        timed = transcript["id"] if transcript and transcript["timed"] else None
        cue_rows = data.cue_rows(timed) if timed else []
        segments = data.segment_rows(testimony.pk)
        segment_versions, cue_versions, transcript_versions = page_versions(testimony.pk, timed)
        for row in segments:
            row["version"] = segment_versions[row["id"]]
        for row in cue_rows:
            row["version"] = cue_versions[row["id"]]
        for row in transcripts:
            row["version"] = transcript_versions[row["id"]]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "is_nav_sidebar_enabled": False,  # the player and the lists need the width
            "title": _("Workbench: %(testimony)s") % {"testimony": testimony},
            "testimony": testimony,
            "original": testimony,
            "may_change": self.has_change_permission(request, testimony),
            "tag_kinds": [
                (
                    kind,
                    SegmentForm.base_fields[kind].label,
                    request.user.has_perm(f"catalog.add_{model._meta.model_name}"),
                )
                for kind, (model, _label, _fields) in lookups.KINDS.items()
            ],
            "recording": recording,
            "duration": format_timecode(testimony.duration),
            "duration_seconds": data.seconds(testimony.duration),
            "segments": segments,
            "segment_items": rows.segment_items(segments),
            "cue_items": rows.cue_items(cue_rows),
            "transcripts": transcripts,
            "transcript": transcript,
            "cues": bool(cue_rows),
            "language_choices": LANGUAGES_OFFERED,
            "place_kinds": lookups.Place.Kind.choices,
            "urls": {
                "segments": reverse("admin:testimony_workbench_segments", args=[testimony.pk]),
                "base": reverse("admin:testimony_workbench", args=[testimony.pk]),
            },
        }
        return TemplateResponse(request, "admin/testimony/workbench.html", context)

    @answers
    def segment_create_view(self, request, object_id):
        if request.method != "POST":
            return refused({"__all__": [_("Send a POST.")]}, 405)
        self._may_change(request)
        segment = save_segment(object_id, _body(request))
        return self._segment_answer(segment, 201)

    @answers
    def segment_view(self, request, object_id, segment_id):
        self._may_change(request)
        if request.method == "DELETE":
            return self._delete_segment(request, object_id, segment_id)
        if request.method != "POST":
            return refused({"__all__": [_("Send a POST.")]}, 405)
        segment = save_segment(object_id, _body(request), segment_id)
        return self._segment_answer(segment, 200)

    def _segment_answer(self, segment: Segment, status: int) -> JsonResponse:
        row = {field: getattr(segment, field) for field in data.SEGMENT_FIELDS}
        data.timed(row)
        row.update(segment.tag_ids, version=segment.versions[segment.pk])
        moved = {pk: data.seconds(end) for pk, end in segment.moved_ends.items()}
        versions = {pk: segment.versions[pk] for pk in segment.moved_ends if pk != segment.pk}
        return JsonResponse(
            {"segment": row, "moved_ends": moved, "versions": versions}, status=status
        )

    def _delete_segment(self, request, testimony_id, segment_id):
        version = request.GET.get("version")
        with transaction.atomic():
            segment = lock_segment(testimony_id, segment_id)
            refuse_if_stale(segment_sources(segment.pk), version, Segment, current=segment)
            segment.delete()
            moved = follow_open_ends(testimony_id)
            versions = segment_versions(Segment.objects.filter(pk__in=list(moved)).values("pk"))
        return JsonResponse(
            {
                "deleted": segment_id,
                "moved_ends": {k: data.seconds(v) for k, v in moved.items()},
                "versions": {pk: versions[pk] for pk in moved},
            }
        )

    def _cue(self, request, object_id, cue_id, version) -> Cue:
        """The cue, locked and checked, inside the request's transaction."""
        if request.method != "POST":
            raise Refused({"__all__": [_("Send a POST.")]}, 405)
        self._may_change(request)
        return cues.lock_cue(object_id, cue_id, version)

    @answers
    @transaction.atomic
    def cue_view(self, request, object_id, cue_id):
        body = _body(request)
        cue = cues.edit_cue(self._cue(request, object_id, cue_id, body.get("version")), body)
        return JsonResponse({"cue": data.cue_rows_of([cue])[0]})

    @answers
    @transaction.atomic
    def cue_split_view(self, request, object_id, cue_id):
        body = _body(request)
        cue = self._cue(request, object_id, cue_id, body.get("version"))
        try:
            at = parse_timecode(str(body.get("at", "")))
        except ValidationError as exc:
            raise Refused({"at": exc.messages}) from exc
        offset = body.get("offset")
        if offset is not None and not isinstance(offset, int):
            raise Refused({"offset": [_("Give the place in the text as a number.")]})
        first, second = cues.split_cue(cue, at, offset)
        return JsonResponse({"cues": data.cue_rows_of([first, second])})

    @answers
    @transaction.atomic
    def cue_merge_view(self, request, object_id, cue_id):
        body = _body(request)
        cue = self._cue(request, object_id, cue_id, body.get("version"))
        cue, removed = cues.merge_with_next(cue, body.get("next_version"))
        return JsonResponse({"cue": data.cue_rows_of([cue])[0], "removed": removed})

    @answers
    def import_view(self, request, object_id):
        if request.method != "POST":
            return refused({"__all__": [_("Send a POST.")]}, 405)
        testimony = self._testimony(request, object_id, change=True)
        upload = request.FILES.get("file")
        if upload is None:
            raise Refused({"file": [_("Choose a file to import.")]})
        try:
            offset = parse_timecode(request.POST.get("offset") or "0")
        except ValidationError as exc:
            raise Refused({"offset": exc.messages}) from exc
        with transaction.atomic():
            transcript = self._import_target(testimony, request.POST)
            try:
                count = cues.import_cues(transcript, upload.name, upload.read(), offset)
            except ValidationError as exc:
                transaction.set_rollback(True)
                raise Refused({"file": exc.messages}) from exc
        return JsonResponse({"imported": count, "transcript": transcript.pk})

    def _import_target(self, testimony, post) -> Transcript:
        """The chosen transcript (locked, and refused if changed since the page
        showed it), or a new one in the language chosen from the list."""
        chosen = post.get("transcript")
        if chosen:
            transcript = Transcript.objects.filter(testimony=testimony, pk=chosen).first()
            if transcript is None:
                raise Refused({"transcript": [_("Choose a transcript of this testimony.")]})
            cues.lock_transcript(transcript, post.get("version"))
            return transcript
        language = post.get("language", "")
        if language not in dict(LANGUAGES_OFFERED):
            raise Refused({"language": [_("Choose the language of the transcript.")]})
        transcript, created = Transcript.objects.get_or_create(
            testimony=testimony, language=language
        )
        if not created:
            raise Refused(
                {"transcript": [_("This testimony has a transcript in that language: choose it.")]}
            )
        return transcript

    def lookup_view(self, request, object_id, kind):
        if request.method not in ("GET", "POST"):
            return refused({"__all__": [_("Send a GET or a POST.")]}, 405)
        if kind not in lookups.KINDS:
            return refused({"__all__": [_("Unknown kind of record.")]}, 404)
        if request.method == "GET":
            self._testimony(request, object_id, change=False)
            return JsonResponse({"results": lookups.find(kind, request.GET.get("q", ""))})
        self._testimony(request, object_id, change=True)
        model = lookups.KINDS[kind][0]
        if not request.user.has_perm(f"catalog.add_{model._meta.model_name}"):
            return refused({"label": [_("You may not add records of this kind.")]}, 403)
        try:
            body = _body(request)
            record, created = lookups.create(
                kind, str(body.get("label", "")), str(body.get("place_kind", ""))
            )
        except Refused as exc:
            return refused(exc.errors, exc.status)
        except ValueError as exc:
            return refused({"label": [str(exc)]})
        return JsonResponse({"record": record, "created": created}, status=201 if created else 200)
