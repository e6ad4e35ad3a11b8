"""The two directions of the bridge, and the Django handlers that serve a single app.

* :func:`serve` runs a Flask app for a Django request: it builds the WSGI environ Flask reads
  from the ``HttpRequest`` (``SCRIPT_NAME`` = the mount point, ``PATH_INFO`` = the path inside
  the app), calls ``app.wsgi_app`` (the app's WSGI middleware, then Flask's own request cycle)
  and hands the result to Django as an ``HttpResponse``.
* :class:`AppHandler` and :class:`AppClientHandler` go the other way: ``app(environ, ...)``
  (``gunicorn hello:app``, ``app.run()``, ``app.test_client()``) runs Django's handler, with its
  middleware, and the app as the only URLconf.
"""

from __future__ import annotations

import contextvars
import io
import sys
import weakref
from collections.abc import AsyncIterator, Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, setting_changed
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.test.client import ClientHandler
from django.urls import ResolverMatch, set_urlconf
from django.utils.module_loading import import_string
from werkzeug.wsgi import ClosingIterator, FileWrapper

from . import internals
from .embedded import is_embedded
from .wrappers import DJANGO_REQUEST, FLASK_RESPONSE

if TYPE_CHECKING:  # RepeatedHeaders is only ever mixed into a Django response
    _ResponseBase = HttpResponseBase
else:
    _ResponseBase = object

#: environ key set by flaskcompat's test client: serve like Django's test client does.
TEST_REQUEST = "flaskcompat.test_request"
#: environ key where an exception the app propagates is kept for the test client.
EXC_INFO = "flaskcompat.exc_info"
#: environ key of a list where the test handler leaves Django's response (``response.django_response``).
DJANGO_RESPONSE = "flaskcompat.django_response"


_middleware: dict[type, type | None] = {}


def middleware_of(base: type) -> type | None:
    """The project's middleware class that is (or extends) ``base``, if MIDDLEWARE has one
    (looked up once; ``setting_changed`` clears it)."""
    try:
        return _middleware[base]
    except KeyError:
        classes = (import_string(path) for path in settings.MIDDLEWARE)
        found = next((cls for cls in classes if isinstance(cls, type) and issubclass(cls, base)), None)
        return _middleware.setdefault(base, found)


def _forget_middleware(setting: str, **kwargs: Any) -> None:
    if setting == "MIDDLEWARE":
        _middleware.clear()


setting_changed.connect(_forget_middleware)


def _wsgi_str(value: str) -> str:
    """A path as WSGI carries it (UTF-8 bytes seen as latin-1); Django's ``path_info`` is decoded."""
    return value if value.isascii() else value.encode("utf-8").decode("latin-1")


def environ_for(request: HttpRequest, script_name: str, path_info: str) -> dict[str, Any]:
    """The WSGI environ of ``request`` as the app mounted at ``script_name`` sees it."""
    environ = {**request.META}
    environ["SCRIPT_NAME"] = _wsgi_str(script_name)
    environ["PATH_INFO"] = _wsgi_str(path_info)
    environ["wsgi.input"] = request  # reads Django's stream, or the body Django already read
    if not environ.get("CONTENT_LENGTH"):  # a chunked body: Django reads no length as 0
        if isinstance(request, ASGIRequest):
            environ["wsgi.input_terminated"] = True  # Django's ASGI handler read the whole body
        elif environ.get("wsgi.input_terminated"):  # the server de-chunks it (gunicorn)
            environ["wsgi.input"] = request.META["wsgi.input"]
        # then Werkzeug reads it as under Flask, up to MAX_CONTENT_LENGTH (past it: 413)
    environ["wsgi.url_scheme"] = request.scheme
    errors = environ.get("wsgi.errors")
    if errors is None or isinstance(errors, io.BufferedIOBase):  # ASGI; Django's test client: BytesIO
        environ["wsgi.errors"] = sys.stderr  # a text stream, as WSGI says (Flask's log handler writes str)
    environ["wsgi.file_wrapper"] = FileWrapper  # send_file's whole files: see serve()
    environ[DJANGO_REQUEST] = request
    return environ


