"""A Django SESSION_SERIALIZER that round-trips what Flask's session does.

Flask stores its session as "tagged JSON": values JSON can't carry are wrapped in a
one-key object whose key names the type (``{" t": [...]}`` for a tuple). This serializer
writes the same format, so with ``SESSION_SERIALIZER =
"flaskcompat.serializers.FlaskSessionSerializer"`` a Django session keeps tuples,
bytes, ``Markup``, UUIDs and datetimes (aware, in UTC, to the second, as in Flask),
nested in dicts and lists, and a dict whose only key looks like a tag stays a dict. Keys
are sorted, as Flask's app JSON provider sorts them when it saves a session.
What Flask's serializer turns into JSON (dates, Decimals, dataclasses) comes back as
the same JSON here. Embedded mode and ``tests/settings.py`` use it.
"""

from __future__ import annotations

import json
from base64 import b64decode, b64encode
from datetime import datetime, timezone
from uuid import UUID

from django.utils.http import http_date, parse_http_date
from markupsafe import Markup

from .json.provider import _default


def _utc_timestamp(value):
    return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).timestamp()


# (tag, which values it claims, value -> JSON, JSON -> value), checked in this order.
_TAGS = (
    (" t", lambda v: isinstance(v, tuple), lambda v: [_tag(x) for x in v], tuple),
    (" b", lambda v: isinstance(v, bytes), lambda v: b64encode(v).decode("ascii"), b64decode),
    (" m", lambda v: callable(getattr(v, "__html__", None)), lambda v: str(v.__html__()), Markup),
    (" u", lambda v: isinstance(v, UUID), lambda v: v.hex, UUID),
    (" d", lambda v: isinstance(v, datetime), lambda v: http_date(_utc_timestamp(v)),
     lambda v: datetime.fromtimestamp(parse_http_date(v), timezone.utc)),
)
_DICT_TAG = " di"  # a dict whose single key is a tag: the key gets "__" appended
_FROM_JSON = {key: load for key, _, _, load in _TAGS}
_FROM_JSON[_DICT_TAG] = lambda v: {next(iter(v))[:-2]: next(iter(v.values()))}


def _tag(value):
    if isinstance(value, dict):
        if len(value) == 1:
            key = next(iter(value))
            if key in _FROM_JSON:
                return {_DICT_TAG: {f"{key}__": _tag(value[key])}}
        return {k: _tag(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tag(x) for x in value]
    for key, claims, dump, _ in _TAGS:
        if claims(value):
            return {key: dump(value)}
    return value


def _untag(value):
    if isinstance(value, dict):
        value = {k: _untag(v) for k, v in value.items()}
        if len(value) == 1:
            key = next(iter(value))
            if key in _FROM_JSON:
                return _FROM_JSON[key](value[key])
        return value
    if isinstance(value, list):
        return [_untag(x) for x in value]
    return value


class FlaskSessionSerializer:
    """Django's serializer interface (``dumps`` to bytes, ``loads`` from bytes) over tagged JSON."""

    def dumps(self, obj):
        return json.dumps(_tag(obj), separators=(",", ":"), sort_keys=True, default=_default).encode("latin-1")

    def loads(self, data):
        return _untag(json.loads(data.decode("latin-1")))
