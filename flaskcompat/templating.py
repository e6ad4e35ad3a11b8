"""Jinja2 templating: a Django ``TEMPLATES`` backend, and one Flask ``Environment`` per app.

Django side, :class:`Jinja2` is ``django.template.backends.jinja2.Jinja2`` (DIRS, APP_DIRS with
``jinja2/`` folders, OPTIONS) with Flask's defaults: autoescaping by file extension, undefined
variables rendering empty whatever DEBUG says, Flask's ``|tojson``; every render also sends
Django's ``template_rendered`` signal, so the test client's ``response.templates`` and
``response.context`` work for Jinja2 templates.

Flask side, ``app.jinja_env`` is built once from that backend's Jinja OPTIONS (extensions,
undefined, trim_blocks...) and ``app.jinja_options``; the loader, autoescaping and auto-reload
stay Flask's per-app decisions. The loader searches the app's template folder, then each
blueprint's in registration order, then the backend's own loader (DIRS and app dirs), and the
backend environment's globals, filters and tests are available too. :func:`render_template` and
friends add Flask's context and, inside a Django request, the backend's context processors and
Django's CSRF variables (when CsrfViewMiddleware is active); the view's own variables win.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from itertools import chain

import jinja2
from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.template import engines
from django.template.backends import jinja2 as django_jinja2
from django.template.backends.utils import csrf_input_lazy, csrf_token_lazy
from django.utils.module_loading import import_string
from jinja2 import TemplateNotFound

from . import json
from .globals import _cv_request, current_app, g, request, session
from .helpers import stream_with_context
from .messages import get_flashed_messages
from .signals import before_render_template, template_rendered

__all__ = [
    "Jinja2", "Environment", "DispatchingJinjaLoader", "render_template", "render_template_string",
    "stream_template", "stream_template_string",
]

AUTOESCAPE_EXTENSIONS = (".html", ".htm", ".xml", ".xhtml", ".svg")

# OPTIONS a Flask app does not inherit from the backend: Django-only keys, and what Flask decides
# per app (its dispatching loader, select_jinja_autoescape, TEMPLATES_AUTO_RELOAD / debug).
_NOT_INHERITED = frozenset({"context_processors", "environment", "loader", "autoescape", "auto_reload"})


def flask_autoescape(template_name):
    """Flask's rule: escape strings (no name) and HTML/XML/SVG templates, nothing else."""
    return template_name is None or template_name.endswith(AUTOESCAPE_EXTENSIONS)


def _send_django_template_rendered(template, context):
    # Receivers (the test client) can only exist once django.test.signals is imported; looking it
    # up keeps Django's test machinery (and its database imports) out of production processes.
    signals = sys.modules.get("django.test.signals")
    if signals is not None:
        signals.template_rendered.send(sender=template, template=template, context=context)


# -- the Django backend ---------------------------------------------------------------------------


class Jinja2(django_jinja2.Jinja2):
    """``"BACKEND": "flaskcompat.templating.Jinja2"``: Django's Jinja2 backend with Flask's defaults.

    OPTIONS are Django's (``environment``, ``context_processors``, any Jinja option); explicit
    ``autoescape`` / ``undefined`` still win over the Flask defaults.
    """

    def __init__(self, params):
        options = params.get("OPTIONS", {})
        #: the configured Jinja options Flask apps build their environment with.
        self.app_options = {k: v for k, v in options.items() if k not in _NOT_INHERITED}
        defaults = {"autoescape": flask_autoescape, "undefined": jinja2.Undefined}
        super().__init__({**params, "OPTIONS": {**defaults, **options}})
        if self.env.policies.get("json.dumps_function") is None:
            self.env.policies["json.dumps_function"] = json.dumps

    def from_string(self, template_code):
        return BackendTemplate(self.env.from_string(template_code), self)

    def get_template(self, template_name):
        return BackendTemplate(super().get_template(template_name).template, self)


class BackendTemplate(django_jinja2.Template):
    """Django's Jinja2 template wrapper, which also sends Django's ``template_rendered``."""

    def render(self, context=None, request=None):
        context = {} if context is None else context
        rv = super().render(context, request)  # fills ``context`` in place (request, csrf, processors)
        _send_django_template_rendered(self.template, context)
        return rv


def configured_backend():
    """The project's first :class:`Jinja2` TEMPLATES backend (None if it configures none)."""
    return next((engine for engine in engines.all() if isinstance(engine, Jinja2)), None)


@lru_cache
def _is_csrf_middleware(path):
    cls = import_string(path)
    return isinstance(cls, type) and issubclass(cls, CsrfViewMiddleware)


def _django_context(app, django_request):
    """What a Django request contributes: the backend's context processors, then CSRF variables."""
    rv = {}
    if app.jinja_backend is not None:
        for processor in app.jinja_backend.template_context_processors:
            rv.update(processor(django_request))
    if any(_is_csrf_middleware(path) for path in settings.MIDDLEWARE):
        rv["csrf_input"] = csrf_input_lazy(django_request)
        rv["csrf_token"] = csrf_token_lazy(django_request)
    return rv


# -- the Flask environment ------------------------------------------------------------------------


class Environment(jinja2.Environment):
    """Flask's Environment: it knows its app and loads through :class:`DispatchingJinjaLoader`."""

    def __init__(self, app, **options):
        if "loader" not in options:
            options["loader"] = app.create_global_jinja_loader()
        super().__init__(**options)
        self.app = app