def serve(wsgi_app: Callable, environ: dict[str, Any]) -> HttpResponseBase:
    """Call ``wsgi_app`` and give its answer to Django, streaming only what Flask streams."""
    started: list = []

    def start_response(status: str, headers: list, exc_info: Any = None) -> Callable:
        if exc_info is not None and started:
            raise exc_info[1].with_traceback(exc_info[2])
        started[:] = status, headers
        return written.append

    written: list[bytes] = []
    try:
        app_iter = wsgi_app(environ, start_response)
    except Exception:
        if environ.get(TEST_REQUEST):  # the test client raises it, as Flask's does
            django_request = environ.get(DJANGO_REQUEST)  # its META is the client's environ
            (environ if django_request is None else django_request.META)[EXC_INFO] = sys.exc_info()
        raise
    flask_response = environ.pop(FLASK_RESPONSE, None)
    streamed = flask_response is None or flask_response.is_streamed
    status, headers = started
    if written:
        app_iter = _chain(written, app_iter)
    code, _, reason = status.partition(" ")
    if not streamed and not any(name.lower() == "content-length" for name, _ in headers):
        streamed = True  # no body (1xx, 204, 304): then Django's CommonMiddleware adds no length either
    if streamed and isinstance(environ.get(DJANGO_REQUEST), ASGIRequest):
        # Django's ASGI handler iterates asynchronously: one chunk at a time in Django's sync
        # thread, all in one context (stream_with_context pushes and pops Flask's contexts in it).
        context = contextvars.copy_context()
        response: HttpResponseBase = StreamingHttpResponse(_async_chunks(app_iter, context))
        if hasattr(app_iter, "close"):
            internals.add_resource_closer(response, partial(context.run, app_iter.close))
    elif streamed and type(app_iter) is FileWrapper:
        response = WholeFileResponse(app_iter.file, app_iter.buffer_size)
    elif streamed:
        response = StreamingHttpResponse(app_iter)
    else:
        response = HttpResponse(b"".join(app_iter))
        if hasattr(app_iter, "close"):  # after Django sent the response, as a WSGI server would
            internals.add_resource_closer(response, app_iter.close)
    # Werkzeug's status as it is (it validated it: "0 weird" too, which Django's __init__ refuses)
    response.status_code = int(code)
    if reason:
        response.reason_phrase = reason
    _copy_headers(headers, response)
    if 300 <= response.status_code < 400 and "Location" in response:
        # as on Django's redirect responses (HttpResponseRedirectBase.url), which its test client follows
        response.url = response["Location"]  # type: ignore[attr-defined]
    return response


class WholeFileResponse(StreamingHttpResponse):
    """A whole file (``send_file``): as for Django's ``FileResponse``, Django's WSGI handler gives
    ``file_to_stream`` to the server's ``wsgi.file_wrapper`` (sendfile); closing the response closes it."""

    def __init__(self, file: Any, block_size: int) -> None:
        super().__init__(iter(partial(file.read, block_size), b""))
        self.file_to_stream, self.block_size = file, block_size
        internals.add_resource_closer(self, file.close)


async def _async_chunks(chunks: Iterable[bytes], context: contextvars.Context) -> AsyncIterator[bytes]:
    """A streamed body under ASGI: each chunk made when it is sent, in Django's sync thread."""
    iterator = iter(chunks)
    next_chunk = sync_to_async(context.run)
    while (chunk := await next_chunk(next, iterator, None)) is not None:
        yield chunk


def _chain(first: list[bytes], rest: Iterable[bytes]) -> Iterable[bytes]:
    yield from first
    try:
        yield from rest
    finally:
        if hasattr(rest, "close"):
            rest.close()


def _copy_headers(headers: list[tuple[str, str]], response: HttpResponseBase) -> None:
    stored = response.headers
    del stored["Content-Type"]  # Django's default; the app's own comes with the headers
    for name, value in headers:
        key = name.lower()
        if key == "set-cookie":
            cookie = internals.RawCookie(value)
            cookies = response.cookies
            slot = cookie.key
            while slot in cookies:  # the same name twice (two paths): keep both headers
                slot += "\x00"
            dict.__setitem__(cookies, slot, cookie)
        elif key in stored:
            _repeats_of(response).setdefault(key, [stored[name]]).append(value)
            internals.set_header(response, name, f"{stored[name]}, {value}")
        else:
            internals.set_header(response, name, value)


