"""``app.test_client()``: Flask's test client API over Django's test Client.

Requests run through Django's whole stack (middleware, sessions, messages) with the app
as the only URLconf, exactly like ``app.wsgi_app``.
"""

from __future__ import annotations

import json as _json
from io import BytesIO
from urllib.parse import urlencode, urlsplit

from django.test import Client, RequestFactory
from django.test.client import MULTIPART_CONTENT, encode_multipart, BOUNDARY

from .datastructures import Headers, MultiDict
from .handlers import AppClientHandler


def _is_file(value):
    return hasattr(value, "read") or (isinstance(value, tuple) and value and hasattr(value[0], "read"))


def build_request_kwargs(path="/", base_url=None, query_string=None, method="GET", data=None, json=None,
                         headers=None, content_type=None, environ_base=None, environ_overrides=None,
                         **unused):
    """Turn Flask's EnvironBuilder arguments into Django ``Client.generic()`` arguments."""
    split = urlsplit(path)
    path = split.path or "/"
    qs = split.query
    if query_string is not None:
        if not isinstance(query_string, (str, bytes)):
            items = query_string.items(multi=True) if isinstance(query_string, MultiDict) else (
                query_string.items() if hasattr(query_string, "items") else query_string)
            pairs = []
            for k, v in items:
                pairs.extend((k, x) for x in v) if isinstance(v, (list, tuple)) else pairs.append((k, v))
            query_string = urlencode(pairs)
        elif isinstance(query_string, bytes):
            query_string = query_string.decode("latin-1")
        qs = query_string
    extra = {}
    script_name = ""
    if base_url is not None:
        b = urlsplit(base_url)
        extra["wsgi.url_scheme"] = b.scheme or "http"
        extra["HTTP_HOST"] = b.netloc
        extra["SERVER_NAME"] = b.hostname or "localhost"
        extra["SERVER_PORT"] = str(b.port or (443 if b.scheme == "https" else 80))
        script_name = b.path.rstrip("/")
        if b.scheme == "https":
            extra["secure"] = True
    else:
        extra["HTTP_HOST"] = "localhost"
        extra["SERVER_NAME"] = "localhost"
    if script_name:
        extra["SCRIPT_NAME"] = script_name
    body = b""
    if json is not None:
        if data is not None:
            raise TypeError("can't provide both json and data")
        from .json import dumps

        body = dumps(json).encode()
        content_type = content_type or "application/json"
    elif isinstance(data, dict) or isinstance(data, MultiDict):
        items = data.items(multi=True) if isinstance(data, MultiDict) else data.items()
        has_files = any(_is_file(v) or (isinstance(v, list) and any(_is_file(x) for x in v)) for _, v in items)
        items = data.items(multi=True) if isinstance(data, MultiDict) else data.items()
        if has_files or (content_type or "").startswith("multipart/form-data"):
            fields = {}
            for k, v in items:
                vals = v if isinstance(v, list) else [v]
                out = fields.setdefault(k, [])
                for x in vals:
                    if isinstance(x, tuple):
                        fobj, name = x[0], x[1]
                        out.append(_NamedFile(fobj, name))
                    else:
                        out.append(x)
            body = encode_multipart(BOUNDARY, {k: v if len(v) > 1 else v[0] for k, v in fields.items()})
            content_type = MULTIPART_CONTENT
        else:
            pairs = []
            for k, v in items:
                pairs.extend((k, x) for x in v) if isinstance(v, (list, tuple)) else pairs.append((k, v))
            body = urlencode(pairs).encode()
            content_type = content_type or "application/x-www-form-urlencoded"
    elif data is not None:
        body = data.encode() if isinstance(data, str) else (data.read() if hasattr(data, "read") else bytes(data))
    hdrs = Headers(headers) if headers is not None else Headers()
    for key, value in hdrs.items():
        lk = key.lower()
        if lk == "content-type":
            content_type = value
        elif lk == "content-length":
            extra["CONTENT_LENGTH"] = value
        else:
            name = "HTTP_" + key.upper().replace("-", "_")
            extra[name] = f"{extra[name]},{value}" if name in extra else value
    if environ_base:
        extra.update(environ_base)
    if environ_overrides:
        extra.update(environ_overrides)
    if qs:
        extra["QUERY_STRING"] = qs
    return dict(method=method.upper(), path=path, data=body, content_type=content_type or "", **extra)


