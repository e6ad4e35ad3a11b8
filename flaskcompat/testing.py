"""``app.test_client()``: Flask's test client API over Django's test Client.

Requests run through Django's whole stack (middleware, sessions, messages, the template
and exception signals of Django's test Client) with the app as the only URLconf, exactly
like ``app.wsgi_app``. What Werkzeug decides on the client side is kept: the environ a
request gets from ``path``, ``base_url``, ``query_string``, ``data``, ``json``,
``headers``... (Flask's defaults from SERVER_NAME, APPLICATION_ROOT and
PREFERRED_URL_SCHEME included), cookies stored per domain and path, redirects followed
with ``history``, and ``with client:`` keeping the last request's contexts pushed.
"""

from __future__ import annotations

import mimetypes

import sys
from contextlib import ExitStack, contextmanager
from datetime import datetime, timezone
from io import BytesIO
from urllib.parse import quote, unquote_to_bytes, urlencode, urlsplit

from django.core.handlers.wsgi import WSGIRequest
from django.test import Client
from django.test.client import ClientHandler
from django.test.client import BOUNDARY, MULTIPART_CONTENT
from django.utils.http import parse_http_date_safe

from . import __version__
from .datastructures import Authorization, Headers, MultiDict, parse_list_header, parse_options_header
from .globals import serving_app
from .handlers import _SingleAppMixin
from .wrappers import Response, get_content_type


class AppClientHandler(_SingleAppMixin, ClientHandler):
    """The handler behind ``app.test_client()``: Django's test ClientHandler bound to one app."""

    def __init__(self, app, enforce_csrf_checks=False, *args, **kwargs):
        self._bind_app(app)
        self.enforce_csrf_checks = enforce_csrf_checks
        self._middleware_chain = None
        self._args, self._kwargs = args, kwargs

    def __call__(self, environ):
        self._ensure_middleware()
        return super().__call__(environ)


_REDIRECT_CODES = {301, 302, 303, 305, 307, 308}
_QUERY_SAFE = "!$'()*,/:;?@"  # what Werkzeug leaves unquoted in a query string it builds


def _wsgi_str(value):
    """A URL part as WSGI wants it: percent-decoded, UTF-8 bytes seen as latin-1."""
    return unquote_to_bytes(value).decode("latin-1")


def _is_file(value):
    return hasattr(value, "read") or isinstance(value, (tuple, dict))


class _UploadedFile:
    """An upload given as Flask's test client takes it: a file, ``(file, name[, type])`` or a dict."""

    def __init__(self, value):
        if isinstance(value, dict):
            value = (value.get("stream") or value["file"], value.get("filename"), value.get("content_type"))
        if isinstance(value, tuple):
            self._file, self.name, *rest = value
            if rest and rest[0]:
                self.content_type = rest[0]
        else:
            self._file = value
            self.name = getattr(value, "filename", None) or getattr(value, "name", None) or ""
            if getattr(value, "content_type", None):
                self.content_type = value.content_type

    def read(self, *args):
        return self._file.read(*args)


def _items(data):
    pairs = data.items(multi=True) if isinstance(data, MultiDict) else data.items()
    for key, value in pairs:
        for item in value if isinstance(value, list) else [value]:
            yield key, item


def _encode_multipart(items):
    """A multipart body as Werkzeug's test client writes it: file names exactly as given
    (Django's ``encode_multipart`` keeps only their base name), fields in order."""
    out = []
    for key, value in items:
        out.append(f"--{BOUNDARY}".encode())
        if _is_file(value):
            upload = _UploadedFile(value)
            name = upload.name
            ctype = getattr(upload, "content_type", None) or (
                name and mimetypes.guess_type(name)[0]) or "application/octet-stream"
            disposition = f'form-data; name="{key}"' + (f'; filename="{name}"' if name is not None else "")
            data = upload.read()
            out += [f"Content-Disposition: {disposition}".encode(), f"Content-Type: {ctype}".encode(), b"",
                    data.encode() if isinstance(data, str) else data]
        else:
            out += [f'Content-Disposition: form-data; name="{key}"'.encode(), b"", str(value).encode()]
    out += [f"--{BOUNDARY}--".encode(), b""]
    return b"\r\n".join(out)


