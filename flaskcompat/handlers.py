"""The Django request handler that serves exactly one app (its WSGI callable; the test client's
handler, in testing.py, shares the mixin).

It runs Django's full stack (settings, middleware, request parsing) but resolve every
path with the app's own :class:`~flaskcompat.urls.AppDispatchPattern`, so several apps in
one process never see each other's routes, and no global URLconf is involved.
"""

from __future__ import annotations

from django.core.handlers.wsgi import WSGIHandler
from django.urls import set_urlconf

from .globals import serving_app
from .urls import app_urlconf
from .wsgi import chained_call


class _SingleAppMixin:
    def _bind_app(self, app):
        self.app = app
        self._middleware_loaded = False

    def _ensure_middleware(self):
        if not self._middleware_loaded:
            self.load_middleware()
            self._middleware_loaded = True

    def resolve_request(self, request):
        conf = app_urlconf(self.app)
        set_urlconf(conf)
        match = conf.dispatch_pattern.resolve(request.path_info[1:])
        request.resolver_match = match
        return match

    def get_response(self, request):
        token = serving_app.set(self.app)
        try:
            return super().get_response(request)
        finally:
            serving_app.reset(token)


class AppWSGIHandler(_SingleAppMixin, WSGIHandler):
    """``app.wsgi_app``: a Django WSGIHandler bound to one app."""

    def __init__(self, app):
        self._bind_app(app)
        self._middleware_chain = None

    def __call__(self, environ, start_response):
        call = chained_call(self.app, environ)  # innermost of the WSGI middleware of a mounted app
        if call is not None:
            return call(environ, start_response)
        self._ensure_middleware()
        return super().__call__(environ, start_response)
