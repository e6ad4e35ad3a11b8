"""How a Flask app meets Django's URL resolver: ``include(mount(app))`` / ``include(app.urls)``.

The urlconf an app hands ``include()`` has:

1. one :class:`AppDispatchPattern`, which claims every path under the mount point and sends
   it to :class:`AppView`. Flask matches the path itself, once, with the method (its 404, 405
   and slash redirects included), so Django's resolver only finds the app;
2. one named ``URLPattern`` per rule path and endpoint, so ``reverse("app:endpoint")``,
   ``{% url %}`` and URL introspection see every Flask rule (they never resolve a request).

:class:`AppView` is the Django view behind an app: it serves the request through
:func:`flaskcompat.handlers.serve` (CSRF is checked inside Flask's cycle, see :mod:`.csrf`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

import flask
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, get_script_prefix, resolve
from django.urls.resolvers import RegexPattern, ResolverMatch
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import Rule

from .handlers import environ_for, serve

logger = logging.getLogger("flaskcompat")


def mount(app: flask.Flask | flask.Blueprint, namespace: str | None = None) -> tuple[AppURLConf, str]:
    """``path("legacy/", include(mount(app)))``: a Flask app or Blueprint as Django URL patterns.

    The app (any ``flask.Flask``, unmodified) then shares Django's session, user, messages,
    CSRF and URL names. The namespace is ``namespace``, else the app's (or blueprint's) name.
    """
    from .app import bridge
    from .blueprints import blueprint_app

    prefix = ""
    if isinstance(app, flask.Blueprint):
        prefix = f"{app.name}."
        namespace = namespace or app.name
        app = blueprint_app(app)
    bridge(app)
    return app_urlconf(app, prefix), namespace or app.name


class AppView:
    """The Django view of one app: Flask's request cycle for the path inside the app."""

    csrf_exempt = True  # Django's CsrfViewMiddleware skips us: Flask's cycle checks the rule that runs

    def __init__(self, app: flask.Flask) -> None:
        self.app = app
        self.__name__ = self.__qualname__ = f"flaskcompat:{app.name}"
        self.__module__ = type(app).__module__

    def __call__(self, request: HttpRequest, path: str, /, *args: Any, **kwargs: Any) -> HttpResponseBase:
        full = request.path_info
        mount_point = full[: len(full) - len(path)].rstrip("/")
        script_name = request.META.get("SCRIPT_NAME", "").rstrip("/") + mount_point
        response = serve(self.app.wsgi_app, environ_for(request, script_name, "/" + path))
        if settings.DEBUG and 300 <= response.status_code < 400 and "Location" in response:
            _warn_if_redirect_leaves_mount(self.app, request, script_name, response["Location"])
        return response


def _warn_if_redirect_leaves_mount(app: flask.Flask, request: HttpRequest, script_name: str, location: str) -> None:
    """DEBUG: a redirect out of the mount point to a path Django does not serve but the app has
    a rule for is a URL built from ``request.path`` (the path inside the app): say so."""
    url = urlsplit(location)
    path = url.path
    if (
        (url.netloc and url.netloc != request.META.get("HTTP_HOST"))
        or not path.startswith("/")
        or not script_name
        or path == script_name
        or path.startswith(script_name + "/")
    ):
        return
    adapter = app_urlconf(app).dispatch_pattern._adapter()
    if adapter is None or _django_serves(path):
        return
    try:
        adapter.match(path, "GET")
    except HTTPException as e:
        if isinstance(e, NotFound):
            return  # else 405, or a slash redirect: the app has the rule
    except Exception:  # a converter that raises on this value: no rule to point at
        return
    logger.warning(
        "Flask app %r, mounted at %s/, redirected to %s: Django has no URL there, but the app has a "
        "rule for it, at %s. request.path is the path inside the app, without the mount point: "
        "build URLs with url_for(), request.script_root + request.path, or request.url.",
        app.name,
        script_name,
        location,
        script_name + path,
    )


def _django_serves(path: str) -> bool:
    prefix = get_script_prefix()
    if not path.startswith(prefix):
        return False
    try:
        resolve("/" + path[len(prefix) :])
    except Resolver404:
        return False
    return True


