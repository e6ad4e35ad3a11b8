"""Deliberate CSRF handling: Flask views are protected by Django's CsrfViewMiddleware.

With the middleware enabled, an unsafe request to a Flask view needs Django's token, like a
Django view (Jinja2 templates get ``csrf_input`` / ``csrf_token``). The check runs inside
Flask's request cycle, first among the ``before_request`` functions, so it is made for the rule
the method selected, and a form body is parsed once, by Werkzeug with Flask's limits
(``MAX_CONTENT_LENGTH``, ``MAX_FORM_*``: 413 before more is read); Django only reads the token
from it. Legacy forms in transition opt out explicitly, per view, blueprint or app::

    csrf_exempt(app)          # or a Blueprint, or a view function
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, TypeVar

import flask
from django.http import HttpRequest, HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware

from . import internals
from .handlers import middleware_of
from .wrappers import DJANGO_REQUEST

T = TypeVar("T")
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
#: the bodies Django reads a token from (any other body: Django's ``request.POST`` is empty, unread)
_FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
#: the template tag Django's failure page tells to use (Jinja's is ``{{ csrf_input }}``)
_CSRF_TOKEN_TAG = re.compile(rb"{%\s*csrf_token\s*%}")


def _checked_view(request: HttpRequest) -> HttpResponseBase:
    """The view Django's check is told about, and the middleware's ``get_response`` (never
    called): not ``csrf_exempt``, the exemptions are decided here."""
    raise NotImplementedError


def csrf_exempt(obj: T) -> T:
    """Mark a view function, Blueprint or app as exempt from Django's CSRF check; returns it."""
    obj.csrf_exempt = True  # type: ignore[attr-defined]
    return obj


@lru_cache(maxsize=4)
def _middleware(cls: type[CsrfViewMiddleware]) -> CsrfViewMiddleware:
    return internals.csrf_middleware_with_reason(cls, _for_flask_view)(_checked_view)


def _for_flask_view(reason: str) -> str:
    """Django's reason, with the fix for a Flask view (Django's own help names a Django template tag)."""
    if not reason.startswith("CSRF"):  # a Referer or Origin check (HTTPS): the fix is a Django view's
        return reason
    return (
        f"{reason} {flask.request.endpoint!r} is a Flask view: put {{{{ csrf_input }}}} inside the "
        "form in its Jinja template (or send the token in the X-CSRFToken header), or exempt the "
        "view with flaskcompat.csrf_exempt."
    )


def check_csrf() -> flask.Response | None:
    """``before_request``: Django's CSRF check for the rule that runs; its 403 answer if it fails."""
    request = flask.request
    rule = request.url_rule
    if request.method in _SAFE_METHODS or rule is None:
        return None
    django_request = request.environ.get(DJANGO_REQUEST)
    cls = middleware_of(CsrfViewMiddleware)
    if django_request is None or cls is None or is_exempt(flask.current_app, rule.endpoint):
        return None
    if request.method == "POST" and not internals.post_read(django_request) and request.mimetype in _FORM_TYPES:
        django_request.POST = _FlaskForm(request)  # Django reads the token from Werkzeug's parse
    rejected = _middleware(cls).process_view(django_request, _checked_view, (), {})
    if rejected is None:
        return None
    page = _CSRF_TOKEN_TAG.sub(b"{{ csrf_input }}", rejected.content)  # Django's DEBUG help, for Jinja
    return flask.current_app.response_class(page, rejected.status_code, list(rejected.items()))


class _FlaskForm:
    """``request.POST`` for Django's check: Flask's ``request.form``, parsed only if Django reads
    it (a check that stops earlier, or a test client that skips it, leaves the body alone)."""

    def __init__(self, request: flask.Request) -> None:
        self._request = request

    def __getattr__(self, name: str) -> Any:
        return getattr(self._request.form, name)

    def __getitem__(self, key: str) -> Any:
        return self._request.form[key]

    def __contains__(self, key: object) -> bool:
        return key in self._request.form

    def __iter__(self) -> Any:
        return iter(self._request.form)

    def __len__(self) -> int:
        return len(self._request.form)


def is_exempt(app: Any, endpoint: str) -> bool:
    """Whether the view of ``endpoint``, one of its blueprints or the app is ``csrf_exempt``."""
    if getattr(app, "csrf_exempt", False) or getattr(app.view_functions.get(endpoint), "csrf_exempt", False):
        return True
    return any(getattr(app.blueprints.get(name), "csrf_exempt", False) for name in flask.request.blueprints)
