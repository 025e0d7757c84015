"""JSON through orjson: DRF's output, faster, and able to embed ready JSON.

A list of testimonies is made of rows the database keeps as JSON text
(``TestimonyListing``); they go into the response as ``orjson.Fragment`` and
are written out as they are, not parsed and encoded again.
"""

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS


class CatalogueJSONRenderer(JSONRenderer):
    # What orjson cannot write itself (lazy strings, decimals, querysets ...)
    # becomes what DRF's own encoder makes of it.
    _default = staticmethod(JSONEncoder().default)

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        options = OPTIONS | (orjson.OPT_INDENT_2 if indent else 0)
        body = orjson.dumps(data, default=self._default, option=options)
        # As DRF does: JSON that is also a strict subset of JavaScript.
        return body.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
