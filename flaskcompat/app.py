"""The ``Flask`` application object: registration from Scaffold, plus the request cycle.

A request reaches :meth:`Flask.dispatch_django_request` from Django: either through a
project URLconf that mounts ``include(app.urls)`` (see :mod:`flaskcompat.urls`), or
through the app's own WSGI callable / test client, which run Django's handler with the
app as the only URLconf (see :mod:`flaskcompat.handlers`). From there the cycle is
Flask's: push contexts, ``before_request``, the view, ``make_response``,
``after_request``, error handlers, teardown, pop.
"""

from __future__ import annotations

import collections.abc as cabc
import os
import sys
from datetime import timedelta
from functools import cached_property
from inspect import iscoroutinefunction
from itertools import chain
from urllib.parse import quote, urljoin

from django.http import HttpResponseBase

from . import embedded, templating
from .config import DEFAULT_CONFIG, Config, ConfigAttribute
from .ctx import AppContext, RequestContext, _AppCtxGlobals
from .exceptions import (
    BadRequest,
    BadRequestKeyError,
    HTTPException,
    InternalServerError,
    MethodNotAllowed,
    NotFound,
    default_exceptions,
    is_http_exception,
)
from .globals import _cv_app, _cv_request, request, request_ctx
from .routing import BuildError, Map, NoMatch, RedirectRequired, RequestRedirect, Rule
from .scaffold import NoClick, Scaffold, _endpoint_from_view_func, find_package, setupmethod
from .signals import appcontext_tearing_down, got_request_exception, request_finished, request_started, request_tearing_down
from .wrappers import Request, Response


def _make_timedelta(value):
    if value is None or isinstance(value, timedelta):
        return value
    return timedelta(seconds=value)