def _encode_body(data, content_type):
    """``data`` as Werkzeug encodes it: bytes/str/file as is, a dict as a form (multipart with files)."""
    if hasattr(data, "read"):
        data = data.read()
    if isinstance(data, str):
        data = data.encode()
    if isinstance(data, (bytes, bytearray)):
        return bytes(data), content_type
    items = [(k, v) for k, v in _items(data) if v is not None]
    mimetype = parse_options_header(content_type or "")[0]
    if any(_is_file(v) for _, v in items) or mimetype == "multipart/form-data":
        return _encode_multipart(items), MULTIPART_CONTENT
    body = urlencode(items, safe=_QUERY_SAFE).encode("ascii")
    return body, content_type or "application/x-www-form-urlencoded"


def _split_url(app, path, base_url, subdomain, url_scheme):
    """``(base_url, path)`` as Flask's EnvironBuilder has them: the base from the app's config
    unless given, and a host named by ``path`` ("//host/p", a full URL) taking precedence."""
    if (base_url or subdomain or url_scheme) and (base_url is not None) == bool(subdomain or url_scheme):
        raise AssertionError('Cannot pass "subdomain" or "url_scheme" with "base_url".')
    if base_url is not None:
        return base_url, path
    host = app.config.get("SERVER_NAME") or "localhost"
    if subdomain:
        host = f"{subdomain}.{host}"
    url = urlsplit(path)
    scheme = url.scheme or url_scheme or app.config["PREFERRED_URL_SCHEME"]
    base_url = f"{scheme}://{url.netloc or host}/{app.config['APPLICATION_ROOT'].lstrip('/')}"
    return base_url, url.path + (f"?{url.query}" if url.query else "")


def _query(path_query, query_string):
    if query_string is None:
        return path_query
    if isinstance(query_string, bytes):
        return query_string.decode("latin-1")
    if isinstance(query_string, str):
        return query_string
    items = _items(query_string) if hasattr(query_string, "items") else query_string
    return urlencode([(k, v) for k, v in items if v is not None], safe=_QUERY_SAFE)


def build_environ(app, path="/", base_url=None, subdomain=None, url_scheme=None, query_string=None,
                  method="GET", input_stream=None, content_type=None, content_length=None, errors_stream=None,
                  multithread=False, multiprocess=False, run_once=False, headers=None, data=None,
                  environ_base=None, environ_overrides=None, mimetype=None, json=None, auth=None):
    """The WSGI environ Flask's ``EnvironBuilder`` makes from these arguments (body in ``wsgi.input``)."""
    base_url, path = _split_url(app, path, base_url, subdomain, url_scheme)
    if query_string is not None and "?" in path:
        raise ValueError("Query string is defined in the path and as an argument")
    url, base = urlsplit(path), urlsplit(base_url)
    if base.query or base.fragment:
        raise ValueError("base url must not contain a query string or fragment")
    scheme = base.scheme or "http"

    headers = Headers(headers)
    if auth is not None:
        if isinstance(auth, tuple):
            auth = Authorization("basic", {"username": auth[0], "password": auth[1]})
        headers.set("Authorization", auth.to_header())
    content_type = headers.get("Content-Type") if content_type is None else content_type
    content_length = headers.get("Content-Length") if content_length is None else content_length
    headers.remove("Content-Type")
    headers.remove("Content-Length")
    if json is not None:
        if data is not None:
            raise TypeError("can't provide both json and data")
        data = app.json.dumps(json)
        content_type = content_type or "application/json"
    if mimetype is not None:
        content_type = get_content_type(mimetype)
    body = b""
    if data:
        if input_stream is not None:
            raise TypeError("can't provide input stream and data")
        body, content_type = _encode_body(data, content_type)
        content_length = len(body) if content_length is None else content_length
    elif input_stream is not None:
        body = input_stream.read()
        content_length = len(body)

    raw_uri = path.encode().decode("latin-1")
    environ = dict(environ_base or {})
    environ.update({
        "REQUEST_METHOD": method.upper(),
        "SCRIPT_NAME": _wsgi_str(base.path.rstrip("/")),
        "PATH_INFO": _wsgi_str(url.path),
        "QUERY_STRING": _query(url.query, query_string).encode().decode("latin-1"),
        "REQUEST_URI": raw_uri,
        "RAW_URI": raw_uri,
        "SERVER_NAME": base.hostname or "localhost",
        "SERVER_PORT": str(base.port or (443 if scheme == "https" else 80)),
        "HTTP_HOST": base.netloc,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": BytesIO(body),
        "wsgi.errors": errors_stream or sys.stderr,
        "wsgi.multithread": multithread,
        "wsgi.multiprocess": multiprocess,
        "wsgi.run_once": run_once,
    })
    if content_type is not None:
        environ["CONTENT_TYPE"] = content_type
    if content_length is not None:
        environ["CONTENT_LENGTH"] = str(content_length)
    combined = {}
    for key, value in headers.items():
        combined.setdefault(f"HTTP_{key.upper().replace('-', '_')}", []).append(value)
    environ.update((key, ", ".join(values)) for key, values in combined.items())
    environ.update(environ_overrides or {})
    return environ