class RepeatedHeaders(_ResponseBase):
    """A response whose app sent a header more than once (two ``X-Trail`` lines).

    Django keeps one value per name, so its middleware sees the values comma-joined; ``items()``,
    what Django's handlers send, gives each line back as Werkzeug wrote it, unless something
    changed the header since.
    """

    repeated: dict[str, list[str]]

    def items(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for name, value in super().items():
            values = self.repeated.get(name.lower())
            if values is not None and value == ", ".join(values):
                out.extend((name, each) for each in values)
            else:
                out.append((name, value))
        return out


class _RepeatedHttpResponse(RepeatedHeaders, HttpResponse):
    pass


class _RepeatedStreamingHttpResponse(RepeatedHeaders, StreamingHttpResponse):
    pass


def _repeats_of(response: HttpResponseBase) -> dict[str, list[str]]:
    """The repeated headers of ``response``, made a :class:`RepeatedHeaders` on the first one."""
    if isinstance(response, RepeatedHeaders):
        return response.repeated
    streaming = isinstance(response, StreamingHttpResponse)
    response.__class__ = _RepeatedStreamingHttpResponse if streaming else _RepeatedHttpResponse
    repeating = cast(RepeatedHeaders, response)  # its class, just changed
    repeating.repeated = {}
    return repeating.repeated


class _AppResolution:
    """Resolves every path to the app: one Django handler per app, no global URLconf."""

    app: Any

    def _bind(self, app: Any) -> None:
        from .urls import app_urlconf

        self.app = app
        self.urlconf = app_urlconf(app)

    def resolve_request(self, request: HttpRequest) -> ResolverMatch:
        # Django takes a URLconf object as well as a module path (as request.urlconf); the stubs say str
        set_urlconf(self.urlconf)  # type: ignore[arg-type]
        path = request.path_info  # no leading slash when the environ has none (client.get("x"))
        match = self.urlconf.dispatch_pattern.resolve(path[1:] if path.startswith("/") else path)
        request.resolver_match = match
        return match


class AppHandler(_AppResolution, WSGIHandler):
    """``app(environ, start_response)``: Django's WSGI handler serving this one app."""

    def __init__(self, app: Any) -> None:
        self._bind(app)  # the middleware is loaded on the first request (WSGIHandler loads it now)
        self.middleware_loaded = False

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Any:
        if not self.middleware_loaded:
            self.load_middleware()
            self.middleware_loaded = True
        return super().__call__(environ, start_response)


class AppClientHandler(_AppResolution, ClientHandler):
    """The test client's handler: Django's test ClientHandler (no CSRF enforcement, the test's
    database connection kept) serving this one app, answering in WSGI."""

    def __init__(self, app: Any) -> None:
        ClientHandler.__init__(self, enforce_csrf_checks=False)
        self._bind(app)

    def wsgi(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        response = self(environ)
        if DJANGO_RESPONSE in environ:
            environ[DJANGO_RESPONSE].append(response)
        exc_info = environ.pop(EXC_INFO, None)
        if exc_info is not None:
            raise exc_info[1].with_traceback(exc_info[2])
        status = f"{response.status_code} {response.reason_phrase}"
        start_response(
            status, [*response.items(), *(("Set-Cookie", c.OutputString()) for c in response.cookies.values())]
        )
        if isinstance(response, StreamingHttpResponse):  # closed by the client even if never iterated, as Flask's
            # iter(response): Django's, which also serves an async body to a sync caller
            return ClosingIterator(iter(response), partial(_close_test_response, response))
        return [cast(HttpResponse, response).content]  # not streamed; ClientHandler already closed it


def _close_test_response(response: StreamingHttpResponse) -> None:
    """Close a streamed test response once, keeping the test's database connection as Django's
    ClientHandler does. Its wrapper around the content (started: Werkzeug's client reads the first
    chunk) is closed first, so that it closes the response in its own way: closing the response
    would close the wrapper, which sends ``request_finished`` with the connection receiver back."""
    if response.closed:
        return
    connected = request_finished.disconnect(close_old_connections)
    try:
        close = getattr(internals.content_iterator(response), "close", None)
        if close is not None:
            close()  # Django's closing_iterator_wrapper: response.close(), then connects the receiver again
        if not response.closed:
            response.close()
    finally:
        (request_finished.connect if connected else request_finished.disconnect)(close_old_connections)


#: Apps holding handlers; their middleware is built again when a setting changes.
_served: weakref.WeakSet = weakref.WeakSet()


def _drop_handlers(**kwargs: Any) -> None:
    """``override_settings`` (tests): new handlers load the middleware with the new settings,
    as a new Django test ``Client`` does (SessionMiddleware reads SESSION_ENGINE once)."""
    for app in list(_served):
        app.__dict__.pop("_flaskcompat_handlers", None)


setting_changed.connect(_drop_handlers)


def wsgi(app: Any, environ: dict[str, Any], start_response: Callable, test: bool = False) -> Any:
    """``app(environ, start_response)`` of a Flask app served by Django.

    ``test`` (``pytest --flaskcompat``) always takes Django's test handler. Otherwise, in embedded
    mode Django's stack has nothing to run (no middleware, no other URL), so the call is the app's
    own WSGI stack and ``request.django_request`` is built on first use.
    """
    if DJANGO_REQUEST in environ or (not test and is_embedded()):
        return app.wsgi_app(environ, start_response)
    handlers = app.__dict__.get("_flaskcompat_handlers")
    if handlers is None:
        handlers = app.__dict__["_flaskcompat_handlers"] = (AppHandler(app), AppClientHandler(app))
        _served.add(app)
    if test or environ.get(TEST_REQUEST):
        environ[TEST_REQUEST] = True
        return handlers[1].wsgi(environ, start_response)
    return handlers[0](environ, start_response)
