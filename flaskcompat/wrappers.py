"""``Request`` and ``Response``: Flask's API over Django's HttpRequest and HttpResponse.

:class:`Request` never parses the body a second time: forms, files and the raw body come
from Django's own parsers and upload handlers, and their failures are turned into the
HTTP errors Flask would raise (400 for a malformed body, 413 for an oversized one).
Attributes Flask's request lacks fall through to the HttpRequest, so ``request.user``
works in a Flask-style view.

:class:`Response` *is* a Django ``HttpResponse`` (middleware, the test client and the
handlers treat it as one) with Werkzeug's response API on top; an iterator body makes it
a streaming response.
"""

from __future__ import annotations

import json as _json
from functools import cached_property
from http import HTTPStatus
from urllib.parse import quote

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.http.request import RawPostDataException

from .datastructures import (
    CombinedMultiDict,
    EnvironHeaders,
    FileStorage,
    Headers,
    ImmutableMultiDict,
    parse_options_header,
)
from .exceptions import BadRequest, RequestEntityTooLarge

_URL_SAFE = "!$&'()*+,/:;=@%"


class Request:
    """The Flask-style request of one Django HttpRequest (``request.django_request``)."""

    #: set by the app when it dispatches; None in contexts built by hand.
    url_rule = None
    view_args = None
    routing_exception = None

    def __init__(self, django_request, app=None, script_root=None, path=None):
        self.django_request = django_request
        self.app = app
        self.environ = django_request.META
        self.method = django_request.method
        meta = django_request.META
        if script_root is None:
            script_root = meta.get("SCRIPT_NAME", "")
        self.script_root = script_root.rstrip("/")
        self.path = path if path is not None else (django_request.path_info or "/")

    def __getattr__(self, name):
        # Only reached for names this class lacks: Django's own request attributes.
        try:
            return getattr(self.__dict__["django_request"], name)
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self):
        return f"<{type(self).__name__} {self.url!r} [{self.method}]>"

    # -- routing ----------------------------------------------------------------------------

    @property
    def endpoint(self):
        return self.url_rule.endpoint if self.url_rule is not None else None

    @property
    def blueprint(self):
        endpoint = self.endpoint
        if endpoint is not None and "." in endpoint:
            return endpoint.rpartition(".")[0]
        return None

    @property
    def blueprints(self):
        name = self.blueprint
        if name is None:
            return []
        parts = name.split(".")
        return [".".join(parts[:i]) for i in range(len(parts), 0, -1)]

    # -- URL --------------------------------------------------------------------------------

    @cached_property
    def scheme(self):
        return self.django_request.scheme

    @property
    def is_secure(self):
        return self.scheme in ("https", "wss")

    @cached_property
    def host(self):
        return self.django_request.get_host()

    @cached_property
    def query_string(self):
        return self.environ.get("QUERY_STRING", "").encode("latin-1")

    @cached_property
    def full_path(self):
        return f"{self.path}?{self.query_string.decode('latin-1')}"

    @cached_property
    def host_url(self):
        return f"{self.scheme}://{self.host}/"

    @cached_property
    def root_url(self):
        return f"{self.scheme}://{self.host}{quote(self.script_root, safe=_URL_SAFE)}/"

    @property
    def url_root(self):
        return self.root_url

    @cached_property
    def base_url(self):
        return f"{self.scheme}://{self.host}{quote(self.script_root + self.path, safe=_URL_SAFE)}"

    @cached_property
    def url(self):
        qs = self.query_string.decode("latin-1")
        return self.base_url + (f"?{qs}" if qs else "")

    @property
    def remote_addr(self):
        return self.environ.get("REMOTE_ADDR")

    @cached_property
    def access_route(self):
        forwarded = self.headers.get("X-Forwarded-For")
        if forwarded:
            return [part.strip() for part in forwarded.split(",")]
        return [self.remote_addr] if self.remote_addr else []

    # -- headers ----------------------------------------------------------------------------

    @cached_property
    def headers(self):
        return EnvironHeaders(self.environ)

    @cached_property
    def cookies(self):
        return ImmutableMultiDict(self.django_request.COOKIES)

    @property
    def content_type(self):
        return self.environ.get("CONTENT_TYPE", "")

    @cached_property
    def _parsed_content_type(self):
        return parse_options_header(self.content_type)

    @property
    def mimetype(self):
        return self._parsed_content_type[0].lower()

    @property
    def mimetype_params(self):
        return self._parsed_content_type[1]

    @property
    def content_length(self):
        try:
            return max(0, int(self.environ.get("CONTENT_LENGTH") or ""))
        except ValueError:
            return None

    @property
    def user_agent(self):
        from .datastructures import UserAgent

        return UserAgent(self.environ.get("HTTP_USER_AGENT", ""))

    @property
    def referrer(self):
        return self.environ.get("HTTP_REFERER")

    @cached_property
    def authorization(self):
        from .datastructures import Authorization

        return Authorization.from_header(self.environ.get("HTTP_AUTHORIZATION"))

    # -- body -------------------------------------------------------------------------------

    @property
    def max_content_length(self):
        if self.app is not None:
            return self.app.config["MAX_CONTENT_LENGTH"]
        return None

    def _check_length(self):
        limit = self.max_content_length
        if limit is not None and (self.content_length or 0) > limit:
            raise RequestEntityTooLarge()

    @cached_property
    def args(self):
        return ImmutableMultiDict(self.django_request.GET)

    def _load_form_data(self):
        """Let Django parse the body once; map its errors to Flask's 400/413."""
        self._check_length()
        try:
            post, files = self.django_request.POST, self.django_request.FILES
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
            raise RequestEntityTooLarge() from None
        except MultiPartParserError as e:
            raise BadRequest(f"The browser (or proxy) sent a request that this server could not understand. ({e})") from None
        form = ImmutableMultiDict(post)
        uploads = ImmutableMultiDict(
            {field: [FileStorage(f, name=field) for f in items] for field, items in files.lists()}
        )
        self.__dict__["form"] = form
        self.__dict__["files"] = uploads

    @property
    def form(self):
        if "form" not in self.__dict__:
            self._load_form_data()
        return self.__dict__["form"]

    @property
    def files(self):
        if "files" not in self.__dict__:
            self._load_form_data()
        return self.__dict__["files"]

    @cached_property
    def values(self):
        sources = [self.args]
        if self.method != "GET":
            sources.append(self.form)
        return CombinedMultiDict(sources)

    def get_data(self, cache=True, as_text=False, parse_form_data=False):
        if parse_form_data:
            self._load_form_data()
        self._check_length()
        try:
            data = self.django_request.body
        except RawPostDataException:
            data = b""  # a multipart body was consumed by the form parser, as in Flask
        except RequestDataTooBig:
            raise RequestEntityTooLarge() from None
        return data.decode() if as_text else data

    @property
    def data(self):
        return self.get_data(parse_form_data=True) if self.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data") else self.get_data()

    @property
    def stream(self):
        from io import BytesIO

        return BytesIO(self.get_data())

    @property
    def is_json(self):
        mt = self.mimetype
        return mt == "application/json" or (mt.startswith("application/") and mt.endswith("+json"))

    @property
    def json(self):
        return self.get_json()

    _cached_json = (Ellipsis, Ellipsis)

    def get_json(self, force=False, silent=False, cache=True):
        """Parse the body as JSON: 415 when it is not JSON (unless ``force``), 400 when malformed."""
        if cache and self._cached_json[silent] is not Ellipsis:
            return self._cached_json[silent]
        if not (force or self.is_json):
            if not silent:
                return self.on_json_loading_failed(None)
            return None
        data = self.get_data()
        try:
            if self.app is not None:
                rv = self.app.json.loads(data)
            else:
                rv = _json.loads(data)
        except ValueError as e:
            if silent:
                rv = None
                if cache:
                    normal = self._cached_json[False]
                    self._cached_json = (normal, None)
            else:
                rv = self.on_json_loading_failed(e)
                if cache:
                    self._cached_json = (rv, self._cached_json[True])
        else:
            if cache:
                self._cached_json = (rv, rv)
        return rv

    def on_json_loading_failed(self, e):
        if e is not None:
            raise BadRequest(f"Failed to decode JSON object: {e}")
        from .exceptions import UnsupportedMediaType

        raise UnsupportedMediaType(
            "Did not attempt to load JSON data because the request"
            " Content-Type was not 'application/json'."
        )