def make_test_django_request(app, *args, **kwargs):
    """The Django HttpRequest of ``app.test_request_context(...)`` (Flask's EnvironBuilder args)."""
    return WSGIRequest(build_environ(app, *args, **kwargs))


class Cookie:
    """A cookie the client holds, as Werkzeug's ``client.get_cookie()`` describes it."""

    def __init__(self, morsel, server_name, path):
        self.key = self.decoded_key = morsel.key
        self.value = morsel.coded_value
        self.decoded_value = morsel.value
        expires = morsel["expires"]
        if isinstance(expires, str):
            seconds = parse_http_date_safe(expires)
            expires = None if seconds is None else datetime.fromtimestamp(seconds, timezone.utc)
        self.expires = expires or None
        self.max_age = int(morsel["max-age"]) if morsel["max-age"] != "" else None
        self.domain = morsel["domain"] or server_name
        self.origin_only = not morsel["domain"]
        self.path = morsel["path"] or path.rpartition("/")[0] or "/"
        self.secure = bool(morsel["secure"])
        self.http_only = bool(morsel["httponly"])
        self.same_site = morsel["samesite"] or None

    @property
    def _should_delete(self):
        return self.max_age == 0 or (self.expires is not None and self.expires.timestamp() == 0)

    def _matches(self, server_name, path):
        domain_ok = server_name == self.domain or (
            not self.origin_only and server_name.endswith("." + self.domain.lstrip(".")))
        path_ok = path == self.path or (
            path.startswith(self.path) and path[len(self.path) - self.path.endswith("/"):].startswith("/"))
        return domain_ok and path_ok

    def __repr__(self):
        return f"<Cookie {self.key}={self.value!r} domain={self.domain!r} path={self.path!r}>"


class ClientRedirectError(Exception):
    """``follow_redirects`` met a redirect it already followed."""


class _DjangoClient(Client):
    """Django's test Client whose cookies come from the Flask client's jar only."""

    def _base_environ(self, **request):
        environ = super()._base_environ(**request)
        if not environ["HTTP_COOKIE"]:
            del environ["HTTP_COOKIE"]
        return environ


