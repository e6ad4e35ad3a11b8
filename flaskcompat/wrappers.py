"""``Request`` and ``Response``: Flask's API over Django's HttpRequest and HttpResponse.

:class:`Request` never parses the body a second time: the raw body, forms and uploads come
from Django's own parsers and upload handlers (see :mod:`flaskcompat.formparser`), and their
failures become the HTTP errors Flask raises (413 for an oversized body, an empty form for a
malformed one). Attributes Flask's request lacks fall through to the HttpRequest, so
``request.user`` works in a Flask-style view.

:class:`Response` *is* a Django ``HttpResponse`` (middleware, handlers and the test client
treat it as one) whose body is Werkzeug's ``response`` iterable: a list makes a buffered
response, any other iterable a streamed one (Django's ``streaming`` and
``streaming_content``). Cookies live in Django's cookie jar, rendered as Werkzeug does.
"""

from __future__ import annotations

import collections.abc as cabc
from datetime import datetime, timedelta, timezone
from functools import cached_property
from http import HTTPStatus
from http.cookies import SimpleCookie
from itertools import chain
from urllib.parse import quote, urljoin

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponse
from django.http.request import RawPostDataException
from django.utils.encoding import iri_to_uri, uri_to_iri

from . import conditional
from . import json as json_module
from .cookies import make_morsel, parse_cookie
from .datastructures import (
    Accept,
    Authorization,
    CharsetAccept,
    CombinedMultiDict,
    EnvironHeaders,
    Headers,
    ImmutableMultiDict,
    LanguageAccept,
    MIMEAccept,
    RequestCacheControl,
    ResponseCacheControl,
    UserAgent,
    WWWAuthenticate,
    dump_header,
    parse_accept_header,
    parse_cache_control_header,
    parse_etags,
    parse_list_header,
    parse_options_header,
    quote_etag,
    quote_header_value,
    unquote_etag,
)
from .exceptions import (
    HTTP_STATUS_CODES,
    BadRequest,
    RequestedRangeNotSatisfiable,
    RequestEntityTooLarge,
    UnsupportedMediaType,
)
from .globals import _cv_app

_PATH_SAFE = "!$&'()*+,/:;=@%"
_QUERY_SAFE = "!$&'()*+,/:;=?@%"


def _current_app():
    ctx = _cv_app.get(None)
    return ctx.app if ctx is not None else None


def _is_json(mimetype):
    return mimetype == "application/json" or (mimetype.startswith("application/") and mimetype.endswith("+json"))


class HeaderSet(cabc.MutableSet):
    """A comma-separated header as a set (``response.vary``, ``request.pragma``).

    Membership ignores case, order and spelling are kept; changes call ``on_update``, which
    the response uses to rewrite its header.
    """

    def __init__(self, headers=None, on_update=None):
        self._headers = list(headers or ())
        self._set = {h.lower() for h in self._headers}
        self.on_update = on_update

    def _changed(self):
        if self.on_update is not None:
            self.on_update(self)

    def add(self, header):
        self.update((header,))

    def update(self, iterable):
        added = False
        for header in iterable:
            if header.lower() not in self._set:
                self._headers.append(header)
                self._set.add(header.lower())
                added = True
        if added:
            self._changed()

    def remove(self, header):
        index = self.index(header)
        self._set.discard(header.lower())
        del self._headers[index]
        self._changed()

    def discard(self, header):
        if header.lower() in self._set:
            self.remove(header)

    def clear(self):
        self._set.clear()
        self._headers.clear()
        self._changed()

    def find(self, header):
        header = header.lower()
        return next((i for i, h in enumerate(self._headers) if h.lower() == header), -1)

    def index(self, header):
        found = self.find(header)
        if found < 0:
            raise KeyError(header)
        return found

    def as_set(self, preserve_casing=False):
        return set(self._headers) if preserve_casing else set(self._set)

    def to_header(self):
        return ", ".join(quote_header_value(h) for h in self._headers)

    def __getitem__(self, index):
        return self._headers[index]

    def __contains__(self, header):
        return header.lower() in self._set

    def __iter__(self):
        return iter(self._headers)

    def __len__(self):
        return len(self._set)

    def __bool__(self):
        return bool(self._set)

    __str__ = to_header

    def __repr__(self):
        return f"{type(self).__name__}({self._headers!r})"


def parse_set_header(value, on_update=None):
    return HeaderSet(parse_list_header(value) if value else None, on_update)


