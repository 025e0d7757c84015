"""What a segment or a cue save may hold, checked field by field so that each
error is shown at its field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from testimony.timecodes import TimecodeFormField


class KeywordsField(forms.Field):
    """Free keywords, as a list or as text separated by commas."""

    def to_python(self, value):
        if value in (None, ""):
            return []
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list):
            raise forms.ValidationError(_("Give keywords as a list."), code="keywords")
        words = []
        for item in items:
            word = str(item).strip()
            if len(word) > 100:
                raise forms.ValidationError(
                    _("A keyword is at most 100 characters long."), code="keyword_length"
                )
            if word and word not in words:
                words.append(word)
        return words


class IdListField(forms.Field):
    """Ids of catalogue records; whether they exist is checked in one query."""

    def to_python(self, value):
        if value in (None, ""):
            return []
        if not isinstance(value, list):
            raise forms.ValidationError(_("Give a list of ids."), code="ids")
        try:
            return sorted({int(item) for item in value})
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(_("Give a list of ids."), code="ids") from exc


class SegmentForm(forms.Form):
    start = TimecodeFormField(label=_("start"))
    end = TimecodeFormField(
        label=_("end"),
        required=False,
        help_text=_("Leave empty: the segment ends where the next one begins."),
    )
    title = forms.CharField(label=_("title"), max_length=300)
    synopsis = forms.CharField(label=_("synopsis"), required=False)
    transcript_excerpt = forms.CharField(label=_("transcript excerpt"), required=False)
    is_closed = forms.BooleanField(label=_("closed"), required=False)
    closed_reason = forms.CharField(label=_("reason for closing"), max_length=300, required=False)
    keywords = KeywordsField(label=_("keywords"), required=False)
    subjects = IdListField(label=_("subjects"), required=False)
    places = IdListField(label=_("places"), required=False)
    people = IdListField(label=_("people"), required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is not None and end is not None and end <= start:
            self.add_error("end", _("A segment must end after it starts."))
        return cleaned


class CueForm(forms.Form):
    start = TimecodeFormField(label=_("start"))
    end = TimecodeFormField(label=_("end"))
    speaker = forms.CharField(label=_("speaker"), max_length=200, required=False)
    text = forms.CharField(label=_("text"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is not None and end is not None and end <= start:
            self.add_error("end", _("A cue must end after it starts."))
        return cleaned
