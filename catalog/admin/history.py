"""A record's history in words, read from the events the database triggers keep.

A record's history is its own events and those of what is edited on its page:
each inline's rows (a testimony's segments, consent versions, files ...) and the
many-to-many links of the record and of those rows (a segment's subjects).
Those events make the record's *version* (their number, and the last one of
each table): every write of any kind adds one, so a form that saw another
version than the current one is stale.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext as _

# Records that people name by their version number ("consent record v2").
NUMBERED = {"consentrecord"}
SKIPPED = ("id", "pgh_id", "pgh_created_at", "pgh_label", "pgh_obj", "pgh_context")
LONG = 160  # characters of a long text shown before "…"
NAMING_FIELDS = ("title", "name", "label", "preferred_name", "original_name", "statement")


@cache
def _link_event_models() -> dict[type, type]:
    """The event model of each tracked many-to-many through table."""
    found = {}
    for model in apps.get_models():
        tracked = getattr(model, "pgh_tracked_model", None)
        if tracked is not None and tracked._meta.proxy:
            found[tracked._meta.concrete_model] = model
    return found


def event_model(model) -> type | None:
    return getattr(model, "pgh_event_model", None)


@dataclass
class Source:
    """One event table and the rows of it that belong to the record."""

    events: type  # the event model
    tracked: type  # the model (or through table) it tracks
    where: models.Q
    owner: "Source | None" = None  # for links: the rows whose links these are
    link: models.ManyToManyField | None = None
    is_record: bool = False
    # The column naming the record an event belongs to (None for the links of
    # inline rows, which name it only through those rows): see ``versions``.
    group: str | None = None

    def queryset(self):
        return self.events.objects.filter(self.where)


def _link_sources(model, ids, owner: "Source") -> list[Source]:
    """Sources for the tracked many-to-many fields of ``model``'s rows ``ids``."""
    found = []
    for m2m in model._meta.many_to_many:
        through = m2m.remote_field.through
        events = _link_event_models().get(through)
        if events is None:
            continue
        column = through._meta.get_field(m2m.m2m_field_name()).attname
        lookup = {f"{column}__in": ids} if isinstance(ids, models.QuerySet) else {column: ids}
        group = column if owner.is_record else None
        found.append(Source(events, through, models.Q(**lookup), owner, m2m, group=group))
    return found


def sources(model, pk, inlines) -> list[Source]:
    """Where the history of record ``pk`` and of its inlines' rows is kept.

    ``inlines`` are (model, foreign key to the record) pairs. ``pk`` may be a
    queryset of ids: the sources of all those records (see ``versions``).
    """
    found = []
    own_events = event_model(model)
    if own_events is None:
        return found
    many = isinstance(pk, models.QuerySet)
    own_where = models.Q(pgh_obj_id__in=pk) if many else models.Q(pgh_obj_id=pk)
    own = Source(own_events, model, own_where, is_record=True, group="pgh_obj_id")
    found.append(own)
    found += _link_sources(model, pk, own)
    for inline_model, fk in inlines:
        inline_events = event_model(inline_model)
        if inline_events is None:
            continue
        lookup = {f"{fk.attname}__in" if many else fk.attname: pk}
        rows = Source(inline_events, inline_model, models.Q(**lookup), group=fk.attname)
        found.append(rows)
        ids = inline_events.objects.filter(rows.where).values("pgh_obj_id")
        found += _link_sources(inline_model, ids, rows)
    return found


def version(found: list[Source]) -> str:
    """The record's version, in one query: how many events each source holds and
    the last event's id, as "count:last.last.last". Any write adds an event, so
    any write changes it; the ids say which events came after a given version.
    """
    if not found:
        return "0:"
    return version_of_rows(version_query(found), len(found))


def version_query(found: list[Source]):
    """The query ``version`` reads: (source, events, last) rows, one per source
    that has events (for a caller that runs it inside a larger statement)."""
    rows = [
        source.queryset()
        .order_by()
        .annotate(source=models.Value(index))
        .values("source")
        .annotate(events=models.Count("pgh_id"), last=models.Max("pgh_id"))
        .values_list("source", "events", "last")
        for index, source in enumerate(found)
    ]
    return rows[0].union(*rows[1:], all=True)


def version_of_rows(rows, sources_count: int) -> str:
    """The version from the (source, events, last) rows of ``version_query``."""
    counted = {index: (events, last or 0) for index, events, last in rows}
    total = sum(events for events, _ in counted.values())
    lasts = ".".join(str(counted.get(index, (0, 0))[1]) for index in range(sources_count))
    return f"{total}:{lasts}"


def record_sources(model, pk) -> list[Source]:
    """A record and its many-to-many links, without inline rows: what a page
    that edits one row of another record's page (a segment) compares."""
    return sources(model, pk, [])


class _Versions(dict):
    """Versions by pk; a record without any event has the empty version."""

    def __init__(self, empty: str):
        super().__init__()
        self.empty = empty

    def __missing__(self, pk) -> str:
        return self.empty


