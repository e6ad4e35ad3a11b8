"""Application and request contexts, kept in ContextVars so threads and tasks never mix.

A :class:`RequestContext` wraps one Django ``HttpRequest``: it carries the Flask-style
:class:`~flaskcompat.wrappers.Request`, the session view over ``request.session``, the
matched rule and the after-this-request callbacks. Pushing it binds ``request`` and
``session`` (opening the session, as Flask does); popping runs the teardown functions and
unbinds them again.

A push remembers the value it replaced and a pop puts it back (None once nothing is
pushed; ``_cv_tokens``, named as in Flask, holds those values), instead of resetting a
ContextVar token: under ASGI a streamed body is produced chunk by chunk in separate
executor calls, each in its own copy of the Context, so ``stream_with_context`` pushes in
one Context and pops in another, where a token can't be reset.
"""

from __future__ import annotations

import sys
from functools import update_wrapper

from .globals import _cv_app, _cv_request
from .signals import appcontext_popped, appcontext_pushed

_sentinel = object()


class _AppCtxGlobals:
    """``g``: a plain namespace per application context."""

    def __getattr__(self, name):
        try:
            return self.__dict__[name]
        except KeyError:
            raise AttributeError(name) from None

    def get(self, name, default=None):
        return self.__dict__.get(name, default)

    def pop(self, name, default=_sentinel):
        if default is _sentinel:
            return self.__dict__.pop(name)
        return self.__dict__.pop(name, default)

    def setdefault(self, name, default=None):
        return self.__dict__.setdefault(name, default)

    def __contains__(self, item):
        return item in self.__dict__

    def __iter__(self):
        return iter(self.__dict__)

    def __repr__(self):
        ctx = _cv_app.get(None)
        if ctx is not None:
            return f"<flask.g of '{ctx.app.name}'>"
        return object.__repr__(self)


class AppContext:
    """Binds ``current_app`` and a fresh ``g``; ``with app.app_context():``."""

    def __init__(self, app):
        self.app = app
        self.g = app.app_ctx_globals_class()
        self._cv_tokens = []

    def push(self):
        self._cv_tokens.append(_cv_app.get(None))
        _cv_app.set(self)
        if appcontext_pushed.receivers:  # per request: skip the call when nobody listens
            appcontext_pushed.send(self.app, _async_wrapper=self.app.ensure_sync)

    def pop(self, exc=_sentinel):
        try:
            if len(self._cv_tokens) == 1:
                if exc is _sentinel:
                    exc = sys.exc_info()[1]
                self.app.do_teardown_appcontext(exc)
        finally:
            ctx = _cv_app.get(None)
            _cv_app.set(self._cv_tokens.pop())
        if ctx is not self:
            raise AssertionError(f"Popped wrong app context. ({ctx!r} instead of {self!r})")
        if appcontext_popped.receivers:
            appcontext_popped.send(self.app, _async_wrapper=self.app.ensure_sync)

    def __enter__(self):
        self.push()
        return self

    def __exit__(self, exc_type, exc_value, tb):
        self.pop(exc_value)


class RequestContext:
    """The per-request state of one Django request seen through one app."""

    #: the messages ``get_flashed_messages()`` consumed in this request (None before the first call).
    flashes = None

    def __init__(self, app, django_request, rule=None, view_args=None, routing_exception=None,
                 script_root=None, path=None, session=None):
        self.app = app
        self.request = app.request_class(django_request, app, script_root=script_root, path=path)
        self.request.url_rule = rule
        self.request.view_args = view_args
        self.request.routing_exception = routing_exception
        self._session = session
        self._after_request_functions = []
        self._cv_tokens = []

    def copy(self):
        """A context over the same request and session, for another thread or greenlet."""
        ctx = type(self).__new__(type(self))
        ctx.app = self.app
        ctx.request = self.request
        ctx._session = self._session
        ctx._after_request_functions = []
        ctx._cv_tokens = []
        return ctx

    def match_request(self):
        """Match the request path against the app's rules (used when Django did not resolve it)."""
        self.app.match_request(self.request)

    @property
    def session(self):
        """The session; using it (the ``session`` proxy does) marks it accessed, as in Flask 3.1.3."""
        if self._session is None:
            raise AssertionError("The session has not yet been opened.")
        self._session.accessed = True
        return self._session

    def push(self):
        app_ctx = _cv_app.get(None)
        if app_ctx is None or app_ctx.app is not self.app:
            app_ctx = self.app.app_context()
            app_ctx.push()
        else:
            app_ctx = None
        self._cv_tokens.append((_cv_request.get(None), app_ctx))
        _cv_request.set(self)
        if self._session is None:
            interface = self.app.session_interface
            self._session = interface.open_session(self.app, self.request)
            if self._session is None:
                self._session = interface.make_null_session(self.app)

    def pop(self, exc=_sentinel):
        clear_request = len(self._cv_tokens) == 1
        try:
            if clear_request:
                if exc is _sentinel:
                    exc = sys.exc_info()[1]
                self.app.do_teardown_request(exc)
        finally:
            ctx = _cv_request.get(None)
            previous, app_ctx = self._cv_tokens.pop()
            _cv_request.set(previous)
            if app_ctx is not None:
                app_ctx.pop(exc)
            if ctx is not self:
                raise AssertionError(f"Popped wrong request context. ({ctx!r} instead of {self!r})")

    def __enter__(self):
        self.push()
        return self

    def __exit__(self, exc_type, exc_value, tb):
        self.pop(exc_value)

    def __repr__(self):
        return f"<{type(self).__name__} {self.request.url!r} [{self.request.method}] of {self.app.name}>"


def after_this_request(f):
    """Run ``f(response)`` after this request; it returns the same or a new response."""
    ctx = _cv_request.get(None)
    if ctx is None:
        raise RuntimeError(
            "'after_this_request' can only be used when a request"
            " context is active, such as in a view function."
        )
    ctx._after_request_functions.append(f)
    return f


def copy_current_request_context(f):
    """Decorate ``f`` so it runs inside a copy of the current request context (threads, greenlets)."""
    ctx = _cv_request.get(None)
    if ctx is None:
        raise RuntimeError(
            "'copy_current_request_context' can only be used when a"
            " request context is active, such as in a view function."
        )
    ctx = ctx.copy()

    def wrapper(*args, **kwargs):
        with ctx:
            return ctx.app.ensure_sync(f)(*args, **kwargs)

    return update_wrapper(wrapper, f)


def has_request_context():
    """True inside a request (or ``test_request_context``)."""
    return _cv_request.get(None) is not None


def has_app_context():
    """True inside an application context."""
    return _cv_app.get(None) is not None
