"""A Django ``SESSION_SERIALIZER`` that keeps what Flask's session keeps."""

from __future__ import annotations

import json
from typing import Any

from flask.json.provider import DefaultJSONProvider
from flask.sessions import session_json_serializer


class FlaskSessionSerializer:
    """``SESSION_SERIALIZER``: Flask's tagged JSON, so a Django session keeps what Flask's does
    (tuples, bytes, ``Markup``, UUIDs, datetimes). Keys are sorted, as Flask's app JSON provider
    sorts them when it saves a session (Django saves outside the app context)."""

    #: Flask's own session serializer (``app.session_interface.serializer``): tags an app
    #: registers on it (``serializer.register(TagX)``, as Flask documents) apply here too.
    serializer = session_json_serializer

    def dumps(self, obj: Any) -> bytes:
        tagged = self.serializer.tag(obj)
        return json.dumps(tagged, separators=(",", ":"), sort_keys=True, default=DefaultJSONProvider.default).encode()

    def loads(self, data: bytes) -> Any:
        return self.serializer.loads(data.decode("utf-8"))