class Response(HttpResponse):
    """Werkzeug's response API on a Django ``HttpResponse``.

    ``Response(body, status, headers, mimetype, content_type)``; ``headers`` is a
    multi-valued, case-insensitive :class:`~flaskcompat.datastructures.Headers`, which is
    also what Django's middleware reads and writes through ``response.headers``.
    """

    default_status = 200
    default_mimetype = "text/html"
    charset = "utf-8"
    autocorrect_location_header = False

    def __init__(self, response=None, status=None, headers=None, mimetype=None,
                 content_type=None, direct_passthrough=False):
        super().__init__()
        self.headers = headers if isinstance(headers, Headers) else Headers(headers)
        if content_type is None:
            if mimetype is None and "content-type" not in self.headers:
                mimetype = self.default_mimetype
            if mimetype is not None:
                content_type = _content_type_for(mimetype, self.charset)
        if content_type is not None:
            self.headers["Content-Type"] = content_type
        if status is None:
            status = self.default_status
        self.status = status
        self.direct_passthrough = direct_passthrough
        self._stream = None
        if response is None:
            self.content = b""
        elif isinstance(response, (str, bytes, bytearray, memoryview)):
            self.content = response
        elif isinstance(response, (list, tuple)):
            self.content = b"".join(self.make_bytes(chunk) for chunk in response)
        else:
            self._stream = response

    # -- status -----------------------------------------------------------------------------

    @property
    def status(self):
        return f"{self.status_code} {self.reason_phrase.upper()}"

    @status.setter
    def status(self, value):
        if isinstance(value, (bytes, bytearray)):
            value = value.decode("latin-1")
        if isinstance(value, HTTPStatus):
            value = int(value)
        if isinstance(value, int):
            self.status_code = value
            self._reason_phrase = None
            return
        value = value.strip()
        if not value:
            raise ValueError("Empty status argument")
        code, _, reason = value.partition(" ")
        try:
            self.status_code = int(code)
        except ValueError:
            self.status_code = 0
            self._reason_phrase = value
            return
        self._reason_phrase = reason or None

    # -- body -------------------------------------------------------------------------------

    @property
    def streaming(self):
        return self._stream is not None

    @property
    def is_streamed(self):
        return self._stream is not None

    @property
    def streaming_content(self):
        return map(self.make_bytes, self._stream)

    def __iter__(self):
        if self._stream is not None:
            return iter(self.streaming_content)
        return super().__iter__()

    @property
    def response(self):
        return self._stream if self._stream is not None else self._container

    def get_data(self, as_text=False):
        if self._stream is not None:
            self.content = b"".join(self.streaming_content)
            self._stream = None
        data = self.content
        return data.decode(self.charset) if as_text else data

    def set_data(self, value):
        self._stream = None
        self.content = value

    data = property(get_data, set_data)

    @property
    def content(self):
        if self._stream is not None:
            return self.get_data()
        return b"".join(self._container)

    @content.setter
    def content(self, value):
        HttpResponse.content.fset(self, value)

    @property
    def text(self):
        return self.get_data(as_text=True)

    def calculate_content_length(self):
        if self._stream is not None:
            return None
        return sum(len(chunk) for chunk in self._container)

    @property
    def content_length(self):
        value = self.headers.get("Content-Length")
        return int(value) if value is not None and value.isdigit() else None

    @content_length.setter
    def content_length(self, value):
        self.headers["Content-Length"] = str(value)

    # -- headers ----------------------------------------------------------------------------

    @property
    def mimetype(self):
        ct = self.headers.get("content-type")
        return ct.split(";")[0].strip() if ct else None

    @mimetype.setter
    def mimetype(self, value):
        self.headers["Content-Type"] = _content_type_for(value, self.charset)

    @property
    def mimetype_params(self):
        return parse_options_header(self.headers.get("content-type", ""))[1]

    @property
    def content_type(self):
        return self.headers.get("content-type")

    @content_type.setter
    def content_type(self, value):
        self.headers["Content-Type"] = value

    @property
    def location(self):
        return self.headers.get("location")

    @location.setter
    def location(self, value):
        self.headers["Location"] = value

    @property
    def is_json(self):
        mt = self.mimetype or ""
        return mt == "application/json" or (mt.startswith("application/") and mt.endswith("+json"))

    @property
    def json(self):
        return self.get_json()

    @json.setter
    def json(self, value):
        pass  # Django's test client assigns its own parser here; ours already is one

    def get_json(self, force=False, silent=False):
        if not (force or self.is_json):
            return None
        try:
            return _json.loads(self.get_data())
        except ValueError:
            if not silent:
                raise
            return None

    def delete_cookie(self, key, path="/", domain=None, secure=False, httponly=False, samesite=None,
                      partitioned=False):
        self.set_cookie(key, expires="Thu, 01 Jan 1970 00:00:00 GMT", max_age=0, path=path,
                        domain=domain, secure=secure, httponly=httponly, samesite=samesite)

    def __repr__(self):
        body = "streamed" if self.is_streamed else f"{self.calculate_content_length()} bytes"
        return f"<{type(self).__name__} {body} [{self.status}]>"

    # -- WSGI -------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        """A response is a WSGI application, as in Werkzeug."""
        headers = list(self.items())
        headers.extend(("Set-Cookie", c.output(header="")) for c in self.cookies.values())
        start_response(self.status, headers)
        if environ.get("REQUEST_METHOD") == "HEAD":
            return []
        return self

    @classmethod
    def force_type(cls, response, environ=None):
        """Turn a WSGI application's answer (or another response object) into a Response."""
        if isinstance(response, cls):
            return response
        if environ is None:
            raise TypeError("cannot convert WSGI application into response objects without an environ")
        captured = {}

        def start_response(status, headers, exc_info=None):
            captured["status"] = status
            captured["headers"] = headers
            return lambda data: captured.setdefault("written", []).append(data)

        body = response(environ, start_response)
        try:
            chunks = captured.pop("written", []) + list(body)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        rv = cls(chunks, captured["status"], captured["headers"])
        return rv


def _content_type_for(mimetype, charset):
    if (mimetype.startswith("text/") or mimetype in (
            "application/xml", "application/javascript", "application/ecmascript",
            "application/xml-dtd", "application/sql")
            or mimetype.endswith("+xml")) and "charset" not in mimetype:
        return f"{mimetype}; charset={charset}"
    return mimetype