class AppDispatchPattern(URLPattern):
    """Claims every path under the mount point for the app; Flask matches it."""

    def __init__(self, app: flask.Flask, url_name_prefix: str = "") -> None:
        self.url_name_prefix = url_name_prefix
        self.view = AppView(app)
        super().__init__(RegexPattern(r"", is_endpoint=False), self.view)
        self.app = app

    def resolve(self, path: str) -> ResolverMatch:
        """Name the match after the rule a GET would run (``resolver_match.url_name``), for
        Django code that reads it; the view still gets the path and Flask matches with the method."""
        url_name, route, values = None, path, {}
        adapter = self._adapter()
        if adapter is not None:
            try:
                rule, values = adapter.match("/" + path, "GET", return_rule=True)
            except Exception:  # 404, 405, a redirect, a converter's own error: Flask answers it, in its cycle
                values = {}
            else:
                url_name, route = rule.endpoint.removeprefix(self.url_name_prefix), rule.rule.lstrip("/")
        return ResolverMatch(
            self.view, (path,), values, url_name=url_name, route=route, captured_kwargs=values, extra_kwargs={}
        )

    def _adapter(self) -> Any:
        """A host-independent adapter (None for host and subdomain matching: the host decides)."""
        url_map = self.app.url_map
        if url_map.host_matching or self.app.subdomain_matching:
            return None
        adapter = self.__dict__.get("_adapter_cache")
        if adapter is None or adapter.map is not url_map:
            adapter = self.__dict__["_adapter_cache"] = url_map.bind("localhost", subdomain=url_map.default_subdomain)
        return adapter

    def check(self) -> list:
        return []

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.app.name!r}>"


class _ConverterForReverse:
    """A Werkzeug converter as ``reverse()`` uses one (Django quotes the result itself)."""

    def __init__(self, converter: Any) -> None:
        self.converter = converter
        self.regex = converter.regex

    def to_python(self, value: str) -> Any:
        return self.converter.to_python(value)

    def to_url(self, value: Any) -> str:
        return unquote(self.converter.to_url(value))


class RulePattern(RegexPattern):
    """The Django pattern of a Werkzeug rule, with the rule's converters, for ``reverse()``."""

    def __init__(self, rule: Rule, name: str) -> None:
        trace = rule._trace
        path_parts = trace[trace.index((False, "|")) + 1 :]
        regex = "".join(
            f"(?P<{data}>{rule._converters[data].regex})" if dynamic else re.escape(data)
            for dynamic, data in path_parts
        )
        super().__init__("^" + regex.removeprefix("/") + r"\Z", name=name, is_endpoint=True)
        self.converters = {name: _ConverterForReverse(c) for name, c in rule._converters.items()}
        self.flask_rule = rule

    def __str__(self) -> str:
        return self.flask_rule.rule.lstrip("/")


class AppURLConf:
    """What ``include()`` receives: ``urlpatterns`` that follow the app's ``url_map``."""

    def __init__(self, app: flask.Flask, url_name_prefix: str = "") -> None:
        self.app = app
        self.url_name_prefix = url_name_prefix
        self.dispatch_pattern = AppDispatchPattern(app, url_name_prefix)
        self._built_for = -1
        self._patterns: list[Any] = []

    @property
    def urlpatterns(self) -> list[Any]:
        rules = list(self.app.url_map.iter_rules())
        if self._built_for != len(rules):
            named, seen = [], set()
            for rule in rules:
                if (rule.rule, rule.endpoint) in seen:
                    continue
                seen.add((rule.rule, rule.endpoint))
                name = rule.endpoint.removeprefix(self.url_name_prefix)
                named.append(URLPattern(RulePattern(rule, name), self.dispatch_pattern.view, name=name))
            self._patterns = [self.dispatch_pattern, *named]
            self._built_for = len(rules)
        return self._patterns

    def __repr__(self) -> str:
        return f"<AppURLConf {self.app.name!r}>"


def app_urlconf(app: flask.Flask, url_name_prefix: str = "") -> AppURLConf:
    """The one urlconf object of ``app`` (created on first use)."""
    conf = app.__dict__.get("_flaskcompat_urlconf")
    if conf is None:
        conf = app.__dict__["_flaskcompat_urlconf"] = AppURLConf(app, url_name_prefix)
    return conf


def iter_mounted_apps(
    patterns: list | None = None, prefix: str = "/", namespace: str = ""
) -> Iterator[tuple[flask.Flask, str, str]]:
    """``(app, url_prefix, namespace)`` for every Flask app mounted in the project's URLconf;
    the namespace is the one ``reverse()`` takes (``"outer:app"`` under a namespaced include)."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            here = prefix + str(entry.pattern).lstrip("^")
            inner = ":".join(filter(None, (namespace, entry.namespace)))
            if isinstance(entry.urlconf_module, AppURLConf):
                yield entry.urlconf_module.app, here, inner
            else:
                yield from iter_mounted_apps(entry.url_patterns, here, inner)


def mount_point(app: flask.Flask) -> str | None:
    """The path (ending in ``/``) where the project's URLconf first mounts ``app``, else None.

    Kept per app for the ROOT_URLCONF it was found in.
    """
    urlconf = getattr(settings, "ROOT_URLCONF", None)
    cached = app.__dict__.get("_flaskcompat_mount_point")
    if cached is None or cached[0] != urlconf:
        found = urlconf and next((prefix for mounted, prefix, _ns in iter_mounted_apps() if mounted is app), None)
        cached = app.__dict__["_flaskcompat_mount_point"] = (urlconf, found)
    if not cached[1]:
        return None
    return get_script_prefix() + cached[1][1:]