class Request:
    """The Flask-style request of one Django HttpRequest (``request.django_request``)."""

    #: set by the app when it dispatches; None in contexts built by hand.
    url_rule = None
    view_args = None
    routing_exception = None

    #: ``loads`` through ``current_app.json`` (the stdlib outside an app), as Flask's.
    json_module = json_module
    parameter_storage_class = ImmutableMultiDict
    dict_storage_class = ImmutableMultiDict
    list_storage_class = list
    user_agent_class = UserAgent
    trusted_hosts = None
    shallow = False
    _max_content_length = None
    _max_form_memory_size = None
    _max_form_parts = None
    _cached_data = None
    _cached_json = (Ellipsis, Ellipsis)

    def __init__(self, django_request, app=None, script_root=None, path=None):
        self.django_request = django_request
        self.app = app
        self.environ = django_request.META
        self.method = django_request.method
        if script_root is None:
            script_root = self.environ.get("SCRIPT_NAME", "")
        self.script_root = script_root.rstrip("/")
        self.path = path if path is not None else (django_request.path_info or "/")

    def __getattr__(self, name):
        # Only reached for names this class lacks: Django's own request attributes.
        try:
            return getattr(self.__dict__["django_request"], name)
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self):
        try:
            url = self.url
        except Exception as e:
            url = f"(invalid URL: {e})"
        return f"<{type(self).__name__} {url!r} [{self.method}]>"

    def close(self):
        """Close the uploaded files (Django also does when the response is closed)."""
        files = self.__dict__.get("files")
        for upload in chain.from_iterable(files.listvalues()) if files is not None else ():
            upload.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        self.close()

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
        """The blueprint and its parents, innermost first (computed once per rule)."""
        rule = self.url_rule
        if rule is None:
            return []
        names = rule.__dict__.get("_fc_blueprints")
        if names is None:
            name = self.blueprint
            parts = name.split(".") if name is not None else []
            names = rule._fc_blueprints = [".".join(parts[:i]) for i in range(len(parts), 0, -1)]
        return names

    # -- URL --------------------------------------------------------------------------------

    @property
    def root_path(self):
        return self.script_root

    @cached_property
    def scheme(self):
        return self.django_request.scheme

    @property
    def is_secure(self):
        return self.scheme in ("https", "wss")

    @cached_property
    def server(self):
        name, port = self.environ.get("SERVER_NAME"), self.environ.get("SERVER_PORT")
        return (name, int(port)) if name and port and port.isdigit() else None

    @cached_property
    def host(self):
        """``host[:port]`` as validated by Django's ALLOWED_HOSTS, without the scheme's default port."""
        host = self.django_request.get_host()
        default_port = {"http": ":80", "ws": ":80", "https": ":443", "wss": ":443"}.get(self.scheme)
        return host.removesuffix(default_port) if default_port else host

    @cached_property
    def query_string(self):
        return self.environ.get("QUERY_STRING", "").encode("latin-1")

    @cached_property
    def full_path(self):
        return f"{self.path}?{self.query_string.decode(errors='replace')}"

    @cached_property
    def host_url(self):
        return uri_to_iri(f"{self.scheme}://{self.host}/")

    @cached_property
    def root_url(self):
        return uri_to_iri(f"{self.scheme}://{self.host}{quote(self.script_root, safe=_PATH_SAFE)}/")

    @property
    def url_root(self):
        return self.root_url

    @cached_property
    def base_url(self):
        return uri_to_iri(f"{self.scheme}://{self.host}{quote(self.script_root, safe=_PATH_SAFE)}/"
                          f"{quote(self.path.lstrip('/'), safe=_PATH_SAFE)}")

    @cached_property
    def url(self):
        qs = self.query_string
        if not qs:
            return self.base_url
        return self.base_url + "?" + uri_to_iri(quote(qs, safe=_QUERY_SAFE))

    @property
    def remote_addr(self):
        return self.environ.get("REMOTE_ADDR")

    @property
    def remote_user(self):
        return self.environ.get("REMOTE_USER")

    @cached_property
    def access_route(self):
        forwarded = self.headers.get("X-Forwarded-For")
        if forwarded is not None:
            return self.list_storage_class(parse_list_header(forwarded))
        return self.list_storage_class([self.remote_addr] if self.remote_addr is not None else [])

    @property
    def is_multithread(self):
        return bool(self.environ.get("wsgi.multithread"))

    @property
    def is_multiprocess(self):
        return bool(self.environ.get("wsgi.multiprocess"))

    @property
    def is_run_once(self):
        return bool(self.environ.get("wsgi.run_once"))

    # -- headers ----------------------------------------------------------------------------

    @cached_property
    def headers(self):
        return EnvironHeaders(self.environ)

    @cached_property
    def cookies(self):
        """Every cookie sent, decoded as Werkzeug does (Django's ``COOKIES`` keeps one per name)."""
        return self.dict_storage_class(parse_cookie(self.environ.get("HTTP_COOKIE", "")))

    @property
    def content_type(self):
        return self.headers.get("Content-Type")

    @cached_property
    def _parsed_content_type(self):
        return parse_options_header(self.headers.get("Content-Type", ""))

    @property
    def mimetype(self):
        return self._parsed_content_type[0].lower()

    @property
    def mimetype_params(self):
        return self._parsed_content_type[1]

    @cached_property
    def content_length(self):
        """None when absent or chunked, 0 when malformed (Werkzeug's reading)."""
        encoding = self.headers.get("Transfer-Encoding")
        value = self.headers.get("Content-Length")
        if value is None or (encoding is not None and "chunked" in encoding.lower()):
            return None
        value = value.strip()
        return int(value) if value.isascii() and value.isdigit() else 0

    content_encoding = property(lambda self: self.headers.get("Content-Encoding"))
    content_md5 = property(lambda self: self.headers.get("Content-MD5"))
    referrer = property(lambda self: self.headers.get("Referer"))
    origin = property(lambda self: self.headers.get("Origin"))
    access_control_request_method = property(lambda self: self.headers.get("Access-Control-Request-Method"))

    @property
    def date(self):
        return conditional.parse_date(self.headers.get("Date"))

    @cached_property
    def pragma(self):
        return parse_set_header(self.headers.get("Pragma", ""))

    @property
    def access_control_request_headers(self):
        value = self.headers.get("Access-Control-Request-Headers")
        return None if value is None else parse_set_header(value)

    @property
    def max_forwards(self):
        return self.headers.get("Max-Forwards", type=int)

    @cached_property
    def user_agent(self):
        return self.user_agent_class(self.headers.get("User-Agent", ""))

    @cached_property
    def authorization(self):
        return Authorization.from_header(self.headers.get("Authorization"))

    @cached_property
    def accept_mimetypes(self):
        return parse_accept_header(self.headers.get("Accept"), MIMEAccept)

    @cached_property
    def accept_charsets(self):
        return parse_accept_header(self.headers.get("Accept-Charset"), CharsetAccept)

    @cached_property
    def accept_encodings(self):
        return parse_accept_header(self.headers.get("Accept-Encoding"), Accept)

    @cached_property
    def accept_languages(self):
        return parse_accept_header(self.headers.get("Accept-Language"), LanguageAccept)

    @cached_property
    def cache_control(self):
        return parse_cache_control_header(self.headers.get("Cache-Control"), None, RequestCacheControl)

    @cached_property
    def if_match(self):
        return parse_etags(self.headers.get("If-Match"))

    @cached_property
    def if_none_match(self):
        return parse_etags(self.headers.get("If-None-Match"))

    @cached_property
    def if_modified_since(self):
        return conditional.parse_date(self.headers.get("If-Modified-Since"))

    @cached_property
    def if_unmodified_since(self):
        return conditional.parse_date(self.headers.get("If-Unmodified-Since"))

    @cached_property
    def if_range(self):
        return conditional.parse_if_range_header(self.headers.get("If-Range"))

    @cached_property
    def range(self):
        return conditional.parse_range_header(self.headers.get("Range"))

    # -- limits -----------------------------------------------------------------------------

    def _config(self, key, default):
        app = self.app or _current_app()
        return app.config[key] if app is not None else default

    @property
    def max_content_length(self):
        """``MAX_CONTENT_LENGTH``, or a per-request value set on this attribute (Flask 3.1)."""
        if self._max_content_length is not None:
            return self._max_content_length
        return self._config("MAX_CONTENT_LENGTH", None)

    @max_content_length.setter
    def max_content_length(self, value):
        self._max_content_length = value

    @property
    def max_form_memory_size(self):
        if self._max_form_memory_size is not None:
            return self._max_form_memory_size
        return self._config("MAX_FORM_MEMORY_SIZE", 500_000)

    @max_form_memory_size.setter
    def max_form_memory_size(self, value):
        self._max_form_memory_size = value

    @property
    def max_form_parts(self):
        if self._max_form_parts is not None:
            return self._max_form_parts
        return self._config("MAX_FORM_PARTS", 1000)

    @max_form_parts.setter
    def max_form_parts(self, value):
        self._max_form_parts = value

    def _check_length(self):
        limit = self.max_content_length
        if limit is not None and (self.content_length or 0) > limit:
            raise RequestEntityTooLarge()

    # -- body -------------------------------------------------------------------------------

    @cached_property
    def args(self):
        try:
            return self.parameter_storage_class(self.django_request.GET)
        except TooManyFieldsSent:
            raise RequestEntityTooLarge() from None

    @property
    def want_form_data_parsed(self):
        return bool(self.environ.get("CONTENT_TYPE"))

    def _load_form_data(self):
        """Fill ``form`` and ``files`` once, from Django's parse (see :mod:`.formparser`)."""
        if "form" in self.__dict__:
            return
        from .formparser import load_form

        self._check_length()
        form, files, consumed = load_form(self)
        self.__dict__.update(form=form, files=files, _stream_consumed=consumed)
        if self._config("DEBUG", False) and self.mimetype != "multipart/form-data" and not files:
            self.__dict__["files"] = _EnctypeErrorFiles(self)  # explain a form sent without its enctype

    @property
    def form(self):
        self._load_form_data()
        return self.__dict__["form"]

    @property
    def files(self):
        self._load_form_data()
        return self.__dict__["files"]

    @cached_property
    def values(self):
        sources = [self.args]
        if self.method != "GET":
            # GET bodies are ignored: caching proxies may not tell them apart.
            sources.append(self.form)
        return CombinedMultiDict(sources)

    def raw_body(self):
        """The whole body through Django (``request.body``), mapped to Flask's errors."""
        self._check_length()
        try:
            return self.django_request.body
        except RequestDataTooBig:
            raise RequestEntityTooLarge() from None
        except RawPostDataException:
            return self.django_request.read()  # what is left after someone read the stream

    @cached_property
    def stream(self):
        """The body as a file object; empty once the form parser or ``get_data()`` read it."""
        self._check_length()
        return _BodyStream(self)

    @property
    def input_stream(self):
        return self.environ.get("wsgi.input")

    def get_data(self, cache=True, as_text=False, parse_form_data=False):
        rv = self._cached_data
        if rv is None:
            if parse_form_data:
                self._load_form_data()
            rv = b"" if self.__dict__.get("_stream_consumed") else self.raw_body()
            if cache:
                self._cached_data = rv
        return rv.decode(errors="replace") if as_text else rv

    @cached_property
    def data(self):
        return self.get_data(parse_form_data=True)

    # -- JSON -------------------------------------------------------------------------------

    @property
    def is_json(self):
        return _is_json(self.mimetype)

    @property
    def json(self):
        return self.get_json()

    def get_json(self, force=False, silent=False, cache=True):
        """The body parsed as JSON: 415 when it is not JSON (unless ``force``), 400 when malformed."""
        if cache:
            rv = self._cached_json[bool(silent)]
            if rv is not Ellipsis:
                return rv
        if not (force or self.is_json):
            return None if silent else self.on_json_loading_failed(None)
        data = self.get_data(cache=cache)
        try:
            rv = self.json_module.loads(data)
        except ValueError as e:
            if silent:
                rv = None
                if cache:
                    self._cached_json = (self._cached_json[0], rv)
            else:
                rv = self.on_json_loading_failed(e)
                if cache:
                    self._cached_json = (rv, self._cached_json[1])
        else:
            if cache:
                self._cached_json = (rv, rv)
        return rv

    def on_json_loading_failed(self, e):
        """415 without a JSON content type, else 400 (naming the JSON error only in debug)."""
        if e is None:
            raise UnsupportedMediaType(
                "Did not attempt to load JSON data because the request"
                " Content-Type was not 'application/json'."
            )
        if self._config("DEBUG", False):
            raise BadRequest(f"Failed to decode JSON object: {e}")
        raise BadRequest() from BadRequest(f"Failed to decode JSON object: {e}")


