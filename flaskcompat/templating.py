"""Jinja2 as a Django ``TEMPLATES`` backend, shared with the apps' own environments.

Django side, :class:`Jinja2` is ``django.template.backends.jinja2.Jinja2`` (DIRS, APP_DIRS with
``jinja2/`` folders, OPTIONS) with Flask's defaults: autoescaping by file extension, undefined
variables rendering empty, Flask's ``|tojson``; each render sends Django's ``template_rendered``
so the test client's ``response.templates`` works.

Flask side, ``render_template`` stays Flask's, on ``app.jinja_env``. :func:`extend_environment`
lets that environment also load from the backend (Flask's :class:`DispatchingJinjaLoader` with
the backend after the app's and blueprints' folders) and use the backend's globals, filters and
tests; a ``flaskcompat.Flask`` environment also takes the backend's OPTIONS (:class:`Environment`).
Inside a Django request, :func:`django_context` (the backend's context processors and Django's
CSRF variables ``csrf_input`` and ``csrf_token``) fills what the render context does not already
have, from Flask's ``before_render_template`` signal.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TypeVar

import flask
import flask.templating
import jinja2
from django.middleware.csrf import CsrfViewMiddleware
from django.template import engines
from django.template.backends import jinja2 as django_jinja2
from django.template.backends.utils import csrf_input_lazy, csrf_token_lazy
from flask.json import dumps as flask_json_dumps

from .handlers import middleware_of
from .wrappers import DJANGO_REQUEST

if TYPE_CHECKING:
    from flask.sansio.app import App

AUTOESCAPE_EXTENSIONS = (".html", ".htm", ".xml", ".xhtml", ".svg")
# Django-only OPTIONS, which Jinja's Environment does not take.
_DJANGO_ONLY = frozenset({"context_processors", "environment"})
# OPTIONS an app's environment does not take from the backend: Flask decides these.
_NOT_FOR_APPS = _DJANGO_ONLY | {"loader", "autoescape", "auto_reload"}


def flask_autoescape(template_name: str | None) -> bool:
    """Flask's rule: escape strings (no name) and HTML/XML/SVG templates, nothing else."""
    return template_name is None or template_name.endswith(AUTOESCAPE_EXTENSIONS)


def _send_django_template_rendered(template: Any, context: Any) -> None:
    # Receivers (the test client) exist only once django.test.signals is imported; looking it up
    # keeps Django's test machinery out of production processes.
    signals = sys.modules.get("django.test.signals")
    if signals is not None:
        signals.template_rendered.send(sender=template, template=template, context=context)


class Jinja2(django_jinja2.Jinja2):
    """``"BACKEND": "flaskcompat.templating.Jinja2"``: Django's Jinja2 backend with Flask's defaults."""

    def __init__(self, params: dict[str, Any]) -> None:
        options = params.get("OPTIONS", {})
        defaults = {"autoescape": flask_autoescape, "undefined": jinja2.Undefined}
        super().__init__({**params, "OPTIONS": {**defaults, **options}})
        #: the OPTIONS a ``flaskcompat.Flask`` environment is created with, under its jinja_options
        self.app_options = {k: v for k, v in options.items() if k not in _NOT_FOR_APPS}
        self.env.policies.setdefault("json.dumps_function", None)
        if self.env.policies["json.dumps_function"] is None:
            self.env.policies["json.dumps_function"] = flask_json_dumps

    def from_string(self, template_code: str) -> BackendTemplate:
        return BackendTemplate(self.env.from_string(template_code), self)

    def get_template(self, template_name: str) -> BackendTemplate:
        return BackendTemplate(super().get_template(template_name).template, self)

    def __repr__(self) -> str:  # as EXPLAIN_TEMPLATE_LOADING names it
        return f"Django backend {self.name!r}"


class BackendTemplate(django_jinja2.Template):
    """Django's Jinja2 template, which also sends Django's ``template_rendered``."""

    def render(self, context: dict | None = None, request: Any = None) -> str:
        context = {} if context is None else context
        rv = super().render(context, request)
        _send_django_template_rendered(self.template, context)
        return rv


def configured_backend() -> Jinja2 | None:
    """The project's first :class:`Jinja2` TEMPLATES backend (None if it configures none)."""
    return next((engine for engine in engines.all() if isinstance(engine, Jinja2)), None)


class Environment(flask.templating.Environment):
    """Flask's environment, created with the backend's OPTIONS under the app's ``jinja_options``."""

    def __init__(self, app: App, **options: Any) -> None:
        backend = configured_backend()
        if backend is not None:
            options = {**backend.app_options, **options}
        super().__init__(app, **options)


class DispatchingJinjaLoader(flask.templating.DispatchingJinjaLoader):
    """Flask's loader (the app's folder, then each blueprint's), then the backend's."""

    def __init__(self, app: flask.Flask, backend: Jinja2) -> None:
        super().__init__(app)
        self.backend = backend

    def _iter_loaders(self, template: str) -> Any:
        yield from super()._iter_loaders(template)
        yield self.backend, self.backend.env.loader

    def list_templates(self) -> list[str]:
        return sorted({*super().list_templates(), *self.backend.env.loader.list_templates()})


E = TypeVar("E", bound=jinja2.Environment)


def extend_environment(env: E) -> E:
    """Let an app's environment load from the backend and use its globals, filters and tests."""
    backend = configured_backend()
    if backend is not None:
        if type(env.loader) is flask.templating.DispatchingJinjaLoader:
            env.loader = DispatchingJinjaLoader(env.app, backend)  # type: ignore[attr-defined]
        elif env.loader is not None and not isinstance(env.loader, DispatchingJinjaLoader):
            env.loader = jinja2.ChoiceLoader([env.loader, backend.env.loader])
        for mine, theirs in (
            (env.globals, backend.env.globals),
            (env.filters, backend.env.filters),
            (env.tests, backend.env.tests),
        ):
            for name, value in theirs.items():
                mine.setdefault(name, value)
    return env


def django_context() -> dict[str, Any]:
    """Inside a Django request: the backend's context processors, then Django's CSRF variables."""
    request = flask.request.environ.get(DJANGO_REQUEST) if flask.has_request_context() else None
    if request is None:
        return {}
    rv: dict[str, Any] = {}
    backend = configured_backend()
    if backend is not None:
        for processor in backend.template_context_processors:
            rv.update(processor(request))
    if middleware_of(CsrfViewMiddleware) is not None:
        rv["csrf_input"] = csrf_input_lazy(request)
        rv["csrf_token"] = csrf_token_lazy(request)
    return rv


def _add_django_context(sender: Any, template: Any, context: dict[str, Any], **extra: Any) -> None:
    """Before Flask renders: :func:`django_context` under what the view and processors gave."""
    for name, value in django_context().items():
        context.setdefault(name, value)


def _on_template_rendered(sender: Any, template: Any, context: Any, **extra: Any) -> None:
    _send_django_template_rendered(template, context)


flask.before_render_template.connect(_add_django_context, weak=False)
flask.template_rendered.connect(_on_template_rendered, weak=False)
