"""The workbench's long lists (hundreds of segments, thousands of cues) written
as HTML in one pass: a template loop over them costs seconds, this costs
milliseconds. Every value is escaped."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def segment_items(segments: list[dict]) -> SafeString:
    closed, unsaved = escape(_("closed")), escape(_("unsaved"))
    return mark_safe(
        "".join(
            f'<li data-id="{s["id"]}" data-start="{s["start"]}" data-end="{s["end"]}" '
            f'tabindex="-1"><button type="button" class="wb-seek"><span class="wb-tc">'
            f'{s["start_tc"]}</span>–<span class="wb-tc-end">{s["end_tc"]}</span></button> '
            f'<span class="wb-row-title">{escape(s["title"])}</span>'
            + (f' <span class="wb-closed">{closed}</span>' if s["is_closed"] else "")
            + f' <span class="wb-dirty" hidden>{unsaved}</span></li>'
            for s in segments
        )
    )


def cue_items(cues: list[dict]) -> SafeString:
    return mark_safe(
        "".join(
            f'<li data-id="{c["id"]}" data-start="{c["start"]}" data-end="{c["end"]}" '
            f'data-version="{escape(c["version"])}">'
            f'<span class="wb-tc">{c["start_tc"]}</span> '
            + (f'<b class="wb-speaker">{escape(c["speaker"])}</b> ' if c["speaker"] else "")
            + f'<span class="wb-text">{escape(c["text"])}</span></li>'
            for c in cues
        )
    )