class DebugFilesKeyError(KeyError, AssertionError):
    """``request.files[key]`` of a form sent without ``enctype="multipart/form-data"``.

    Raised in debug mode instead of a 400, saying what went wrong (Flask's debughelpers).
    """

    def __init__(self, request, key):
        names = request.form.getlist(key)
        self.msg = (
            f"You tried to access the file {key!r} in the request.files"
            " dictionary but it does not exist. The mimetype for the"
            f" request is {request.mimetype!r} instead of"
            " 'multipart/form-data' which means that no file contents"
            " were transmitted. To fix this error you should provide"
            ' enctype="multipart/form-data" in your form.'
        )
        if names:
            self.msg += ("\n\nThe browser instead transmitted some file names. "
                         f"This was submitted: {', '.join(repr(x) for x in names)}")

    def __str__(self):
        return self.msg


class _EnctypeErrorFiles(ImmutableMultiDict):
    """The empty ``files`` of a debug request: a key sent as a form field is explained."""

    def __init__(self, request):
        super().__init__()
        self._request = request

    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError as e:
            if key not in self._request.form:
                raise
            raise DebugFilesKeyError(self._request, key).with_traceback(e.__traceback__) from None


class _BodyStream:
    """``request.stream``: reads the body left after Django and the form parser."""

    def __init__(self, request):
        self._request = request

    def read(self, size=-1):
        req = self._request
        if req._cached_data is not None or req.__dict__.get("_stream_consumed"):
            return b""
        try:
            return req.django_request.read(-1 if size is None else size)
        except RequestDataTooBig:
            raise RequestEntityTooLarge() from None

    def readline(self, size=-1):
        return self._request.django_request.readline(size)

    def readlines(self, hint=-1):
        return self._request.django_request.readlines(hint)

    def __iter__(self):
        return iter(self.readline, b"")

    def readable(self):
        return True

    def close(self):
        pass