class DispatchingJinjaLoader(jinja2.BaseLoader):
    """Searches the app's templates, each blueprint's in registration order, then the backend's."""

    def __init__(self, app):
        self.app = app

    def _iter_loaders(self):
        loader = self.app.jinja_loader
        if loader is not None:
            yield self.app, loader
        for blueprint in self.app.iter_blueprints():
            loader = blueprint.jinja_loader
            if loader is not None:
                yield blueprint, loader
        backend = self.app.jinja_backend
        if backend is not None:
            yield backend, backend.env.loader

    def get_source(self, environment, template):
        if self.app.config["EXPLAIN_TEMPLATE_LOADING"]:
            return self._get_source_explained(environment, template)
        for _source, loader in self._iter_loaders():
            try:
                return loader.get_source(environment, template)
            except TemplateNotFound:
                continue
        raise TemplateNotFound(template)

    def _get_source_explained(self, environment, template):
        """EXPLAIN_TEMPLATE_LOADING: log every loader tried and what it found."""
        lines, found, matches = [f"Locating template {template!r}:"], None, 0
        for index, (source, loader) in enumerate(self._iter_loaders(), 1):
            what = f"Django backend {source.name!r}" if isinstance(source, Jinja2) else repr(source)
            try:
                rv = loader.get_source(environment, template)
            except TemplateNotFound:
                lines.append(f"{index:5}: trying loader of {what}\n       -> no match")
                continue
            lines.append(f"{index:5}: trying loader of {what}\n       -> found ({rv[1] or '<string>'!r})")
            matches += 1
            found = found or rv
        if matches == 0:
            lines.append("Error: the template could not be found.")
        elif matches > 1:
            lines.append("Warning: multiple loaders returned a match for the template.")
        self.app.logger.info("\n".join(lines))
        if found is None:
            raise TemplateNotFound(template)
        return found

    def list_templates(self):
        result = set()
        for _source, loader in self._iter_loaders():
            result.update(loader.list_templates())
        return list(result)


def create_jinja_environment(app):
    """``app.create_jinja_environment()``: the backend's options, then ``app.jinja_options``."""
    backend = app.jinja_backend
    options = {**(backend.app_options if backend is not None else {}), **app.jinja_options}
    options.setdefault("autoescape", app.select_jinja_autoescape)
    if "auto_reload" not in options:
        auto_reload = app.config["TEMPLATES_AUTO_RELOAD"]
        options["auto_reload"] = app.debug if auto_reload is None else auto_reload
    rv = app.jinja_environment(app, **options)
    if backend is not None:  # what the backend's ``environment`` callable added (Django's url, static...)
        rv.globals.update(backend.env.globals)
        rv.filters.update(backend.env.filters)
        rv.tests.update(backend.env.tests)
    rv.globals.update(
        url_for=app.url_for,
        get_flashed_messages=get_flashed_messages,
        config=app.config,
        # The default context processor passes the concrete request and g; the proxies serve
        # imported templates, which do not see the render context.
        request=request,
        session=session,
        g=g,
    )
    rv.policies["json.dumps_function"] = app.json.dumps
    for kind, registered in _registry(app).items():
        getattr(rv, kind).update(registered)
    return rv


def _registry(app):
    return app.__dict__.setdefault("_template_callables", {"filters": {}, "tests": {}, "globals": {}})


def register_template_callable(app, kind, f, name=None):
    """A filter, test or global (``kind``) for ``app``'s templates, named ``name`` or ``f.__name__``.

    Kept on the app until its environment exists (building it needs Django's template engines,
    which may not be ready while the app module is imported). Blueprints' ``app_template_*``
    call this with the app they are registered on.
    """
    name = name or f.__name__
    _registry(app)[kind][name] = f
    if "jinja_env" in app.__dict__:
        getattr(app.jinja_env, kind)[name] = f


def update_template_context(app, context):
    """Add Django's and the context processors' variables; the view's own variables win."""
    original = context.copy()
    names = (None,)
    req_ctx = _cv_request.get(None)
    if req_ctx is not None:
        context.update(_django_context(app, req_ctx.request.django_request))
        names = chain(names, reversed(req_ctx.request.blueprints))
    for name in names:
        if name in app.template_context_processors:
            for func in app.template_context_processors[name]:
                context.update(app.ensure_sync(func)())
    context.update(original)


# -- rendering ------------------------------------------------------------------------------------


def _rendered(app, template, context):
    template_rendered.send(app, _async_wrapper=app.ensure_sync, template=template, context=context)
    _send_django_template_rendered(template, context)


def _render(app, template, context):
    app.update_template_context(context)
    before_render_template.send(app, _async_wrapper=app.ensure_sync, template=template, context=context)
    rv = template.render(context)
    _rendered(app, template, context)
    return rv


def render_template(template_name_or_list, **context):
    """Render a template by name (the first existing one of a list) with ``context``."""
    app = current_app._get_current_object()
    template = app.jinja_env.get_or_select_template(template_name_or_list)
    return _render(app, template, context)


def render_template_string(source, **context):
    """Render a template from ``source`` (always autoescaped) with ``context``."""
    app = current_app._get_current_object()
    return _render(app, app.jinja_env.from_string(source), context)


def _stream(app, template, context):
    app.update_template_context(context)
    before_render_template.send(app, _async_wrapper=app.ensure_sync, template=template, context=context)

    def generate():
        yield from template.generate(context)
        _rendered(app, template, context)

    rv = generate()
    if _cv_request.get(None) is not None:  # keep the request alive while the response streams
        rv = stream_with_context(rv)
    return rv


def stream_template(template_name_or_list, **context):
    """Like :func:`render_template`, as an iterator of strings for a streamed response."""
    app = current_app._get_current_object()
    template = app.jinja_env.get_or_select_template(template_name_or_list)
    return _stream(app, template, context)


def stream_template_string(source, **context):
    """Like :func:`render_template_string`, as an iterator of strings for a streamed response."""
    app = current_app._get_current_object()
    return _stream(app, app.jinja_env.from_string(source), context)
