"""``flaskcompat.Flask``: Flask's app class, served by Django; and :func:`bridge` for any Flask app.

What a Flask app needs to be served by Django is small, and :func:`bridge` gives it to any
``flask.Flask`` (``mount()`` calls it): request and response classes that stand on Django's
request (:mod:`flaskcompat.wrappers`), Django's session and messages
(:mod:`flaskcompat.sessions`), and Django's template context (:mod:`flaskcompat.templating`).
The request cycle, routing, hooks, errors and everything else stay Flask's.

:class:`Flask` is that, built in, for new code and for scripts: it configures an in-process
Django when there is no project (embedded mode, :mod:`flaskcompat.embedded`), and calling it
as a WSGI app (``gunicorn hello:app``, ``app.run()``, ``app.test_client()``) runs Django's
handler, its middleware included, with the app as the URLconf.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

import flask
import werkzeug.exceptions
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpResponseBase
from flask.sessions import SecureCookieSessionInterface

from . import embedded
from .csrf import check_csrf
from .handlers import wsgi
from .serving import run_simple
from .sessions import DjangoSessionInterface
from .templating import Environment, extend_environment
from .testing import FlaskClient
from .urls import mount, mount_point
from .wrappers import Request, RequestMixin, Response, ResponseMixin, response_from_django, with_mixin

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment
    from flask.typing import ResponseReturnValue
    from werkzeug.routing import MapAdapter

    from .urls import AppURLConf

F = TypeVar("F", bound=flask.Flask)


def bridge(app: F) -> F:
    """Let a ``flask.Flask`` serve Django requests (once per app; returns it)."""
    if app.__dict__.get("_flaskcompat_bridged"):
        return app
    app.request_class = with_mixin(app.request_class, RequestMixin)
    app.response_class = with_mixin(app.response_class, ResponseMixin)
    if type(app.session_interface) is SecureCookieSessionInterface:  # Flask's default, not a custom one
        app.session_interface = DjangoSessionInterface()
    if not isinstance(app, Flask):  # flaskcompat.Flask has these built in
        app.before_request_funcs.setdefault(None, []).insert(0, check_csrf)
        if "jinja_env" in app.__dict__:
            extend_environment(app.jinja_env)
        else:  # not created yet: extend it when Flask creates it (after the app's config is set)
            create, app_ref = type(app).create_jinja_environment, weakref.ref(app)  # no app<->app cycle

            def create_jinja_environment() -> flask.templating.Environment:
                bridged = app_ref()
                if bridged is None:  # only the app calls it
                    raise ReferenceError("the app no longer exists")
                return extend_environment(create(bridged))

            # Flask has no hook into the environment it creates but this method: an instance attribute
            app.create_jinja_environment = create_jinja_environment  # type: ignore[method-assign]
    if not embedded.is_embedded() and app.config["DEBUG"] is False and "FLASK_DEBUG" not in os.environ:
        _follow_django_debug(app, settings.DEBUG)
    app.__dict__["_flaskcompat_bridged"] = True
    return app


#: Apps whose DEBUG follows Django's, with the value given to them.
_debug_followers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _follow_django_debug(app: flask.Flask, debug: Any) -> None:
    """In a project, an app that leaves DEBUG unset (neither its config nor FLASK_DEBUG sets it)
    has Django's: an unhandled exception propagates (Flask's debug rule) to Django's handler, which
    logs it (``django.request``) and shows the technical 500 page under DEBUG; templates reload
    when edited (``TEMPLATES_AUTO_RELOAD`` unset). Flask's default, False, counts as unset (an app
    bridged after its config was set cannot tell); once the app gives DEBUG another value than
    the one it was given, its value rules (``override_settings(DEBUG=...)`` changes only followers)."""
    app.config["DEBUG"] = _debug_followers[app] = bool(debug)
    if app.config["TEMPLATES_AUTO_RELOAD"] is None and "jinja_env" in app.__dict__:
        app.jinja_env.auto_reload = bool(debug)


def _debug_changed(setting: str, value: Any, **kwargs: Any) -> None:
    if setting == "DEBUG":  # override_settings(DEBUG=...)
        for app, given in list(_debug_followers.items()):
            if app.config["DEBUG"] is given:
                _follow_django_debug(app, value)


setting_changed.connect(_debug_changed)


class Aborter(werkzeug.exceptions.Aborter):
    """Werkzeug's ``abort()``, which also takes a Django response."""

    def __call__(self, code: Any, *args: Any, **kwargs: Any) -> NoReturn:
        if isinstance(code, HttpResponseBase):
            code = response_from_django(flask.current_app.response_class, code)
        super().__call__(code, *args, **kwargs)