class FlaskClient:
    """Flask's test client over Django's test ``Client`` bound to one app."""

    def __init__(self, application, use_cookies=True, allow_subdomain_redirects=False):
        self.application = application
        self.allow_subdomain_redirects = allow_subdomain_redirects
        self.environ_base = {"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": f"flaskcompat/{__version__}"}
        self.preserve_context = False
        self._new_contexts = []
        self._context_stack = ExitStack()
        self._cookies = {} if use_cookies else None
        self._client = _DjangoClient(raise_request_exception=True)
        self._client.handler = AppClientHandler(application)

    # -- cookies ----------------------------------------------------------------------------

    def _jar(self):
        if self._cookies is None:
            raise TypeError("Cookies are disabled. Create a client with 'use_cookies=True'.")
        return self._cookies

    def get_cookie(self, key, domain="localhost", path="/"):
        return self._jar().get((domain, path, key))

    def set_cookie(self, key, value="", *, domain="localhost", origin_only=True, path="/", **kwargs):
        """Store a cookie for the next requests (``max_age``, ``expires``, ``secure``... as Set-Cookie)."""
        carrier = Response()
        carrier.set_cookie(key, value, domain=domain, path=path, **kwargs)
        cookie = Cookie(carrier.cookies[key], domain, "/")
        cookie.origin_only = origin_only
        self._store(cookie)

    def delete_cookie(self, key, *, domain="localhost", path="/"):
        self._jar().pop((domain, path, key), None)

    def _store(self, cookie):
        jar = self._jar()
        if cookie._should_delete:
            jar.pop((cookie.domain, cookie.path, cookie.key), None)
        else:
            jar[(cookie.domain, cookie.path, cookie.key)] = cookie

    @staticmethod
    def _url_of(environ):
        """The host name and URL path a request goes to (what cookies are matched against)."""
        host = urlsplit(f"//{environ.get('HTTP_HOST') or environ['SERVER_NAME']}").hostname or "localhost"
        return host, quote((environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")).encode("latin-1"))

    def _add_cookies(self, environ):
        if self._cookies is None:
            return
        server_name, path = self._url_of(environ)
        value = "; ".join(f"{c.key}={c.value}" for c in self._cookies.values() if c._matches(server_name, path))
        if value:
            environ["HTTP_COOKIE"] = value
        else:
            environ.pop("HTTP_COOKIE", None)

    def _update_cookies(self, environ, cookies):
        if self._cookies is None:
            return
        server_name, path = self._url_of(environ)
        for morsel in cookies.values():
            self._store(Cookie(morsel, server_name, path))

    # -- requests ---------------------------------------------------------------------------

    def open(self, *args, buffered=False, follow_redirects=False, **kwargs):
        """Make a request (EnvironBuilder arguments, or one environ dict) and return its response.

        ``buffered`` is accepted for Werkzeug's signature: bodies are always read in full.
        """
        if not kwargs and len(args) == 1 and isinstance(args[0], dict):
            environ = {**self.environ_base, **args[0]}
        else:
            kwargs["environ_base"] = {**self.environ_base, **(kwargs.get("environ_base") or {})}
            environ = build_environ(self.application, *args, **kwargs)
        self._context_stack.close()
        self._new_contexts.clear()
        response = self._run(environ)
        if follow_redirects:
            response = self._follow(response)
        for context in self._new_contexts:
            self._context_stack.enter_context(context)
        self._new_contexts.clear()
        return response

    def _run(self, environ):
        body = environ["wsgi.input"].read() if "wsgi.input" in environ else b""
        environ["wsgi.input"] = BytesIO(body)
        sent = dict(environ)
        self._add_cookies(environ)
        if self.preserve_context:
            environ["flaskcompat.preserve_context"] = lambda *contexts: self._new_contexts.extend(contexts)
        try:
            django_response = self._client.request(**environ)
        finally:
            self._client.cookies.clear()
        self._update_cookies(environ, django_response.cookies)
        response = TestResponse(django_response, self.application)
        response._sent = (sent, body)
        return response

    def _follow(self, response):
        """Werkzeug's redirect rules: same host only, 307/308 keep method and body, others GET."""
        seen, history = set(), []
        while response.status_code in _REDIRECT_CODES:
            entry = (response.location, response.status_code)
            if entry in seen:
                raise ClientRedirectError(
                    f"Loop detected: A {response.status_code} redirect to {response.location} was already made.")
            seen.add(entry)
            response.history = tuple(history)
            history.append(response)
            response = self._run(self._redirect_environ(response))
        response.history = tuple(history)
        return response

    def _redirect_environ(self, response):
        previous, body = response._sent
        environ = dict(previous)
        scheme, netloc, path, query, _ = urlsplit(response.location)
        from_parts = previous["SERVER_NAME"].split(".")
        to_parts = netloc.split(":")[0].split(".") if netloc else from_parts
        if to_parts != from_parts:
            if to_parts[-len(from_parts):] != from_parts:
                raise RuntimeError("Following external redirects is not supported.")
            if not self.allow_subdomain_redirects:
                raise RuntimeError("Following subdomain redirects is not enabled.")
        if netloc:
            port = urlsplit(f"//{netloc}").port or (443 if scheme == "https" else 80)
            environ.update({"wsgi.url_scheme": scheme, "HTTP_HOST": netloc, "SERVER_NAME": ".".join(to_parts),
                            "SERVER_PORT": str(port)})
        script_root = quote(previous["SCRIPT_NAME"].encode("latin-1"), safe="/")
        if path.split("/")[: len(script_root.split("/"))] == script_root.split("/"):
            path = path[len(script_root):]
        else:
            environ["SCRIPT_NAME"] = ""
        environ.update({"PATH_INFO": _wsgi_str(path), "QUERY_STRING": query,
                        "REQUEST_URI": response.location, "RAW_URI": response.location})
        if response.status_code not in (307, 308):
            if environ["REQUEST_METHOD"] != "HEAD":
                environ["REQUEST_METHOD"] = "GET"
            body = b""
            for key in ("CONTENT_TYPE", "CONTENT_LENGTH", "HTTP_TRANSFER_ENCODING"):
                environ.pop(key, None)
        environ["wsgi.input"] = BytesIO(body)
        return environ

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

    def trace(self, *args, **kw):
        return self.open(*args, method="TRACE", **kw)

    # -- contexts and the session -----------------------------------------------------------

    def __enter__(self):
        if self.preserve_context:
            raise RuntimeError("Cannot nest client invocations")
        self.preserve_context = True
        return self

    def __exit__(self, exc_type, exc_value, tb):
        self.preserve_context = False
        self._context_stack.close()

    @contextmanager
    def session_transaction(self, *args, **kwargs):
        """Open the session the next request would see; what the block changes is saved to the jar.

        The session goes through the project's session middleware, so it is stored and its
        cookie is set exactly as after a request.
        """
        from .sessions import session_middleware_class

        self._jar()
        app = self.application
        ctx = app.test_request_context(*args, **kwargs)
        environ = ctx.request.environ
        self._add_cookies(environ)
        middleware_class = session_middleware_class()
        if middleware_class is None:
            raise RuntimeError("session_transaction() needs a SessionMiddleware in MIDDLEWARE.")
        middleware = middleware_class(lambda request: None)
        token = serving_app.set(app)
        try:
            middleware.process_request(ctx.request.django_request)
            with ctx:
                session = app.session_interface.open_session(app, ctx.request)
            if session is None:
                raise RuntimeError("Session backend did not open a session.")
            yield session
            if app.session_interface.is_null_session(session):
                return
            response = app.response_class()
            with ctx:
                app.session_interface.save_session(app, session, response)
            response = middleware.process_response(ctx.request.django_request, response)
        finally:
            serving_app.reset(token)
        self._update_cookies(environ, response.cookies)

    def __repr__(self):
        return f"<{type(self).__name__} {self.application!r}>"


class _HeaderSet(list):
    """A comma-separated header's items (``allow``, ``vary``), matched case-insensitively."""

    def __contains__(self, item):
        return item.lower() in (x.lower() for x in self)


def _status_line(response):
    if isinstance(response, Response):
        return response.status
    return f"{response.status_code} {response.reason_phrase.upper()}"


class TestResponse(Response):
    """The response a test request returns: a :class:`~flaskcompat.Response` (as in Werkzeug)
    with the test attributes ``request``, ``history``, ``text`` and JSON through ``app.json``.

    ``django_response`` is what Django's test Client returned (``templates``, ``context``
    and ``resolver_match`` included); cookies it set are ``Set-Cookie`` headers here.
    """

    __test__ = False

    def __init__(self, response, app):
        headers = Headers(list(response.items()))
        for morsel in response.cookies.values():
            headers.add("Set-Cookie", morsel.output(header="").strip())
        body = b"".join(response.streaming_content) if response.streaming else response.content
        super().__init__(body, _status_line(response), headers)
        self.django_response = response
        self.request = app.request_class(response.wsgi_request, app)
        self.history = ()
        self.json_module = app.json

    @property
    def text(self):
        return self.get_data(as_text=True)

    def get_json(self, force=False, silent=False):
        if not (force or self.is_json):
            return None
        try:
            return self.json_module.loads(self.get_data())
        except ValueError:
            if not silent:
                raise
            return None

    @property
    def json(self):
        return self.get_json()

    @property
    def allow(self):
        return _HeaderSet(parse_list_header(self.headers.get("Allow", "")))

    @property
    def vary(self):
        return _HeaderSet(parse_list_header(self.headers.get("Vary", "")))

    def close(self):
        """Nothing to release: Django's test handler already finished the request."""


def __getattr__(name):
    """``FlaskCliRunner`` lives with the CLI, which needs click (an optional extra)."""
    if name == "FlaskCliRunner":
        from .cli import FlaskCliRunner

        return FlaskCliRunner
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