# -- responses ----------------------------------------------------------------------------------

_CHARSET_MIMETYPES = {
    "application/ecmascript", "application/javascript", "application/sql", "application/xml",
    "application/xml-dtd", "application/xml-external-parsed-entity",
}
_ENTITY_HEADERS = {
    "allow", "content-encoding", "content-language", "content-length", "content-md5",
    "content-range", "content-type", "last-modified",
}  # Werkzeug's entity headers, less Expires and Content-Location, which a 304 keeps


def get_content_type(mimetype, charset="utf-8"):
    """The Content-Type for a mimetype: text types get the charset."""
    if mimetype.startswith("text/") or mimetype in _CHARSET_MIMETYPES or mimetype.endswith("+xml"):
        return f"{mimetype}; charset={charset}"
    return mimetype


_STATUS_LINES = {}


def _clean_status(value):
    """``(status line, code)`` from an int, HTTPStatus or ``"code reason"`` string."""
    if isinstance(value, (int, HTTPStatus)):
        code = int(value)
        line = _STATUS_LINES.get(code)
        if line is not None:
            return line, code
    else:
        value = value.strip()
        if not value:
            raise ValueError("Empty status argument")
        code_text, sep, _ = value.partition(" ")
        try:
            code = int(code_text)
        except ValueError:
            return f"0 {value}", 0
        if sep:
            return value, code
    reason = HTTP_STATUS_CODES.get(code)
    line = f"{code} {reason.upper()}" if reason else f"{code} UNKNOWN"
    if reason:
        _STATUS_LINES[code] = line
    return line, code


def _header_property(name, load=None, dump=None, doc=None):
    """A response attribute backed by one header, converted both ways (Werkzeug's header_property)."""

    def fget(self):
        value = self.headers.get(name)
        if value is None or load is None:
            return value
        try:
            return load(value)
        except (ValueError, TypeError):
            return None

    def fset(self, value):
        if value is None:
            self.headers.pop(name, None)
        else:
            self.headers[name] = dump(value) if dump is not None else value

    def fdel(self):
        self.headers.pop(name, None)

    return property(fget, fset, fdel, doc or f"The ``{name}`` header.")