class Flask(flask.Flask):
    """Flask's application class; Django serves it, mounted (``include(app.urls)``) or alone."""

    aborter_class = Aborter

    request_class = Request
    response_class = Response
    session_interface = DjangoSessionInterface()
    test_client_class = FlaskClient
    jinja_environment = Environment
    #: ``csrf_exempt(app)`` exempts every view of the app from Django's CSRF check.
    csrf_exempt = False

    def __init__(
        self,
        import_name: str,
        static_url_path: str | None = None,
        static_folder: str | os.PathLike[str] | None = "static",
        static_host: str | None = None,
        host_matching: bool = False,
        subdomain_matching: bool = False,
        template_folder: str | os.PathLike[str] | None = "templates",
        instance_path: str | None = None,
        instance_relative_config: bool = False,
        root_path: str | None = None,
    ) -> None:
        """Flask's signature (``tests/test_api_surface.py`` keeps it so)."""
        embedded.ensure_configured(self)
        super().__init__(
            import_name,
            static_url_path,
            static_folder,
            static_host,
            host_matching,
            subdomain_matching,
            template_folder,
            instance_path,
            instance_relative_config,
            root_path,
        )
        bridge(self)

    def create_jinja_environment(self) -> flask.templating.Environment:
        return extend_environment(super().create_jinja_environment())

    def create_url_adapter(self, request: flask.Request | None) -> MapAdapter | None:
        """Flask's; outside a request (``SERVER_NAME`` set), URLs are built under the app's
        Django mount point when the project mounts it."""
        adapter = super().create_url_adapter(request)
        if request is None and adapter is not None and (mounted := mount_point(self)) is not None:
            adapter.script_name = mounted
        return adapter

    def preprocess_request(self) -> ResponseReturnValue | None:
        """Django's CSRF check for the matched rule, then Flask's ``before_request`` functions."""
        return check_csrf() or super().preprocess_request()

    def make_response(
        self,
        rv: ResponseReturnValue | HttpResponseBase | tuple[HttpResponseBase, Any] | tuple[HttpResponseBase, Any, Any],
    ) -> flask.Response:
        """Flask's, and a view may also return (or ``abort()`` with) a Django response."""
        if isinstance(rv, HttpResponseBase):
            rv = response_from_django(self.response_class, rv)
        elif isinstance(rv, tuple) and rv and isinstance(rv[0], HttpResponseBase):
            rv = (response_from_django(self.response_class, rv[0]), *rv[1:])
        return super().make_response(cast("ResponseReturnValue", rv))  # no Django response left

    @property
    def urls(self) -> tuple[AppURLConf, str]:
        """``include(app.urls)``: this app's rules as Django URL patterns, namespace ``app.name``."""
        return mount(self)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """The app as a WSGI application: Django's handler, then ``self.wsgi_app``."""
        return wsgi(self, environ, start_response)

    def run(
        self,
        host: str | None = None,
        port: int | None = None,
        debug: bool | None = None,
        load_dotenv: bool = True,
        **options: Any,
    ) -> None:
        """Serve with Django's development server (autoreload when debug is on), as Flask's."""
        if debug is not None:
            self.debug = bool(debug)
        server_name = self.config.get("SERVER_NAME")
        sn_host = sn_port = None
        if server_name:
            sn_host, _, sn_port = server_name.partition(":")
        host = host or sn_host or "127.0.0.1"
        port = int(port or sn_port or 5000)
        options.setdefault("use_reloader", self.debug)
        options.setdefault("threaded", True)
        run_simple(self, host, port, **options)