def versions(*wanted) -> list[dict]:
    """The version of many records at once, in one query: for each
    (model, queryset of ids, inlines) in ``wanted``, ``{pk: version}`` as
    ``version(sources(model, pk, inlines))`` would give it record by record."""
    parts, plans = [], []
    for model, ids, inlines in wanted:
        found = sources(model, ids, inlines)
        if any(source.group is None for source in found):
            raise ValueError(f"{model.__name__}: the links of inline rows are not grouped")
        plans.append((found, len(parts)))
        for source in found:
            parts.append(
                source.queryset()
                .order_by()
                .values(source.group)
                .annotate(events=models.Count("pgh_id"), last=models.Max("pgh_id"))
                .annotate(part=models.Value(len(parts)))
                .values_list("part", source.group, "events", "last")
            )
    counted: dict = defaultdict(dict)
    if parts:
        for part, owner, events, last in parts[0].union(*parts[1:], all=True):
            counted[part][owner] = (events, last or 0)
    result = []
    for found, first in plans:
        owners = set().union(*(counted[first + n].keys() for n in range(len(found))))
        by_pk = _Versions("0:" + ".".join("0" * len(found)))
        for pk in owners:
            seen = [counted[first + n].get(pk, (0, 0)) for n in range(len(found))]
            total = sum(events for events, _ in seen)
            by_pk[pk] = f"{total}:" + ".".join(str(last) for _, last in seen)
        result.append(by_pk)
    return result


def last_ids(version_seen: str, sources_count: int) -> list[int] | None:
    """The last event id of each source in a version; None if it is not one."""
    _, _, lasts = version_seen.partition(":")
    parts = lasts.split(".") if lasts else []
    if len(parts) != sources_count or not all(part.isdigit() for part in parts):
        return None
    return [int(part) for part in parts]


@dataclass
class Change:
    """One event, in words."""

    at: datetime.datetime
    order: int  # the event's id in its table
    context: object
    words: object = None  # called once the related names are fetched: (text, visible)
    source: int = 0  # id() of its Source
    who: str = ""
    text: str = ""
    visible: bool = True


@dataclass
class Entry:
    """What one person saved at one moment: the changes of one request."""

    at: datetime.datetime
    who: str
    position: int  # of its first change, oldest first
    lines: list[str] = field(default_factory=list)


def _short(text: str) -> str:
    return text if len(text) <= LONG else text[: LONG - 1] + "…"


def _timecode(value: datetime.timedelta) -> str:
    seconds = int(value.total_seconds())
    text = f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return text + (f".{value.microseconds // 1000:03d}" if value.microseconds else "")


class Describer:
    """Turns stored values into words: choices by label, foreign keys by name."""

    def __init__(self):
        self.wanted: dict[type, set] = defaultdict(set)
        self.names: dict[type, dict] = {}

    def want(self, model_field, value) -> None:
        if model_field.is_relation and model_field.many_to_one and value is not None:
            self.wanted[model_field.related_model].add(value)

    def fetch(self) -> None:
        """One query per kind of related record named in the history."""
        for model, ids in self.wanted.items():
            found = model._base_manager.in_bulk(ids)
            self.names[model] = {pk: str(obj) for pk, obj in found.items()}

    def value(self, model_field, value) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if model_field.is_relation and model_field.many_to_one:
            name = self.names.get(model_field.related_model, {}).get(value)
            if name is None:
                return _("#%(id)s (since deleted)") % {"id": value}
            return f"“{name}”"
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, datetime.timedelta):
            return _timecode(value)
        if isinstance(value, datetime.datetime):
            return f"{value:%Y-%m-%d %H:%M}"
        if isinstance(value, (list, tuple)):
            return ", ".join(str(item) for item in value)
        return f"“{_short(str(value))}”"


def _fields(model) -> dict[str, models.Field]:
    """The editable fields of ``model`` by column attribute, as shown in history."""
    return {
        f.attname: f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.attname not in SKIPPED
    }


def _data(event, fields) -> dict:
    return {name: getattr(event, name, None) for name in fields}


def _row_name(model, event, is_record: bool) -> str:
    """How a row is named in a sentence: "segment 00:01:00–00:02:00 “Leaving Niigata”"."""
    name = str(model._meta.verbose_name)
    if is_record:
        return _("the %(name)s") % {"name": name}
    start, end = getattr(event, "start", None), getattr(event, "end", None)
    if isinstance(start, datetime.timedelta) and isinstance(end, datetime.timedelta):
        name += f" {_timecode(start)}–{_timecode(end)}"
    if model._meta.model_name in NUMBERED and getattr(event, "version", None):
        name += f" v{event.version}"
    for attr in NAMING_FIELDS:
        if getattr(event, attr, None):
            return _("%(name)s “%(label)s”") % {
                "name": name,
                "label": _short(str(getattr(event, attr))),
            }
    return name