def _set_property(name, doc=None):
    """A response attribute holding a comma-separated header as a :class:`HeaderSet`."""

    def fget(self):
        def on_update(header_set):
            if header_set:
                self.headers[name] = header_set.to_header()
            else:
                self.headers.pop(name, None)

        return parse_set_header(self.headers.get(name), on_update)

    def fset(self, value):
        if not value:
            self.headers.pop(name, None)
        else:
            self.headers[name] = value if isinstance(value, str) else dump_header(value)

    return property(fget, fset, doc=doc or f"The ``{name}`` header as a set.")


def _iter_encoded(iterable):
    for item in iterable:
        yield item.encode() if isinstance(item, str) else item


class Response(HttpResponse):
    """Werkzeug's response API on a Django ``HttpResponse``.

    ``Response(body, status, headers, mimetype, content_type, direct_passthrough)``;
    ``headers`` is a multi-valued, case-insensitive
    :class:`~flaskcompat.datastructures.Headers`, which is also what Django's middleware
    reads and writes through ``response.headers``.
    """

    default_status = 200
    default_mimetype = "text/html"
    charset = "utf-8"
    implicit_sequence_conversion = True
    autocorrect_location_header = False
    automatically_set_content_length = True
    is_async = False  # a body is a plain iterable; Django serves it under ASGI too
    json_module = json_module

    def __init__(self, response=None, status=None, headers=None, mimetype=None,
                 content_type=None, direct_passthrough=False):
        # HttpResponseBase.__init__'s state, without the ResponseHeaders it builds and we replace.
        self._charset = None
        self._resource_closers = []
        self._handler_class = None
        self.cookies = SimpleCookie()
        self.closed = False
        if isinstance(headers, Headers):
            self.headers = headers
        else:
            self.headers = Headers(headers) if headers else Headers()
        if content_type is None:
            if mimetype is None and "content-type" not in self.headers:
                mimetype = self.default_mimetype
            if mimetype is not None:
                content_type = get_content_type(mimetype)
        if content_type is not None:
            self.headers["Content-Type"] = content_type
        self.status = self.default_status if status is None else status
        self.direct_passthrough = direct_passthrough
        if response is None:
            self.response = []
        elif isinstance(response, (str, bytes, bytearray)):
            # Unlike set_data(), no Content-Length yet: prepare_for() adds it when sending, and
            # the test client's TestResponse rebuilds responses from bytes with their headers.
            self.response = [response.encode() if isinstance(response, str) else bytes(response)]
        else:
            self.response = response

    def __repr__(self):
        if self.is_sequence:
            body = f"{sum(map(len, self.iter_encoded()))} bytes"
        else:
            body = "streamed" if self.is_streamed else "likely-streamed"
        return f"<{type(self).__name__} {body} [{self.status}]>"

    # -- status -----------------------------------------------------------------------------

    @property
    def status(self):
        return self._status

    @status.setter
    def status(self, value):
        self._status, self._status_code = _clean_status(value)

    @property
    def status_code(self):
        return self._status_code

    @status_code.setter
    def status_code(self, code):
        self.status = code

    @property
    def reason_phrase(self):
        """The status line's reason, which Django's handlers send (``NOT FOUND``, as Werkzeug)."""
        return self._status.partition(" ")[2]

    @reason_phrase.setter
    def reason_phrase(self, value):
        self._status = f"{self._status_code} {value}"

    # -- body -------------------------------------------------------------------------------

    @property
    def response(self):
        """The body iterable: a list when buffered, any iterable when streamed."""
        return self._body

    @response.setter
    def response(self, value):
        self._body = value
        close = getattr(value, "close", None)
        if close is not None:
            self._resource_closers.append(close)

    @property
    def is_sequence(self):
        return isinstance(self._body, (list, tuple))

    @property
    def is_streamed(self):
        try:
            len(self._body)
        except (TypeError, AttributeError):
            return True
        return False

    @property
    def streaming(self):
        """Django's view of :attr:`is_sequence`: a non-list body is sent as it is produced."""
        return not isinstance(self._body, (list, tuple))

    @property
    def streaming_content(self):
        return self.iter_encoded()

    @streaming_content.setter
    def streaming_content(self, value):
        self.response = value

    def iter_encoded(self):
        return _iter_encoded(self._body)

    def __iter__(self):
        return self.iter_encoded()

    async def __aiter__(self):
        from asgiref.sync import sync_to_async

        chunks = self.iter_encoded()
        done = object()
        while (chunk := await sync_to_async(next, thread_sensitive=True)(chunks, done)) is not done:
            yield chunk

    def make_sequence(self):
        """Buffer a streamed body into a list of bytes."""
        if not self.is_sequence:
            self.response = list(self.iter_encoded())

    def _ensure_sequence(self, mutable=False):
        if self.is_sequence:
            if mutable and not isinstance(self._body, list):
                self._body = list(self._body)
            return
        if self.direct_passthrough:
            raise RuntimeError(
                "Attempted implicit sequence conversion but the"
                " response object is in direct passthrough mode."
            )
        if not self.implicit_sequence_conversion:
            raise RuntimeError(
                "The response object required the iterable to be a"
                " sequence, but the implicit conversion was disabled."
                " Call make_sequence() yourself."
            )
        self.make_sequence()

    def get_data(self, as_text=False):
        self._ensure_sequence()
        rv = b"".join(self.iter_encoded())
        return rv.decode() if as_text else rv

    def set_data(self, value):
        """Replace the body; ``Content-Length`` follows (Django's ``content`` setter leaves it)."""
        if isinstance(value, str):
            value = value.encode()
        self.response = [bytes(value)]
        if self.automatically_set_content_length:
            self.headers["Content-Length"] = str(len(value))

    data = property(get_data, set_data)

    @property
    def content(self):
        return self.get_data()

    @content.setter
    def content(self, value):
        if isinstance(value, (bytes, bytearray, memoryview, str)):
            self.response = [self.make_bytes(value)]
        else:
            self.response = [b"".join(self.make_bytes(chunk) for chunk in value)]

    @property
    def text(self):
        return self.get_data(as_text=True)

    def calculate_content_length(self):
        try:
            self._ensure_sequence()
        except RuntimeError:
            return None
        return sum(len(chunk) for chunk in self.iter_encoded())

    @cached_property
    def stream(self):
        """A write-only file over the body (``response.stream.write(b"...")``)."""
        return ResponseStream(self)

    def write(self, content):
        return self.stream.write(self.make_bytes(content))

    def tell(self):
        return self.stream.tell()

    def getvalue(self):
        return self.get_data()

    def call_on_close(self, func):
        """Run ``func`` when the response is closed (after it was sent)."""
        self._resource_closers.append(func)
        return func

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        self.close()

    def freeze(self):
        """Buffer the body, set Content-Length and an ETag (for pickling or caching)."""
        self.response = list(self.iter_encoded())
        self.headers["Content-Length"] = str(sum(map(len, self._body)))
        self.add_etag()

    # -- headers ----------------------------------------------------------------------------

    @property
    def mimetype(self):
        ct = self.headers.get("content-type")
        return ct.split(";")[0].strip() if ct else None

    @mimetype.setter
    def mimetype(self, value):
        self.headers["Content-Type"] = get_content_type(value)

    @property
    def mimetype_params(self):
        return parse_options_header(self.headers.get("content-type", ""))[1]

    @property
    def is_json(self):
        mt = self.mimetype
        return mt is not None and _is_json(mt)

    location = _header_property("Location")

    @property
    def url(self):
        """Django's name for the redirect target (its test client's ``follow`` and ``assertRedirects`` read it)."""
        return self.headers.get("Location")
    content_type = _header_property("Content-Type")
    content_length = _header_property("Content-Length", int, str)
    content_location = _header_property("Content-Location")
    content_encoding = _header_property("Content-Encoding")
    content_md5 = _header_property("Content-MD5")
    accept_ranges = _header_property("Accept-Ranges")
    date = _header_property("Date", conditional.parse_date, conditional.http_date)
    expires = _header_property("Expires", conditional.parse_date, conditional.http_date)
    last_modified = _header_property("Last-Modified", conditional.parse_date, conditional.http_date)
    vary = _set_property("Vary")
    allow = _set_property("Allow")
    content_language = _set_property("Content-Language")
    access_control_allow_headers = _set_property("Access-Control-Allow-Headers")
    access_control_allow_methods = _set_property("Access-Control-Allow-Methods")
    access_control_expose_headers = _set_property("Access-Control-Expose-Headers")
    access_control_allow_origin = _header_property("Access-Control-Allow-Origin")
    access_control_max_age = _header_property("Access-Control-Max-Age", int, str)
    age = _header_property("Age", lambda v: timedelta(seconds=int(v)),
                           lambda v: str(int(v.total_seconds()) if isinstance(v, timedelta) else int(v)))

    @property
    def retry_after(self):
        value = self.headers.get("retry-after")
        if value is None:
            return None
        if value.isdigit():
            return datetime.now(timezone.utc) + timedelta(seconds=int(value))
        return conditional.parse_date(value)

    @retry_after.setter
    def retry_after(self, value):
        if value is None:
            self.headers.pop("Retry-After", None)
        else:
            self.headers["Retry-After"] = conditional.http_date(value) if isinstance(value, datetime) else str(value)

    @property
    def access_control_allow_credentials(self):
        return "Access-Control-Allow-Credentials" in self.headers

    @access_control_allow_credentials.setter
    def access_control_allow_credentials(self, value):
        if value is True:
            self.headers["Access-Control-Allow-Credentials"] = "true"
        else:
            self.headers.pop("Access-Control-Allow-Credentials", None)

    @property
    def cache_control(self):
        """Cache-Control directives; changing them rewrites the header."""

        def on_update(cache_control):
            if not cache_control:
                self.headers.pop("Cache-Control", None)
            else:
                self.headers["Cache-Control"] = cache_control.to_header()

        return parse_cache_control_header(self.headers.get("cache-control"), on_update, ResponseCacheControl)

    @property
    def content_range(self):
        def on_update(rng):
            if not rng:
                self.headers.pop("Content-Range", None)
            else:
                self.headers["Content-Range"] = rng.to_header()

        rv = conditional.parse_content_range_header(self.headers.get("content-range"), on_update)
        return rv if rv is not None else conditional.ContentRange(None, None, None, on_update=on_update)

    @content_range.setter
    def content_range(self, value):
        if not value:
            self.headers.pop("Content-Range", None)
        else:
            self.headers["Content-Range"] = value if isinstance(value, str) else value.to_header()

    @property
    def www_authenticate(self):
        value = WWWAuthenticate.from_header(self.headers.get("WWW-Authenticate"))
        if value is None:
            value = WWWAuthenticate("basic")
        value._on_update = self._set_www_authenticate
        return value

    def _set_www_authenticate(self, value):
        self.www_authenticate = value

    @www_authenticate.setter
    def www_authenticate(self, value):
        if not value:
            self.headers.pop("WWW-Authenticate", None)
        elif isinstance(value, list):
            self.headers.set("WWW-Authenticate", value[0].to_header())
            for item in value[1:]:
                self.headers.add("WWW-Authenticate", item.to_header())
        else:
            self.headers.set("WWW-Authenticate", value.to_header())
            value._on_update = self._set_www_authenticate

    # -- cookies ----------------------------------------------------------------------------

    @property
    def max_cookie_size(self):
        app = _current_app()
        return app.config["MAX_COOKIE_SIZE"] if app is not None else 4093

    def set_cookie(self, key, value="", max_age=None, expires=None, path="/", domain=None, secure=False,
                   httponly=False, samesite=None, partitioned=False):
        """Set a cookie with Werkzeug's rules and format, in Django's cookie jar."""
        self.cookies[key] = make_morsel(key, value, max_age, expires, path, domain, secure, httponly,
                                        samesite, partitioned, self.max_cookie_size)

    def delete_cookie(self, key, path="/", domain=None, secure=False, httponly=False, samesite=None,
                      partitioned=False):
        """Expire a cookie on the client (a no-op if it has none)."""
        self.set_cookie(key, expires=0, max_age=0, path=path, domain=domain, secure=secure,
                        httponly=httponly, samesite=samesite, partitioned=partitioned)

    # -- conditional requests ---------------------------------------------------------------

    def set_etag(self, etag, weak=False):
        self.headers["ETag"] = quote_etag(etag, weak)

    def get_etag(self):
        return unquote_etag(self.headers.get("ETag"))

    def add_etag(self, overwrite=False, weak=False):
        if overwrite or "etag" not in self.headers:
            self.set_etag(conditional.generate_etag(self.get_data()), weak)

    def make_conditional(self, request_or_environ, accept_ranges=False, complete_length=None):
        """Answer 304/412 or a 206 range from the request's validators, as Werkzeug does.

        Only GET and HEAD are affected; a Range that cannot be served raises 416.
        """
        environ = getattr(request_or_environ, "environ", request_or_environ)
        if environ["REQUEST_METHOD"] in ("GET", "HEAD"):
            if "date" not in self.headers:
                self.headers["Date"] = conditional.http_date()
            partial = self._process_range_request(environ, complete_length, accept_ranges)
            if not partial and not conditional.is_resource_modified(
                    environ, self.headers.get("etag"), self.headers.get("last-modified")):
                self.status_code = 412 if parse_etags(environ.get("HTTP_IF_MATCH")) else 304
            if self.automatically_set_content_length and "content-length" not in self.headers:
                length = self.calculate_content_length()
                if length is not None:
                    self.headers["Content-Length"] = str(length)
        return self

    def _process_range_request(self, environ, complete_length, accept_ranges):
        if not accept_ranges:
            return False
        self.accept_ranges = "bytes" if accept_ranges is True else accept_ranges
        if not complete_length or "HTTP_RANGE" not in environ:
            return False
        if "HTTP_IF_RANGE" in environ and conditional.is_resource_modified(
                environ, self.headers.get("etag"), self.headers.get("last-modified"), ignore_if_range=False):
            return False
        parsed = conditional.parse_range_header(environ.get("HTTP_RANGE"))
        if parsed is None:
            raise RequestedRangeNotSatisfiable(complete_length)
        span = parsed.range_for_length(complete_length)
        if span is None:
            raise RequestedRangeNotSatisfiable(complete_length)
        start, stop = span
        self.content_length = stop - start
        self.content_range = parsed.to_content_range_header(complete_length)
        self.status_code = 206
        body = self._body
        seek = getattr(body, "seek_range", None)
        self._body = seek(start, stop - start) if seek is not None else _byte_range(body, start, stop - start)
        return True

    # -- sending ----------------------------------------------------------------------------

    def get_wsgi_headers(self, environ):
        """A copy of the headers as they are sent: IRI Location, entity headers of 1xx/204/304."""
        headers = Headers(self.headers)
        self._fix_headers(headers, environ)
        return headers

    def _fix_headers(self, headers, environ):
        location = content_location = None
        has_length = False
        for name, value in headers:
            name = name.lower()
            if name == "location":
                location = value
            elif name == "content-location":
                content_location = value
            elif name == "content-length":
                has_length = True
        if location is not None:
            location = iri_to_uri(location)
            if self.autocorrect_location_header:
                location = urljoin(iri_to_uri(_request_base_url(environ)), location)
            headers["Location"] = location
        if content_location is not None:
            headers["Content-Location"] = iri_to_uri(content_location)
        status = self._status_code
        if 100 <= status < 200 or status == 204:
            headers.remove("Content-Length")
        elif status == 304:
            for name in {name.lower() for name, _ in headers} & _ENTITY_HEADERS:
                headers.remove(name)
        elif not has_length and self.automatically_set_content_length and self.is_sequence:
            headers.add("Content-Length", str(sum(len(chunk) for chunk in self.iter_encoded())))

    def get_app_iter(self, environ):
        status = self._status_code
        if environ["REQUEST_METHOD"] == "HEAD" or 100 <= status < 200 or status in (204, 304):
            return ()
        return self._body if self.direct_passthrough else self.iter_encoded()

    def get_wsgi_response(self, environ):
        headers = self.get_wsgi_headers(environ)
        return self.get_app_iter(environ), self._status, headers.to_wsgi_list()

    def prepare_for(self, environ):
        """Turn this response into what :meth:`get_wsgi_response` sends, in place.

        The app calls it after ``after_request`` so that Django's middleware and handlers
        see the headers and body Werkzeug would have sent.
        """
        self._fix_headers(self.headers, environ)
        if not self.get_app_iter(environ):
            # Empty, yet "streaming" to Django: its CommonMiddleware would add Content-Length: 0.
            self._body = iter(())

    @property
    def file_to_stream(self):
        """The file Django's WSGI handler gives the server's ``wsgi.file_wrapper`` (sendfile).

        Only a body that sends a whole file from its current position has one.
        """
        return getattr(self._body, "file_to_stream", None)

    @property
    def block_size(self):
        return getattr(self._body, "block_size", 8192)

    def __call__(self, environ, start_response):
        """A response is a WSGI application, as in Werkzeug."""
        app_iter, status, headers = self.get_wsgi_response(environ)
        headers.extend(("Set-Cookie", c.OutputString()) for c in self.cookies.values())
        start_response(status, headers)
        return _Closing(app_iter, self._release)

    def _release(self):
        """Close the body and run ``call_on_close`` callbacks, without Django's request_finished:
        as a WSGI app inside a request, the request is not finished."""
        for closer in self._resource_closers:
            closer()
        self._resource_closers.clear()

    @classmethod
    def force_type(cls, response, environ=None):
        """Make ``response`` an instance of ``cls``; run a WSGI application to get one."""
        if isinstance(response, Response):
            response.__class__ = cls
            return response
        if environ is None:
            raise TypeError("cannot convert WSGI application into response objects without an environ")
        return cls(*_run_wsgi_app(response, environ))

    @classmethod
    def from_app(cls, app, environ, buffered=False):
        body, status, headers = _run_wsgi_app(app, environ)
        rv = cls(body, status, headers)
        if buffered:
            rv.make_sequence()
        return rv

    # -- JSON -------------------------------------------------------------------------------

    @property
    def json(self):
        return self.get_json()

    @json.setter
    def json(self, value):
        pass  # Django's test client assigns its own parser here; ours already is one

    def get_json(self, force=False, silent=False):
        if not (force or self.is_json):
            return None
        data = self.get_data()
        try:
            return self.json_module.loads(data)
        except ValueError:
            if not silent:
                raise
            return None


