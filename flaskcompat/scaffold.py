"""What Flask apps and Blueprints share: decorators that record routes, hooks and handlers.

Django-free on purpose (Flask's ``sansio.scaffold`` idea): registering a route or a hook only
fills dictionaries keyed by scope name (``None`` for the app, the blueprint's dotted name
otherwise); the request cycle in :mod:`flaskcompat.app` reads them.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections import defaultdict
from functools import cached_property, update_wrapper
from pathlib import PurePath

from .exceptions import HTTPException, default_exceptions
from .globals import _cv_app, _cv_request

_sentinel = object()


def setupmethod(f):
    """Refuse setup calls after the first request, like Flask (late routes would not be mounted)."""

    def wrapper_func(self, *args, **kwargs):
        self._check_setup_finished(f.__name__)
        return f(self, *args, **kwargs)

    return update_wrapper(wrapper_func, f)


def get_root_path(import_name):
    """The directory of the module or package ``import_name`` (cwd for ``__main__`` scripts)."""
    mod = sys.modules.get(import_name)
    if mod is not None and getattr(mod, "__file__", None) is not None:
        return os.path.dirname(os.path.abspath(mod.__file__))
    try:
        spec = importlib.util.find_spec(import_name)
        if spec is None:
            raise ValueError
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin in (None, "namespace"):
        return os.getcwd()
    return os.path.dirname(os.path.abspath(spec.origin))


def _package_dir(import_name):
    """The directory holding the top-level package or module of ``import_name`` (cwd if unknown)."""
    root_name = import_name.partition(".")[0]
    try:
        spec = importlib.util.find_spec(root_name)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return os.getcwd()
    locations = spec.submodule_search_locations
    if not locations:  # a plain module
        return os.path.dirname(spec.origin)
    if spec.origin not in (None, "namespace"):  # a regular package: above its own directory
        return os.path.dirname(os.path.dirname(spec.origin))
    try:  # a namespace package: above the portion that holds ``import_name``
        sub = importlib.util.find_spec(import_name)
    except (ImportError, ValueError):
        sub = None
    location = locations[0]
    if sub is not None and sub.submodule_search_locations:
        common = PurePath(os.path.commonpath(sub.submodule_search_locations))
        location = next(loc for loc in locations if common.is_relative_to(loc))
    return os.path.dirname(location)


def find_package(import_name):
    """``(prefix, package_dir)``: the install prefix of an installed package (else None) and its dir.

    Flask puts an installed app's instance folder under ``<prefix>/var``, a source checkout's
    next to its package.
    """
    package_path = _package_dir(import_name)
    py_prefix = os.path.abspath(sys.prefix)
    if PurePath(package_path).is_relative_to(py_prefix):
        return py_prefix, package_path
    site_parent, site_folder = os.path.split(package_path)
    if site_folder.lower() == "site-packages":
        parent, folder = os.path.split(site_parent)
        if folder.lower() == "lib":
            return parent, package_path
        if os.path.basename(parent).lower() == "lib":
            return os.path.dirname(parent), package_path
        return site_parent, package_path
    return None, package_path


class Scaffold:
    """Common base of :class:`~flaskcompat.Flask` and :class:`~flaskcompat.Blueprint`."""

    name: str
    _static_folder = None
    _static_url_path = None

    def __init__(self, import_name, static_folder=None, static_url_path=None,
                 template_folder=None, root_path=None):
        self.import_name = import_name
        self.static_folder = static_folder
        self.static_url_path = static_url_path
        self.template_folder = template_folder
        if root_path is None:
            root_path = get_root_path(self.import_name)
        self.root_path = root_path
        self.view_functions = {}
        self.error_handler_spec = defaultdict(lambda: defaultdict(dict))
        self.before_request_funcs = defaultdict(list)
        self.after_request_funcs = defaultdict(list)
        self.teardown_request_funcs = defaultdict(list)
        self.template_context_processors = defaultdict(list, {None: [_default_template_ctx_processor]})
        self.url_value_preprocessors = defaultdict(list)
        self.url_default_functions = defaultdict(list)

    def __repr__(self):
        return f"<{type(self).__name__} {self.name!r}>"

    def _check_setup_finished(self, f_name):
        raise NotImplementedError

    # -- static files -----------------------------------------------------------------------

    @property
    def static_folder(self):
        if self._static_folder is not None:
            return os.path.join(self.root_path, self._static_folder)
        return None

    @static_folder.setter
    def static_folder(self, value):
        if value is not None:
            value = os.fspath(value).rstrip(r"\/")
        self._static_folder = value

    @property
    def has_static_folder(self):
        return self.static_folder is not None

    @property
    def static_url_path(self):
        if self._static_url_path is not None:
            return self._static_url_path
        if self.static_folder is not None:
            basename = os.path.basename(self.static_folder)
            return f"/{basename}".rstrip("/")
        return None

    @static_url_path.setter
    def static_url_path(self, value):
        if value is not None:
            value = value.rstrip("/")
        self._static_url_path = value

    def get_send_file_max_age(self, filename):
        from .globals import current_app

        value = current_app.config["SEND_FILE_MAX_AGE_DEFAULT"]
        if value is None:
            return None
        if hasattr(value, "total_seconds"):
            return int(value.total_seconds())
        return value

    def send_static_file(self, filename):
        """The view behind the ``static`` endpoint: a safe, conditional send from the static folder."""
        if not self.has_static_folder:
            raise RuntimeError("'static_folder' must be set to serve static_files.")
        from .helpers import send_from_directory

        max_age = self.get_send_file_max_age(filename)
        return send_from_directory(self.static_folder, filename, max_age=max_age)

    def open_resource(self, resource, mode="rb", encoding=None):
        if mode not in {"r", "rt", "rb"}:
            raise ValueError("Resources can only be opened for reading.")
        path = os.path.join(self.root_path, resource)
        if mode == "rb":
            return open(path, mode)
        return open(path, mode, encoding=encoding)

    @cached_property
    def jinja_loader(self):
        """A loader for this scaffold's ``template_folder`` (None if it has none), built once."""
        if self.template_folder is None:
            return None
        from jinja2 import FileSystemLoader

        return FileSystemLoader(os.path.join(self.root_path, self.template_folder))

    # -- routes -----------------------------------------------------------------------------

    def _method_route(self, method, rule, options):
        if "methods" in options:
            raise TypeError("Use the 'route' decorator to use the 'methods' argument.")
        return self.route(rule, methods=[method], **options)

    @setupmethod
    def get(self, rule, **options):
        return self._method_route("GET", rule, options)

    @setupmethod
    def post(self, rule, **options):
        return self._method_route("POST", rule, options)

    @setupmethod
    def put(self, rule, **options):
        return self._method_route("PUT", rule, options)

    @setupmethod
    def delete(self, rule, **options):
        return self._method_route("DELETE", rule, options)

    @setupmethod
    def patch(self, rule, **options):
        return self._method_route("PATCH", rule, options)

    @setupmethod
    def route(self, rule, **options):
        """Register the decorated function for ``rule``: ``@app.route("/user/<int:id>")``."""

        def decorator(f):
            endpoint = options.pop("endpoint", None)
            self.add_url_rule(rule, endpoint, f, **options)
            return f

        return decorator

    def add_url_rule(self, rule, endpoint=None, view_func=None, provide_automatic_options=None, **options):
        raise NotImplementedError

    @setupmethod
    def endpoint(self, endpoint):
        def decorator(f):
            self.view_functions[endpoint] = f
            return f

        return decorator

    # -- hooks ------------------------------------------------------------------------------

    @setupmethod
    def before_request(self, f):
        self.before_request_funcs.setdefault(None, []).append(f)
        return f

    @setupmethod
    def after_request(self, f):
        self.after_request_funcs.setdefault(None, []).append(f)
        return f

    @setupmethod
    def teardown_request(self, f):
        self.teardown_request_funcs.setdefault(None, []).append(f)
        return f

    @setupmethod
    def context_processor(self, f):
        self.template_context_processors[None].append(f)
        return f

    @setupmethod
    def url_value_preprocessor(self, f):
        self.url_value_preprocessors[None].append(f)
        return f

    @setupmethod
    def url_defaults(self, f):
        self.url_default_functions[None].append(f)
        return f

    @setupmethod
    def errorhandler(self, code_or_exception):
        """Register a handler for an HTTP code or an exception class: ``@app.errorhandler(404)``."""

        def decorator(f):
            self.register_error_handler(code_or_exception, f)
            return f

        return decorator

    @setupmethod
    def register_error_handler(self, code_or_exception, f):
        exc_class, code = self._get_exc_class_and_code(code_or_exception)
        self.error_handler_spec[None][code][exc_class] = f

    @staticmethod
    def _get_exc_class_and_code(exc_class_or_code):
        if isinstance(exc_class_or_code, int):
            try:
                exc_class = default_exceptions[exc_class_or_code]
            except KeyError:
                raise ValueError(
                    f"'{exc_class_or_code}' is not a recognized HTTP"
                    " error code. Use a subclass of HTTPException with"
                    " that code instead."
                ) from None
        else:
            exc_class = exc_class_or_code
        if isinstance(exc_class, Exception):
            raise TypeError(
                f"{exc_class!r} is an instance, not a class. Handlers"
                " can only be registered for Exception classes or HTTP"
                " error codes."
            )
        if not issubclass(exc_class, Exception):
            raise ValueError(
                f"'{exc_class.__name__}' is not a subclass of Exception."
                " Handlers can only be registered for Exception classes"
                " or HTTP error codes."
            )
        if issubclass(exc_class, HTTPException) or _is_werkzeug_http_exception_class(exc_class):
            return exc_class, exc_class.code
        return exc_class, None


def _default_template_ctx_processor():
    """The concrete ``g`` and ``request`` in template contexts (faster than the proxies)."""
    app_ctx = _cv_app.get(None)
    req_ctx = _cv_request.get(None)
    rv = {}
    if app_ctx is not None:
        rv["g"] = app_ctx.g
    if req_ctx is not None:
        rv["request"] = req_ctx.request
    return rv


def _is_werkzeug_http_exception_class(cls):
    wz = sys.modules.get("werkzeug.exceptions")
    return wz is not None and issubclass(cls, wz.HTTPException)


class NoClick:
    """``app.cli`` / ``bp.cli`` when click (the optional ``cli`` extra) is not installed.

    Falsy and command-less, so serving never needs click; any other use says what to install.
    """

    commands = {}

    def __bool__(self):
        return False

    def __getattr__(self, name):
        raise RuntimeError("CLI commands need click, an optional extra: pip install 'flaskcompat[cli]'.")


def _endpoint_from_view_func(view_func):
    if view_func is None:
        raise AssertionError("expected view func if endpoint is not provided.")
    return view_func.__name__