def _describe_rows(source: Source, events, describer: Describer, changes: list) -> dict:
    """Words for insert/update/delete events of one table; returns each row's last data."""
    fields = _fields(source.tracked)
    for event in events:
        for name, model_field in fields.items():
            describer.want(model_field, getattr(event, name, None))
    last: dict = {}
    previous: dict = {}
    pending = []
    for event in sorted(events, key=lambda e: e.pgh_id):
        data = _data(event, fields)
        before = previous.get(event.pgh_obj_id)
        previous[event.pgh_obj_id], last[event.pgh_obj_id] = data, event
        pending.append((event, data, before))

    def words(event, data, before) -> tuple[str, bool]:
        row = _row_name(source.tracked, event, source.is_record)
        if event.pgh_label == "insert":
            return _("added %(row)s") % {"row": row}, True
        if event.pgh_label == "delete":
            return _("removed %(row)s") % {"row": row}, True
        if before is None:
            return _("changed %(row)s") % {"row": row}, True
        diffs = [
            f"{model_field.verbose_name}: {describer.value(model_field, before[name])} → "
            f"{describer.value(model_field, data[name])}"
            for name, model_field in fields.items()
            if before[name] != data[name]
        ]
        if not diffs:
            return _("saved %(row)s without changing it") % {"row": row}, False
        return _("changed %(row)s: %(changes)s") % {"row": row, "changes": "; ".join(diffs)}, True

    for event, data, before in pending:
        changes.append(
            Change(
                event.pgh_created_at,
                event.pgh_id,
                event.pgh_context_id,
                words=lambda e=event, d=data, b=before: words(e, d, b),
                source=id(source),
            )
        )
    return last


def _describe_links(source: Source, events, owners: dict, describer: Describer, changes) -> None:
    through = source.tracked
    owner_column = through._meta.get_field(source.link.m2m_field_name()).attname
    target = through._meta.get_field(source.link.m2m_reverse_field_name())
    for event in events:
        describer.want(target, getattr(event, target.attname))
    for event in events:
        owner_id = getattr(event, owner_column)
        owner = source.owner
        added = event.pgh_label == "add"
        where = {"field": source.link.verbose_name}
        if owner.is_record:
            text = (
                _("added to %(field)s: %(value)s")
                if added
                else _("removed from %(field)s: %(value)s")
            )
        else:
            row = owners.get(id(owner), {}).get(owner_id)
            where["row"] = _row_name(owner.tracked, row, False)
            text = (
                _("added to %(field)s of %(row)s: %(value)s")
                if added
                else _("removed from %(field)s of %(row)s: %(value)s")
            )

        def words(e=event, text=text, where=where):
            value = describer.value(target, getattr(e, target.attname))
            return text % {**where, "value": value}, True

        changes.append(
            Change(
                event.pgh_created_at, event.pgh_id, event.pgh_context_id, words, source=id(source)
            )
        )


def changes(found: list[Source], after: list[int] | None = None) -> list[Change]:
    """Every event of the record's sources in words, oldest first; with ``after``
    (each source's last event id seen), only the events that came after."""
    describer = Describer()
    result: list[Change] = []
    owners: dict[int, dict] = {}
    contexts = {}
    loaded = [(source, list(source.queryset().select_related("pgh_context"))) for source in found]
    newer = set()
    if after is not None:
        newer = {
            (id(source), event.pgh_id)
            for (source, events), last in zip(loaded, after, strict=True)
            for event in events
            if event.pgh_id > last
        }
    for source, events in loaded:
        for event in events:
            if event.pgh_context_id:
                contexts[event.pgh_context_id] = event.pgh_context
        if source.link is None:
            owners[id(source)] = _describe_rows(source, events, describer, result)
    for source, events in loaded:
        if source.link is not None:
            _describe_links(source, events, owners, describer, result)
    users = {context.metadata.get("user") for context in contexts.values() if context.metadata} - {
        None
    }
    describer.fetch()
    names = {
        user.pk: user.get_username() for user in get_user_model()._base_manager.filter(pk__in=users)
    }
    if after is not None:
        result = [change for change in result if (change.source, change.order) in newer]
    for change in result:
        change.text, change.visible = change.words()
        context = contexts.get(change.context)
        user = context.metadata.get("user") if context and context.metadata else None
        if user:
            change.who = names.get(user) or _("user #%(id)s") % {"id": user}
        else:
            change.who = _("the system (no signed-in user)")
    result.sort(key=lambda change: (change.at, change.order))
    return result


def entries(found_changes: list[Change]) -> list[Entry]:
    """Changes grouped by the request that made them, newest first; silent saves left out."""
    grouped: dict = {}
    for position, change in enumerate(found_changes):
        if not change.visible:
            continue
        key = change.context or ("event", position)
        entry = grouped.get(key)
        if entry is None:
            entry = grouped[key] = Entry(change.at, change.who, position)
        entry.lines.append(change.text)
    return sorted(grouped.values(), key=lambda entry: (entry.at, entry.position), reverse=True)
