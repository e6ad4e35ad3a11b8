"""``flask.json``: ``jsonify``, ``dumps``/``loads`` through ``current_app.json`` when there is one."""

from __future__ import annotations

import json as _json

from ..globals import _cv_app, current_app
from .provider import DefaultJSONProvider, JSONProvider, _default


def dumps(obj, **kwargs):
    if _cv_app.get(None) is not None:
        return current_app.json.dumps(obj, **kwargs)
    kwargs.setdefault("default", _default)
    return _json.dumps(obj, **kwargs)


def dump(obj, fp, **kwargs):
    if _cv_app.get(None) is not None:
        return current_app.json.dump(obj, fp, **kwargs)
    kwargs.setdefault("default", _default)
    _json.dump(obj, fp, **kwargs)


def loads(s, **kwargs):
    if _cv_app.get(None) is not None:
        return current_app.json.loads(s, **kwargs)
    return _json.loads(s, **kwargs)


def load(fp, **kwargs):
    if _cv_app.get(None) is not None:
        return current_app.json.load(fp, **kwargs)
    return _json.load(fp, **kwargs)


def jsonify(*args, **kwargs):
    """A JSON response of the arguments (one value, several as a list, or keyword arguments)."""
    return current_app.json.response(*args, **kwargs)


__all__ = ["dumps", "dump", "loads", "load", "jsonify", "JSONProvider", "DefaultJSONProvider"]
