"""Read an admin form's fields and their current values from the rendered page,
as a browser would submit them, so tests post complete forms with inlines."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "__prefix__" not in name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value", "on"))
                return
            self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name and "__prefix__" not in name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name and "__prefix__" not in name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += (
                data.lstrip("\n") if not self.data[self._textarea][0] else data
            )


def form_data(client, url) -> dict:
    """The POST data a browser would send for the admin form at ``url`` unchanged."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    parser = _FormParser()
    parser.feed(response.content.decode())
    data = {}
    for name, values in parser.data.items():
        if name == "csrfmiddlewaretoken":
            continue
        if values:
            data[name] = values if len(values) > 1 else values[0]
    return data


def add_inline_form(data: dict, prefix: str, **fields) -> dict:
    """Append one new form to the inline formset ``prefix``."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    return data


def new_consent_fields(**overrides) -> dict:
    """The fields of a new consent version, filled as a reviewer would."""
    return {
        "given_on": "2024-01-02",
        "method": "written",
        "access": "public",
        "name_disclosure": "real_name",
        "audio": "public",
        "video": "none",
        "transcript": "public",
        "photos": "none",
    } | overrides