class Flask(Scaffold):
    """A Flask application whose routes are Django URL patterns.

    Use it exactly as Flask's; mount it in a Django project with
    ``path("prefix/", include(app.urls))`` or run it alone (``app.run()``,
    ``gunicorn module:app``), in which case flaskcompat configures Django for it.
    """

    request_class = Request
    response_class = Response
    url_rule_class = Rule
    url_map_class = Map
    config_class = Config
    app_ctx_globals_class = _AppCtxGlobals
    default_config = DEFAULT_CONFIG
    testing = ConfigAttribute("TESTING")
    secret_key = ConfigAttribute("SECRET_KEY")
    permanent_session_lifetime = ConfigAttribute("PERMANENT_SESSION_LIFETIME", get_converter=_make_timedelta)
    test_client_class = None
    test_cli_runner_class = None
    jinja_options = {}
    jinja_environment = templating.Environment

    def __init__(self, import_name, static_url_path=None, static_folder="static", static_host=None,
                 host_matching=False, subdomain_matching=False, template_folder="templates",
                 instance_path=None, instance_relative_config=False, root_path=None):
        super().__init__(import_name, static_folder=static_folder, static_url_path=static_url_path,
                         template_folder=template_folder, root_path=root_path)
        if instance_path is None:
            instance_path = self.auto_find_instance_path()
        elif not os.path.isabs(instance_path):
            raise ValueError("If an instance path is provided it must be absolute. A relative path was given instead.")
        self.instance_path = instance_path
        self.config = self.make_config(instance_relative_config)
        self.url_build_error_handlers = []
        self.teardown_appcontext_funcs = []
        self.shell_context_processors = []
        self.blueprints = {}
        self.extensions = {}
        self.url_map = self.url_map_class(host_matching=host_matching)
        self.subdomain_matching = subdomain_matching
        self._got_first_request = False
        self.csrf_exempt = False
        from .json.provider import DefaultJSONProvider

        self.json = DefaultJSONProvider(self)
        from .sessions import DjangoSessionInterface

        self.session_interface = DjangoSessionInterface()
        if self.has_static_folder:
            if bool(static_host) != host_matching:
                raise AssertionError("Invalid static_host/host_matching combination")
            self.add_url_rule(f"{self.static_url_path}/<path:filename>", endpoint="static",
                              host=static_host, view_func=self.send_static_file)
        try:
            from .cli import AppGroup

            self.cli = AppGroup()
            self.cli.name = self.name
        except ImportError:  # click is an optional extra
            self.cli = NoClick()
        embedded.ensure_configured(self)
        from .handlers import AppWSGIHandler

        self.wsgi_app = AppWSGIHandler(self)

    def auto_find_instance_path(self):
        """Flask's default instance folder: ``instance`` beside the package, or under ``<prefix>/var``."""
        prefix, package_path = find_package(self.import_name)
        if prefix is None:
            return os.path.join(package_path, "instance")
        return os.path.join(prefix, "var", f"{self.name}-instance")

    def make_config(self, instance_relative=False):
        """The app's Config: Flask's defaults, ``DEBUG`` from ``FLASK_DEBUG`` as in Flask."""
        from .helpers import get_debug_flag

        defaults = dict(self.default_config)
        defaults["DEBUG"] = get_debug_flag()
        return self.config_class(self.instance_path if instance_relative else self.root_path, defaults)

    def _check_setup_finished(self, f_name):
        if self._got_first_request:
            raise AssertionError(
                f"The setup method '{f_name}' can no longer be called"
                " on the application. It has already handled its first"
                " request, any changes will not be applied"
                " consistently.\n"
                "Make sure all imports, decorators, functions, etc."
                " needed to set up the application are done before"
                " running it."
            )

    @cached_property
    def name(self):
        if self.import_name == "__main__":
            fn = getattr(sys.modules["__main__"], "__file__", None)
            if fn is None:
                return "__main__"
            return os.path.splitext(os.path.basename(fn))[0]
        return self.import_name

    @property
    def debug(self):
        return self.config["DEBUG"]

    @debug.setter
    def debug(self, value):
        self.config["DEBUG"] = value
        if self.config["TEMPLATES_AUTO_RELOAD"] is None and "jinja_env" in self.__dict__:
            self.jinja_env.auto_reload = value

    @cached_property
    def logger(self):
        from .logging import create_logger

        return create_logger(self)

    # -- Django ---------------------------------------------------------------------------------

    @property
    def urls(self):
        """``include(app.urls)``: this app's rules as named Django URL patterns, namespace ``app.name``."""
        from .urls import app_urlconf

        return app_urlconf(self), self.name

    # -- templating (see flaskcompat.templating) ------------------------------------------------

    @cached_property
    def jinja_env(self):
        """The app's Jinja environment, created on first access (``jinja_options`` are read then)."""
        return self.create_jinja_environment()

    @cached_property
    def jinja_backend(self):
        """The project's flaskcompat Jinja2 TEMPLATES backend this app extends (None without one)."""
        return templating.configured_backend()

    def create_jinja_environment(self):
        return templating.create_jinja_environment(self)

    def create_global_jinja_loader(self):
        return templating.DispatchingJinjaLoader(self)

    def select_jinja_autoescape(self, filename):
        return templating.flask_autoescape(filename)

    def update_template_context(self, context):
        templating.update_template_context(self, context)

    def _template_registry(self, kind, f, name):
        templating.register_template_callable(self, kind, f, name)

    @setupmethod
    def template_filter(self, name=None):
        def decorator(f):
            self.add_template_filter(f, name=name)
            return f

        return decorator

    @setupmethod
    def add_template_filter(self, f, name=None):
        self._template_registry("filters", f, name)

    @setupmethod
    def template_test(self, name=None):
        def decorator(f):
            self.add_template_test(f, name=name)
            return f

        return decorator

    @setupmethod
    def add_template_test(self, f, name=None):
        self._template_registry("tests", f, name)

    @setupmethod
    def template_global(self, name=None):
        def decorator(f):
            self.add_template_global(f, name=name)
            return f

        return decorator

    @setupmethod
    def add_template_global(self, f, name=None):
        self._template_registry("globals", f, name)

    @setupmethod
    def teardown_appcontext(self, f):
        self.teardown_appcontext_funcs.append(f)
        return f

    @setupmethod
    def shell_context_processor(self, f):
        self.shell_context_processors.append(f)
        return f

    def make_shell_context(self):
        rv = {"app": self, "g": _cv_app.get().g if _cv_app.get(None) else None}
        for processor in self.shell_context_processors:
            rv.update(processor())
        return rv

    # -- registration ---------------------------------------------------------------------------

    @setupmethod
    def register_blueprint(self, blueprint, **options):
        blueprint.register(self, options)

    def iter_blueprints(self):
        return self.blueprints.values()

    @setupmethod
    def add_url_rule(self, rule, endpoint=None, view_func=None, provide_automatic_options=None, **options):
        if endpoint is None:
            endpoint = _endpoint_from_view_func(view_func)
        options["endpoint"] = endpoint
        methods = options.pop("methods", None)
        if methods is None:
            methods = getattr(view_func, "methods", None) or ("GET",)
        if isinstance(methods, str):
            raise TypeError(
                "Allowed methods must be a list of strings, for"
                ' example: @app.route(..., methods=["POST"])'
            )
        methods = {item.upper() for item in methods}
        required_methods = set(getattr(view_func, "required_methods", ()))
        if provide_automatic_options is None:
            provide_automatic_options = getattr(view_func, "provide_automatic_options", None)
        if provide_automatic_options is None:
            if "OPTIONS" not in methods and self.config["PROVIDE_AUTOMATIC_OPTIONS"]:
                provide_automatic_options = True
                required_methods.add("OPTIONS")
            else:
                provide_automatic_options = False
        methods |= required_methods
        rule_obj = self.url_rule_class(rule, methods=methods, **options)
        rule_obj.provide_automatic_options = provide_automatic_options
        self.url_map.add(rule_obj)
        if view_func is not None:
            old_func = self.view_functions.get(endpoint)
            if old_func is not None and old_func != view_func:
                raise AssertionError(
                    "View function mapping is overwriting an existing"
                    f" endpoint function: {endpoint}"
                )
            self.view_functions[endpoint] = view_func

    # -- contexts -------------------------------------------------------------------------------

    def app_context(self):
        return AppContext(self)

    def request_context(self, environ):
        """A request context for a WSGI ``environ`` (the request is built by Django's WSGIRequest).

        As with Werkzeug, a hand-made environ may leave out the body (``wsgi.input``).
        """
        from io import BytesIO

        from django.core.handlers.wsgi import WSGIRequest

        environ.setdefault("wsgi.input", BytesIO())
        ctx = RequestContext(self, WSGIRequest(environ))
        ctx.match_request()
        return ctx

    def test_request_context(self, *args, **kwargs):
        """A request context for a request built from the test client's arguments (``path``,
        ``base_url``, ``method``, ``query_string``, ``data``, ``json``, ``headers``...)."""
        from .testing import make_test_django_request

        ctx = RequestContext(self, make_test_django_request(self, *args, **kwargs))
        ctx.match_request()
        return ctx

    def match_request(self, req):
        """Match ``req.path`` with its method; store the rule and values or the routing error."""
        try:
            rule, values = self.url_map.match(req.path, req.method)
        except RedirectRequired as e:
            target = (self._redirect_url(req, e.path) if e.keep_query
                      else urljoin(f"{req.scheme}://{req.host}{req.script_root}/", e.path))
            req.routing_exception = RequestRedirect(target)
        except NoMatch as e:
            req.routing_exception = MethodNotAllowed(valid_methods=sorted(e.allowed)) if e.allowed else NotFound()
        else:
            req.url_rule, req.view_args = rule, values

    @staticmethod
    def _redirect_url(req, path):
        qs = req.query_string.decode("latin-1")
        return f"{req.scheme}://{req.host}{quote(req.script_root + path, safe='!$&()*+,/:;=@%')}" + (
            f"?{qs}" if qs else "")

    # -- the request cycle ----------------------------------------------------------------------

    def dispatch_django_request(self, django_request, rule=None, view_args=None, script_root=None, path=None):
        """Run one Django request through this app and return a Django response.

        ``rule`` and ``view_args`` come from the Django URL resolver, which matched the
        path without knowing the method; without a rule (no match, a redirect), or when the
        method is not the rule's, the path is matched again with the method, which yields
        Flask's 404, 405, 308 or another rule of the same path.
        """
        self._got_first_request = True
        ctx = RequestContext(self, django_request, rule, view_args, None, script_root, path)
        req = ctx.request
        if rule is None or (rule.methods is not None and req.method not in rule.methods):
            # Django resolved without the method: let the method decide (405, another rule).
            req.url_rule = req.view_args = req.routing_exception = None
            self.match_request(req)
        error = None
        try:
            try:
                ctx.push()
                response = self.full_dispatch_request()
            except Exception as e:
                error = e
                response = self.handle_exception(e)
            except:  # noqa: E722
                error = sys.exc_info()[1]
                raise
            if ctx._session is not None and not self.session_interface.is_null_session(ctx._session):
                self.session_interface.save_session(self, ctx._session, response)
            return self._finish(response, req)
        finally:
            preserve = django_request.META.get("flaskcompat.preserve_context")
            if preserve is not None:
                preserve(_cv_app.get(), _cv_request.get())
            if error is not None and self.should_ignore_error(error):
                error = None
            ctx.pop(error)

    def _finish(self, response, req):
        """What Werkzeug does while sending (URI Location, Content-Length, no body for HEAD/304).

        A plain Django response is left to Django's handlers.
        """
        if isinstance(response, Response):
            response.prepare_for(req.environ)
        return response

    def full_dispatch_request(self):
        try:
            if request_started.receivers:
                request_started.send(self)
            rv = self.preprocess_request()
            if rv is None:
                rv = self.dispatch_request()
        except Exception as e:
            rv = self.handle_user_exception(e)
        return self.finalize_request(rv)

    def preprocess_request(self):
        req = _cv_request.get().request
        names = (None, *reversed(req.blueprints))
        for name in names:
            if name in self.url_value_preprocessors:
                for url_func in self.url_value_preprocessors[name]:
                    url_func(req.endpoint, req.view_args)
        for name in names:
            if name in self.before_request_funcs:
                for before_func in self.before_request_funcs[name]:
                    rv = self.ensure_sync(before_func)()
                    if rv is not None:
                        return rv
        return None

    def raise_routing_exception(self, req):
        raise req.routing_exception

    def dispatch_request(self):
        req = _cv_request.get().request
        if req.routing_exception is not None:
            self.raise_routing_exception(req)
        rule = req.url_rule
        if getattr(rule, "provide_automatic_options", False) and req.method == "OPTIONS":
            return self.make_default_options_response()
        return self.ensure_sync(self.view_functions[rule.endpoint])(**req.view_args)

    def make_default_options_response(self):
        methods = self.url_map.allowed_methods(request.path)
        rv = self.response_class()
        if methods:
            rv.headers["Allow"] = ", ".join(methods)
        return rv

    def finalize_request(self, rv, from_error_handler=False):
        response = self.make_response(rv)
        try:
            response = self.process_response(response)
            if request_finished.receivers:
                request_finished.send(self, response=response)
        except Exception:
            if not from_error_handler:
                raise
            self.logger.exception("Request finalizing failed with an error while handling an error")
        return response

    def process_response(self, response):
        ctx = _cv_request.get()
        for func in ctx._after_request_functions:
            response = self.ensure_sync(func)(response)
        for name in chain(ctx.request.blueprints, (None,)):
            if name in self.after_request_funcs:
                for func in reversed(self.after_request_funcs[name]):
                    response = self.ensure_sync(func)(response)
        return response

    def do_teardown_request(self, exc=None):
        names = (*_cv_request.get().request.blueprints, None)
        for name in names:
            if name in self.teardown_request_funcs:
                for func in reversed(self.teardown_request_funcs[name]):
                    self.ensure_sync(func)(exc)
        if request_tearing_down.receivers:
            request_tearing_down.send(self, exc=exc)

    def do_teardown_appcontext(self, exc=None):
        for func in reversed(self.teardown_appcontext_funcs):
            self.ensure_sync(func)(exc)
        if appcontext_tearing_down.receivers:
            appcontext_tearing_down.send(self, exc=exc)

    def should_ignore_error(self, error):
        return False

    # -- errors ---------------------------------------------------------------------------------

    def _find_error_handler(self, e, blueprints):
        exc_class, code = self._get_exc_class_and_code(type(e))
        names = (*blueprints, None)
        for c in (code, None) if code is not None else (None,):
            for name in names:
                handler_map = self.error_handler_spec[name][c]
                if not handler_map:
                    continue
                for cls in exc_class.__mro__:
                    handler = handler_map.get(cls)
                    if handler is not None:
                        return handler
        return None

    def trap_http_exception(self, e):
        if self.config["TRAP_HTTP_EXCEPTIONS"]:
            return True
        trap_bad_request = self.config["TRAP_BAD_REQUEST_ERRORS"]
        if trap_bad_request is None and self.debug and isinstance(e, BadRequestKeyError):
            return True
        if trap_bad_request:
            return isinstance(e, BadRequest)
        return False

    def handle_http_exception(self, e):
        """The registered handler's answer to an HTTP error, or the error itself (its page)."""
        if e.code is None:
            return e
        if isinstance(e, RequestRedirect):
            return e
        handler = self._find_error_handler(e, request.blueprints)
        if handler is None and not isinstance(e, HTTPException) and e.code in default_exceptions:
            # Werkzeug's error from legacy code: find the handlers of our class for its code.
            handler = self._find_error_handler(default_exceptions[e.code](), request.blueprints)
        if handler is None:
            return e
        return self.ensure_sync(handler)(e)

    def handle_user_exception(self, e):
        if isinstance(e, BadRequestKeyError) and (self.debug or self.config["TRAP_BAD_REQUEST_ERRORS"]):
            e.show_exception = True
        if is_http_exception(e) and not self.trap_http_exception(e):
            return self.handle_http_exception(e)
        handler = self._find_error_handler(e, request.blueprints)
        if handler is None:
            raise
        return self.ensure_sync(handler)(e)

    def handle_exception(self, e):
        """An unhandled error: propagate in debug/testing, else log it and answer 500."""
        exc_info = sys.exc_info()
        got_request_exception.send(self, _async_wrapper=self.ensure_sync, exception=e)
        propagate = self.config["PROPAGATE_EXCEPTIONS"]
        if propagate is None:
            propagate = self.testing or self.debug
        if propagate:
            if exc_info[1] is e:
                raise
            raise e
        self.log_exception(exc_info)
        server_error = InternalServerError(original_exception=e)
        handler = self._find_error_handler(server_error, request.blueprints)
        if handler is not None:
            server_error = self.ensure_sync(handler)(server_error)
        return self.finalize_request(server_error, from_error_handler=True)

    def log_exception(self, exc_info):
        self.logger.error(f"Exception on {request.path} [{request.method}]", exc_info=exc_info)

    # -- responses ------------------------------------------------------------------------------

    def make_response(self, rv):
        """Turn a view's return value into a response, with Flask 3.1's rules.

        A Django ``HttpResponse`` (from a Django shortcut or view) is kept as it is, with the
        tuple's status and headers applied.
        """
        status = headers = None
        if isinstance(rv, tuple):
            len_rv = len(rv)
            if len_rv == 3:
                rv, status, headers = rv
            elif len_rv == 2:
                if isinstance(rv[1], (dict, tuple, list)) or hasattr(rv[1], "to_wsgi_list"):
                    rv, headers = rv
                else:
                    rv, status = rv
            else:
                raise TypeError(
                    "The view function did not return a valid response tuple."
                    " The tuple must have the form (body, status, headers),"
                    " (body, status), or (body, headers)."
                )
        if rv is None:
            raise TypeError(
                f"The view function for {request.endpoint!r} did not"
                " return a valid response. The function either returned"
                " None or ended without a return statement."
            )
        if not isinstance(rv, self.response_class):
            if isinstance(rv, (str, bytes, bytearray)) or isinstance(rv, cabc.Iterator):
                rv = self.response_class(rv, status=status, headers=headers)
                status = headers = None
            elif isinstance(rv, (dict, list)):
                rv = self.json.response(rv)
            elif isinstance(rv, HttpResponseBase) and not isinstance(rv, Response):
                pass
            elif isinstance(rv, Response) or callable(rv):
                try:
                    rv = self._coerce_response(rv)
                except TypeError as e:
                    raise TypeError(
                        f"{e}\nThe view function did not return a valid"
                        " response. The return type must be a string,"
                        " dict, list, tuple with headers or status,"
                        " Response instance, or WSGI callable, but it"
                        f" was a {type(rv).__name__}."
                    ).with_traceback(sys.exc_info()[2]) from None
            else:
                raise TypeError(
                    "The view function did not return a valid"
                    " response. The return type must be a string,"
                    " dict, list, tuple with headers or status,"
                    " Response instance, or WSGI callable, but it was a"
                    f" {type(rv).__name__}."
                )
        if isinstance(rv, Response):
            if status is not None:
                if isinstance(status, (str, bytes, bytearray)):
                    rv.status = status
                else:
                    rv.status_code = status
            if headers:
                rv.headers.update(headers)
        else:  # a Django response
            if status is not None:
                code, _, reason = status.partition(" ") if isinstance(status, str) else (status, "", "")
                rv.status_code = int(code)
                if reason:
                    rv.reason_phrase = reason
            for key, value in (headers.items() if isinstance(headers, dict) else headers or ()):
                rv[key] = value
        return rv

    def _coerce_response(self, rv):
        """Werkzeug's ``force_type``: another Response class, an HTTP error or a WSGI app becomes ours."""
        if isinstance(rv, HTTPException):
            rv = rv.get_response(request.environ)
            if isinstance(rv, HttpResponseBase) and not isinstance(rv, Response):
                return rv  # abort(django_response)
        return self.response_class.force_type(rv, request.environ)

    def redirect(self, location, code=302):
        from .helpers import _redirect

        return _redirect(location, code, self.response_class)

    def ensure_sync(self, func):
        if iscoroutinefunction(func):
            return self.async_to_sync(func)
        return func

    def async_to_sync(self, func):
        from asgiref.sync import async_to_sync

        return async_to_sync(func)

    # -- URL building ---------------------------------------------------------------------------

    def url_for(self, endpoint, *, _anchor=None, _method=None, _scheme=None, _external=None, **values):
        """Build a URL from the rules compiled at registration (no Django ``reverse()``)."""
        req_ctx = _cv_request.get(None)
        if req_ctx is not None:
            req = req_ctx.request
            if endpoint[:1] == ".":
                blueprint_name = req.blueprint
                endpoint = f"{blueprint_name}{endpoint}" if blueprint_name is not None else endpoint[1:]
            if _external is None:
                _external = _scheme is not None
            script_root = req.script_root
        else:
            if self.config["SERVER_NAME"] is None:
                raise RuntimeError(
                    "Unable to build URLs outside an active request"
                    " without 'SERVER_NAME' configured. Also configure"
                    " 'APPLICATION_ROOT' and 'PREFERRED_URL_SCHEME' as"
                    " needed."
                )
            if _external is None:
                _external = True
            script_root = self.mount_prefix()
        if _scheme is not None and not _external:
            raise ValueError("When specifying '_scheme', '_external' must be True.")
        self.inject_url_defaults(endpoint, values)
        try:
            path = self.url_map.build(endpoint, values, method=_method)
        except BuildError as error:
            values.update(_anchor=_anchor, _method=_method, _scheme=_scheme, _external=_external)
            return self.handle_url_build_error(error, endpoint, values)
        rv = script_root + path
        if _external:
            if req_ctx is not None:
                scheme = _scheme or req.scheme
                host = req.host
            else:
                scheme = _scheme or self.config["PREFERRED_URL_SCHEME"]
                host = self.config["SERVER_NAME"]
            rv = f"{scheme}://{host}{rv}"
        if _anchor is not None:
            rv = f"{rv}#{quote(_anchor, safe='%!#$&()*+,/:;=?@')}"
        return rv

    def mount_prefix(self):
        """Where this app lives outside a request: APPLICATION_ROOT, or its Django mount point."""
        from .urls import find_mount_prefix

        prefix = find_mount_prefix(self)
        if prefix is None:
            prefix = self.config["APPLICATION_ROOT"] or "/"
        return prefix.rstrip("/")

    def inject_url_defaults(self, endpoint, values):
        names = (None,)
        if "." in endpoint:
            parts = endpoint.rpartition(".")[0].split(".")
            names = chain(names, [".".join(parts[:i]) for i in range(1, len(parts) + 1)])
        for name in names:
            if name in self.url_default_functions:
                for func in self.url_default_functions[name]:
                    func(endpoint, values)

    def handle_url_build_error(self, error, endpoint, values):
        for handler in self.url_build_error_handlers:
            try:
                rv = handler(error, endpoint, values)
            except BuildError as e:
                error = e
            else:
                if rv is not None:
                    return rv
        if error is sys.exc_info()[1]:
            raise
        raise error

    # -- serving --------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        """The app is a WSGI application (``gunicorn hello:app``)."""
        return self.wsgi_app(environ, start_response)

    def run(self, host=None, port=None, debug=None, load_dotenv=True, **options):
        """Serve with Django's development server (autoreload when debug is on)."""
        from .serving import run_simple

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

    def test_client(self, use_cookies=True, **kwargs):
        from .testing import FlaskClient

        cls = self.test_client_class or FlaskClient
        return cls(self, use_cookies=use_cookies, **kwargs)

    def test_cli_runner(self, **kwargs):
        from .testing import FlaskCliRunner

        cls = self.test_cli_runner_class or FlaskCliRunner
        return cls(self, **kwargs)

    def open_instance_resource(self, resource, mode="rb", encoding="utf-8"):
        path = os.path.join(self.instance_path, resource)
        if "b" in mode:
            return open(path, mode)
        return open(path, mode, encoding=encoding)

    @property
    def aborter(self):
        from .exceptions import Aborter

        return Aborter()
