"""WSGI middleware of a mounted app: ``app.wsgi_app = Middleware(app.wsgi_app)`` inside Django.

Standalone, ``app(environ, start_response)`` calls ``app.wsgi_app``, so middleware wraps the
app's whole Django handler. Mounted in a project (``include(app.urls)``, or the test
client), a request reaches the app as a Django view instead; when ``app.wsgi_app`` has been
wrapped, :func:`run_chain` builds the environ the app would receive as a WSGI application
(the request's META, ``SCRIPT_NAME`` = mount point, ``PATH_INFO`` = path inside the app,
``wsgi.input`` = the body) and calls the chain. Its innermost callable, the app's own
handler, recognises the environ (:data:`CHAIN_KEY`) and dispatches the Django request with
whatever the middleware changed (scheme, host, remote address, paths, method, body). The
WSGI answer becomes a Django response again: the app's own response object when the
middleware left status, headers and body alone.

Django's middleware runs outside the WSGI chain in this mode (it already ran when the
view is called); standalone, the WSGI chain is outermost, as in Flask.
"""

from __future__ import annotations

from django.core.handlers.wsgi import LimitedStream
from django.urls import get_script_prefix, set_script_prefix

#: environ key holding the :class:`_ChainCall` of a mounted request.
CHAIN_KEY = "flaskcompat.chain"
#: environ key the app's handler sets: the request already went through ``app.wsgi_app``.
PASSED_KEY = "flaskcompat.passed_wsgi_app"


def needs_chain(app, django_request):
    """True when ``app.wsgi_app`` is wrapped and this request has not been through it."""
    # Only the app's own handler (handlers.AppWSGIHandler) has the app itself as ``.app``.
    if getattr(app.wsgi_app, "app", None) is app:
        return False
    return django_request.META.get(PASSED_KEY) is not app


def chained_call(app, environ):
    """For the app's handler: the pending mounted call to run, or None for an ordinary request."""
    call = environ.get(CHAIN_KEY)
    if call is not None and call.app is app:
        return call
    environ[PASSED_KEY] = app
    return None


def run_chain(app, django_request, rule, values, script_root, path):
    """Run a mounted request through ``app.wsgi_app`` and return a Django response."""
    call = _ChainCall(app, django_request, rule, values, script_root, path)
    environ = dict(django_request.META)
    environ.update({
        "SCRIPT_NAME": _to_wsgi(script_root),
        "PATH_INFO": _to_wsgi(path),
        "wsgi.input": call.input,
        CHAIN_KEY: call,
        PASSED_KEY: app,
    })
    started, written = [], []

    def start_response(status, headers, exc_info=None):
        if exc_info is not None and started:
            raise exc_info[1].with_traceback(exc_info[2])
        started[:] = [status, headers]
        return written.append

    prefix = get_script_prefix()
    try:
        result = app.wsgi_app(environ, start_response)
    finally:
        set_script_prefix(prefix)  # a Django-served app inside the chain (DispatcherMiddleware) moved it
    if written:
        result = [*written, *result]
    return call.to_django(*started, result)


def _to_wsgi(text):
    return text.encode("utf-8").decode("latin-1")


def _from_wsgi(text):
    return text.encode("latin-1").decode("utf-8", "replace")


class _RequestInput:
    """``wsgi.input`` of a mounted request: reads the Django request's body."""

    def __init__(self, django_request):
        self._request = django_request

    def read(self, *args):
        return self._request.read(*args)

    def readline(self, *args):
        return self._request.readline(*args)

    def readlines(self, *args):
        return self._request.readlines(*args)

    def __iter__(self):
        return iter(self._request)


class _Body:
    """The app's response handed to the chain as a WSGI iterable."""

    def __init__(self, response):
        self.response = response

    def __iter__(self):
        return iter(self.response)

    def close(self):
        # Release the response's resources (files, generators) without closing the response
        # itself: that would send Django's request_finished before the request is finished.
        for closer in self.response._resource_closers:
            closer()
        self.response._resource_closers.clear()


class _ChainCall:
    """One mounted request crossing the WSGI chain: the dispatch at its core, and the way back."""

    def __init__(self, app, django_request, rule, values, script_root, path):
        self.app = app
        self.django_request = django_request
        self.original_meta = django_request.META
        self.input = _RequestInput(django_request)
        self.dispatch = dict(rule=rule, view_args=values, script_root=script_root, path=path)
        self.response = self.body = self.sent = None

    def __call__(self, environ, start_response):
        """The innermost WSGI application: dispatch the Django request as the chain left it."""
        kwargs = self._apply(environ)
        response = self.response = self.app.dispatch_django_request(self.django_request, **kwargs)
        headers = [*response.items(), *(("Set-Cookie", c.output(header="").strip())
                                        for c in response.cookies.values())]
        self.sent = (f"{response.status_code} {response.reason_phrase}", headers)
        start_response(self.sent[0], list(headers))
        self.body = _Body(response)
        return self.body

    def _apply(self, environ):
        """Make the middleware's environ the request's; re-match when it moved the path."""
        req, old = self.django_request, self.original_meta
        req.META = environ
        if hasattr(req, "environ"):
            req.environ = environ
        for attr, key in (("GET", "QUERY_STRING"), ("COOKIES", "HTTP_COOKIE")):
            if environ.get(key) != old.get(key):
                req.__dict__.pop(attr, None)
        req.method = environ.get("REQUEST_METHOD", req.method).upper()
        if environ.get("wsgi.input") is not self.input:
            req._stream = LimitedStream(environ["wsgi.input"], int(environ.get("CONTENT_LENGTH") or 0))
            req._read_started = False
            for attr in ("_body", "_post", "_files"):
                req.__dict__.pop(attr, None)
        kwargs = dict(self.dispatch)
        script_root = _from_wsgi(environ.get("SCRIPT_NAME", "")).rstrip("/")
        path = _from_wsgi(environ.get("PATH_INFO", "")) or "/"
        if (script_root, path) != (kwargs["script_root"], kwargs["path"]):
            kwargs.update(rule=None, view_args=None, script_root=script_root, path=path)
        return kwargs

    def to_django(self, status, headers, result):
        """The chain's WSGI answer as a Django response."""
        if result is self.body and (status, headers) == self.sent:
            return self.response
        if result is self.body and not self.response.streaming:
            body = self.response.content
            self.body.close()
        else:
            body = result
        rv = self.app.response_class(body, status)
        close = getattr(result, "close", None)
        if body is result and close is not None:
            rv._resource_closers.append(close)
        del rv.headers["Content-Type"]
        for name, value in headers:
            if name.lower() == "set-cookie":
                rv.cookies.load(value)
            else:
                rv.headers.add(name, value)
        return rv