class ResponseStream:
    """``response.stream``: appends written bytes to a buffered body."""

    mode = "wb+"
    encoding = "utf-8"

    def __init__(self, response):
        self.response = response
        self.closed = False

    def write(self, value):
        if self.closed:
            raise ValueError("I/O operation on closed file")
        self.response._ensure_sequence(mutable=True)
        self.response._body.append(value)
        self.response.headers.pop("Content-Length", None)
        return len(value)

    def writelines(self, seq):
        for item in seq:
            self.write(item)

    def close(self):
        self.closed = True

    def flush(self):
        if self.closed:
            raise ValueError("I/O operation on closed file")

    def isatty(self):
        if self.closed:
            raise ValueError("I/O operation on closed file")
        return False

    def tell(self):
        self.response._ensure_sequence()
        return sum(map(len, self.response._body))


def _byte_range(iterable, start, length):
    """The bytes ``start`` to ``start + length`` of any iterable body."""
    position, end = 0, start + length
    for chunk in _iter_encoded(iterable):
        chunk_end = position + len(chunk)
        if chunk_end > start:
            yield chunk[max(0, start - position):end - position]
        position = chunk_end
        if position >= end:
            break


class _Closing:
    """A WSGI iterable that closes the response after the server is done with it."""

    def __init__(self, iterable, close):
        self._iterable, self.close = iterable, close

    def __iter__(self):
        return iter(self._iterable)