class _NamedFile:
    """A file object with the upload name Django's encode_multipart reads from ``.name``."""

    def __init__(self, fobj, name):
        self._f = fobj
        self.name = name

    def read(self, *a):
        return self._f.read(*a)


def make_test_django_request(app, *args, **kwargs):
    """A Django HttpRequest for ``app.test_request_context(...)`` (Flask's EnvironBuilder args)."""
    if args:
        kwargs["path"] = args[0]
    kw = build_request_kwargs(**kwargs)
    method, path, data, content_type = kw.pop("method"), kw.pop("path"), kw.pop("data"), kw.pop("content_type")
    secure = kw.pop("secure", False)
    script_name = kw.get("SCRIPT_NAME", "")
    factory = RequestFactory()
    req = factory.generic(method, script_name + path, data=data, content_type=content_type, secure=secure, **kw)
    if script_name:
        req.path_info = path
        req.META["PATH_INFO"] = path
    return req


class FlaskClient:
    """Flask's test client over Django's test ``Client`` bound to one app."""

    def __init__(self, app, use_cookies=True, **kwargs):
        self.application = app
        self._client = Client(raise_request_exception=True)
        self._client.handler = AppClientHandler(app)

    def open(self, path="/", method="GET", follow_redirects=False, buffered=False, **kwargs):
        kw = build_request_kwargs(path, method=method, **kwargs)
        method, path, data, content_type = kw.pop("method"), kw.pop("path"), kw.pop("data"), kw.pop("content_type")
        secure = kw.pop("secure", False)
        script_name = kw.pop("SCRIPT_NAME", "")
        response = self._client.generic(method, path, data=data, content_type=content_type, secure=secure, **kw)
        return TestResponse(response)

    def get(self, *args, **kw):
        return self.open(*args, method="GET", **kw)

    def post(self, *args, **kw):
        return self.open(*args, method="POST", **kw)

    def put(self, *args, **kw):
        return self.open(*args, method="PUT", **kw)

    def patch(self, *args, **kw):
        return self.open(*args, method="PATCH", **kw)

    def delete(self, *args, **kw):
        return self.open(*args, method="DELETE", **kw)

    def head(self, *args, **kw):
        return self.open(*args, method="HEAD", **kw)

    def options(self, *args, **kw):
        return self.open(*args, method="OPTIONS", **kw)


class TestResponse:
    """What Flask test suites read from a response, over whatever Django returned."""

    __test__ = False

    def __init__(self, response):
        self.django_response = response
        self.status_code = response.status_code
        h = Headers()
        for key, value in response.items():
            h.add(key, value)
        for morsel in response.cookies.values():
            h.add("Set-Cookie", morsel.output(header="").strip())
        self.headers = h
        if getattr(response, "streaming", False):
            self.data = b"".join(response.streaming_content)
        else:
            self.data = response.content
        self.history = tuple(TestResponse(r) for r in getattr(response, "redirect_chain_responses", ()))

    @property
    def status(self):
        return f"{self.status_code} {self.django_response.reason_phrase.upper()}"

    def get_data(self, as_text=False):
        return self.data.decode() if as_text else self.data

    @property
    def text(self):
        return self.get_data(as_text=True)

    @property
    def mimetype(self):
        ct = self.headers.get("Content-Type")
        return ct.split(";")[0].strip().lower() if ct else None

    @property
    def content_type(self):
        return self.headers.get("Content-Type")

    @property
    def location(self):
        return self.headers.get("Location")

    @property
    def is_json(self):
        mt = self.mimetype or ""
        return mt == "application/json" or (mt.startswith("application/") and mt.endswith("+json"))

    def get_json(self, force=False, silent=False):
        if not (force or self.is_json):
            return None
        try:
            return _json.loads(self.data)
        except ValueError:
            if silent:
                return None
            raise

    @property
    def json(self):
        return self.get_json()

    def __repr__(self):
        return f"<TestResponse {len(self.data)} bytes [{self.status}]>"


def __getattr__(name):
    """``FlaskCliRunner`` lives with the CLI, which needs click (an optional extra)."""
    if name == "FlaskCliRunner":
        from .cli import FlaskCliRunner

        return FlaskCliRunner
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
