"""How an app meets Django's URL resolver: ``include(app.urls)``.

``app.urls`` hands ``include()`` a urlconf object whose ``urlpatterns`` are:

1. one :class:`AppDispatchPattern` that resolves every path under the mount point through
   the app's :class:`~flaskcompat.routing.Map` index (no linear scan over the app's rules;
   unmatched paths still reach the app, for its own 404 and slash redirects), then
2. one real, named ``URLPattern`` per rule path and endpoint, so ``reverse("app:endpoint")``,
   ``{% url %}`` and URL introspection see every Flask rule.

The view a match carries is a small partial of :func:`dispatch`, which hands the request
to :meth:`Flask.dispatch_django_request`. To Django's middleware it is an ordinary view
(CSRF protection included, unless the rule, its blueprint or app is ``csrf_exempt``).
"""

from __future__ import annotations

import re
from functools import partial
from urllib.parse import unquote

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, ResolverMatch

from .routing import NoMatch, RedirectRequired, _TOKEN_RE
from .wsgi import needs_chain, run_chain


def dispatch(app, rule, tail_length, django_request, /, *args, **values):
    """The Django view behind every Flask rule: find the mount prefix, run the app."""
    full = django_request.path
    script_root = full[: len(full) - tail_length] if tail_length else full
    path = full[len(script_root):]
    if not path.startswith("/"):
        path = "/" + path
    values = values if rule is not None else None
    script_root = script_root.rstrip("/")
    if needs_chain(app, django_request):
        return run_chain(app, django_request, rule, values, script_root, path)
    return app.dispatch_django_request(django_request, rule, values, script_root=script_root, path=path)


def _not_routed(django_request, /, *args, **kwargs):  # pragma: no cover - never called
    raise AssertionError("AppDispatchPattern resolves to per-rule views")


class AppDispatchPattern(URLPattern):
    """Resolves every path under the mount point through the app's rule index."""

    def __init__(self, app, url_name=str):
        super().__init__(RegexPattern(r"", is_endpoint=False), _not_routed)
        self.app = app
        self.url_name = url_name

    def resolve(self, path):
        app = self.app
        app_path = path if path.startswith("/") else "/" + path
        tail = len(path)
        try:
            rule, values = app.url_map.match(app_path)
        except (RedirectRequired, NoMatch):
            # The app answers (its 404 handler, its redirects); it matches again with the method.
            return ResolverMatch(partial(dispatch, app, None, tail), (), {}, route=path,
                                 captured_kwargs={}, extra_kwargs={})
        view = partial(dispatch, app, rule, tail)
        view.csrf_exempt = _is_csrf_exempt(app, rule)
        return ResolverMatch(view, (), values, url_name=self.url_name(rule.endpoint), route=rule.rule.lstrip("/"),
                             captured_kwargs=values, extra_kwargs={})

    def check(self):
        return []

    def __repr__(self):
        return f"<{type(self).__name__} {self.app.name!r}>"


def _is_csrf_exempt(app, rule):
    cached = getattr(rule, "_csrf_exempt", None)
    if cached is None:
        view = app.view_functions.get(rule.endpoint)
        cached = bool(getattr(app, "csrf_exempt", False) or getattr(view, "csrf_exempt", False))
        if not cached and "." in rule.endpoint:
            parts = rule.endpoint.split(".")[:-1]
            for i in range(len(parts), 0, -1):
                bp = app.blueprints.get(".".join(parts[:i]))
                if bp is not None and getattr(bp, "csrf_exempt", False):
                    cached = True
                    break
        rule._csrf_exempt = cached
    return cached


class _ConverterAdapter:
    """Lets Django's ``reverse()`` use a Flask converter (Django quotes the result itself)."""

    def __init__(self, converter):
        self.converter = converter
        self.regex = converter.regex

    def to_python(self, value):
        return self.converter.to_python(value)

    def to_url(self, value):
        return unquote(self.converter.to_url(value))


class RulePattern(RegexPattern):
    """The Django pattern of one Flask rule, with the rule's converters for ``reverse()``."""

    def __init__(self, rule):
        regex = ""
        for m in _TOKEN_RE.finditer(rule.rule.lstrip("/")):
            name = m.group("variable")
            if name:
                regex += f"(?P<{name}>{rule._converters[name].regex})"
            else:
                regex += re.escape(m.group(0))
        super().__init__("^" + regex + r"\Z", name=rule.endpoint, is_endpoint=True)
        self.converters = {name: _ConverterAdapter(conv) for name, conv in rule._converters.items()}
        self.flask_rule = rule

    def __str__(self):
        return self.flask_rule.rule.lstrip("/")


class AppURLConf:
    """The urlconf ``include(app.urls)`` receives; ``urlpatterns`` follow the app's rules."""

    def __init__(self, app, url_name_prefix=""):
        self.app = app
        self.url_name_prefix = url_name_prefix
        self._dispatch = AppDispatchPattern(app, self.url_name)
        self._built_for = -1
        self._patterns = []

    @property
    def urlpatterns(self):
        rules = self.app.url_map._rules
        if self._built_for != len(rules):
            named, seen = [], set()
            for rule in rules:
                key = (rule.rule, rule.endpoint)
                if key in seen:
                    continue
                seen.add(key)
                view = partial(dispatch, self.app, rule, 0)
                named.append(URLPattern(RulePattern(rule), view, name=self.url_name(rule.endpoint)))
            self._patterns = [self._dispatch, *named]
            self._built_for = len(rules)
        return self._patterns

    def url_name(self, endpoint):
        """The Django URL name of ``endpoint`` (a mounted blueprint drops its own name)."""
        return endpoint.removeprefix(self.url_name_prefix)

    @property
    def dispatch_pattern(self):
        return self._dispatch

    def __repr__(self):
        return f"<AppURLConf {self.app.name!r}>"


def app_urlconf(app, url_name_prefix=""):
    """The one urlconf object of ``app`` (created on first use)."""
    conf = app.__dict__.get("_urlconf")
    if conf is None:
        conf = app.__dict__["_urlconf"] = AppURLConf(app, url_name_prefix)
    return conf


def iter_mounted_apps(patterns=None, prefix="/"):
    """Yield ``(app, url_prefix, namespace)`` for every mount of a flaskcompat app in the project's URLconf."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            here = prefix + str(entry.pattern).lstrip("^")
            if isinstance(entry.urlconf_module, AppURLConf):
                yield entry.urlconf_module.app, here, entry.namespace
            else:
                yield from iter_mounted_apps(entry.url_patterns, here)


def find_mount_prefix(app):
    """The path where the project's ROOT_URLCONF mounts ``app`` (None if it does not)."""
    from .embedded import is_embedded

    if is_embedded():
        return None
    if "_mount_prefix" not in app.__dict__:
        app.__dict__["_mount_prefix"] = next(
            (prefix for mounted, prefix, _ns in iter_mounted_apps() if mounted is app), None)
    return app.__dict__["_mount_prefix"]