def _request_base_url(environ):
    scheme = environ.get("wsgi.url_scheme", "http")
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    path = quote(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""), safe=_PATH_SAFE)
    return f"{scheme}://{host}{path}"


def _run_wsgi_app(app, environ):
    """``(body, status, headers)`` of a WSGI application; the body stays lazy, as in Werkzeug."""
    started, written = [], []

    def start_response(status, headers, exc_info=None):
        if exc_info is not None and started:
            raise exc_info[1].with_traceback(exc_info[2])
        started[:] = [status, headers]
        return written.append

    app_rv = app(environ, start_response)
    app_iter = iter(app_rv)
    buffered = list(written)
    for item in app_iter:  # start_response may come with the first chunk
        buffered.append(item)
        if started:
            break
    if not started:
        raise TypeError("The WSGI application did not call start_response.")
    body = _Lazy(chain(buffered, app_iter), getattr(app_rv, "close", None))
    status, headers = started
    headers = Headers(headers)
    if "content-type" not in headers:
        headers["Content-Type"] = "text/plain; charset=utf-8"  # Werkzeug's base Response default
    return body, status, headers


class _Lazy:
    """An iterator over a WSGI application's body that closes the application's iterable."""

    def __init__(self, iterator, close):
        self._iterator = iterator
        if close is not None:
            self.close = close

    def __iter__(self):
        return self._iterator

    def __next__(self):
        return next(self._iterator)
