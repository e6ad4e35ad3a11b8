"""Flask/Werkzeug URL rules without Werkzeug: parsing, matching through an index, building.

This module is Django-free. :class:`Map` keeps every :class:`Rule` in a tree of path
segments: static segments are dictionary lookups and only the dynamic edges of one node
are tried in turn, so matching cost follows the depth of a URL, not the number of rules
(Django's resolver scans its pattern list linearly). Building precompiles, per rule, a
format string and the converters that fill it, so ``url_for`` never re-resolves.

Priority follows Werkzeug: static segments before dynamic ones, dynamic ones by weight
(more static text first, then converter weight), rules of one path in registration order.
"""

from __future__ import annotations

import re
import sys
from urllib.parse import urlencode

from .converters import (  # noqa: F401  (re-exported: flaskcompat.routing.BaseConverter)
    DEFAULT_CONVERTERS,
    PATH_SAFE,
    AnyConverter,
    BaseConverter,
    FloatConverter,
    IntegerConverter,
    PathConverter,
    UnicodeConverter,
    UUIDConverter,
    ValidationError,
)

_TOKEN_RE = re.compile(
    r"""
    (?P<slash>/)
  | (?P<static>[^</]+)
  | <(?:(?P<converter>[a-zA-Z_]\w*)(?:\((?P<args>.*?)\))?:)?(?P<variable>[a-zA-Z_]\w*)>
    """,
    re.VERBOSE,
)
_ARG_RE = re.compile(
    r"""\s*(?:(?P<name>\w+)\s*=\s*)?(?:[urUR]?(?P<string>"[^"]*"|'[^']*')|(?P<value>[^,'"]+?))\s*(?:,|$)"""
)
_QUERY_SAFE = "!$'()*,/:;?@"
_SIMPLE_VAR_RE = re.compile(r"<([^>]+)>")


def parse_converter_args(text):
    """Parse ``min=1, max=9`` / ``about, "a,b"`` into ``(args, kwargs)`` with Python values."""
    args, kwargs, pos = [], {}, 0
    text = text.strip()
    while pos < len(text):
        m = _ARG_RE.match(text, pos)
        if m is None or m.end() == pos:
            raise ValueError(f"Cannot parse converter argument '{text[pos:]}'")
        string = m.group("string")
        value = string[1:-1] if string is not None else _pythonize(m.group("value"))
        if m.group("name"):
            kwargs[m.group("name")] = value
        else:
            args.append(value)
        pos = m.end()
    return tuple(args), kwargs


def _pythonize(value):
    if value in ("None", "True", "False"):
        return {"None": None, "True": True, "False": False}[value]
    for convert in (int, float):
        try:
            return convert(value)
        except ValueError:
            pass
    return value


class BuildError(LookupError):
    """No rule of ``endpoint`` can be built from ``values``; the message says what is missing."""

    def __init__(self, endpoint, values, method, map=None):
        super().__init__(endpoint, values, method)
        self.endpoint = endpoint
        self.values = values
        self.method = method
        self.map = map

    @property
    def suggested(self):
        import difflib

        rules = self.map._rules if self.map is not None else []
        if not rules:
            return None

        def score(rule):
            return (
                0.98 * difflib.SequenceMatcher(None, str(rule.endpoint), str(self.endpoint)).ratio()
                + 0.01 * bool(set(self.values or ()).issubset(rule.arguments))
                + 0.01 * bool(rule.methods and self.method in rule.methods)
            )

        return max(rules, key=score)

    def __str__(self):
        message = [f"Could not build url for endpoint {self.endpoint!r}"]
        if self.method:
            message.append(f" ({self.method!r})")
        if self.values:
            message.append(f" with values {sorted(self.values)!r}")
        message.append(".")
        suggested = self.suggested
        if suggested is not None:
            if suggested.endpoint == self.endpoint:
                if self.method and suggested.methods is not None and self.method not in suggested.methods:
                    message.append(f" Did you mean to use methods {sorted(suggested.methods)!r}?")
                missing = suggested.arguments.union(set(suggested.defaults or ())) - set(self.values)
                if missing:
                    message.append(f" Did you forget to specify values {sorted(missing)!r}?")
            else:
                message.append(f" Did you mean {suggested.endpoint!r} instead?")
        return "".join(message)


class NoMatch(Exception):
    """No rule matches; ``allowed`` holds the methods of rules that matched the path only."""

    def __init__(self, allowed=frozenset()):
        super().__init__(allowed)
        self.allowed = allowed


class RedirectRequired(Exception):
    """The canonical URL differs (missing trailing slash, merged slashes, alias): go to ``path``.

    ``keep_query`` is False for a rule's ``redirect_to``, whose target is joined to the app
    root like a link (Werkzeug drops the query string there).
    """

    def __init__(self, path, keep_query=True):
        super().__init__(path)
        self.path = path
        self.keep_query = keep_query


class _SlashRequired(Exception):
    pass


class _Part:
    """One ``/``-separated piece of a rule: static text, or a regex filling converters."""

    __slots__ = ("static", "content", "regex", "names", "final", "suffixed", "weight")

    def __init__(self, static, content, regex=None, names=(), final=False, suffixed=False, weight=()):
        self.static = static
        self.content = content
        self.regex = regex
        self.names = names
        self.final = final
        self.suffixed = suffixed
        self.weight = weight


class _Node:
    __slots__ = ("static", "dynamic", "rules")

    def __init__(self):
        self.static = {}
        self.dynamic = []  # [(part, node)] sorted by weight on Map.update()
        self.rules = []


class Rule:
    """A URL rule as Flask knows it: ``Rule("/user/<int:id>", endpoint="user", methods=["GET"])``."""

    def __init__(
        self,
        string,
        defaults=None,
        subdomain=None,
        methods=None,
        build_only=False,
        endpoint=None,
        strict_slashes=None,
        merge_slashes=None,
        redirect_to=None,
        alias=False,
        host=None,
        websocket=False,
    ):
        if not string.startswith("/"):
            raise ValueError(f"URL rule '{string}' must start with a slash.")
        self.rule = string
        self.is_leaf = not string.endswith("/")
        self.is_branch = string.endswith("/")
        self.defaults = defaults
        self.subdomain = subdomain
        self.host = host
        self.build_only = build_only
        self.endpoint = endpoint
        self.strict_slashes = strict_slashes
        self.merge_slashes = merge_slashes
        self.redirect_to = redirect_to
        self.alias = alias
        self.websocket = websocket
        if methods is not None:
            if isinstance(methods, str):
                raise TypeError("'methods' should be a list of strings.")
            methods = {m.upper() for m in methods}
            if "GET" in methods:
                methods.add("HEAD")
        self.methods = methods
        self.map = None
        self.arguments = set(defaults or ())
        self._converters = {}

    def get_empty_kwargs(self):
        return dict(
            defaults=self.defaults, subdomain=self.subdomain, methods=self.methods,
            build_only=self.build_only, endpoint=self.endpoint,
            strict_slashes=self.strict_slashes, redirect_to=self.redirect_to,
            alias=self.alias, host=self.host,
        )

    def get_converter(self, variable_name, converter_name, args, kwargs):
        if converter_name not in self.map.converters:
            raise LookupError(f"the converter {converter_name!r} does not exist")
        return self.map.converters[converter_name](self.map, *args, **kwargs)

    def bind(self, map, rebind=False):
        if self.map is not None and not rebind:
            raise RuntimeError(f"url rule {self!r} already bound to map {self.map!r}")
        self.map = map
        if self.strict_slashes is None:
            self.strict_slashes = map.strict_slashes
        if self.merge_slashes is None:
            self.merge_slashes = map.merge_slashes
        self.compile()

    def compile(self):
        """Parse the rule into match parts and a builder; done once, at registration."""
        rule = re.sub("/{2,}", "/", self.rule) if self.merge_slashes else self.rule
        self._converters = {}
        self.arguments = set(self.defaults or ())
        tokens = []  # (is_variable, text) for the builder and the parts
        pos = 0
        while pos < len(rule):
            m = _TOKEN_RE.match(rule, pos)
            if m is None:
                raise ValueError(f"malformed url rule: {self.rule!r}")
            if m.group("variable"):
                name = m.group("variable")
                if name in self._converters:
                    raise ValueError(f"variable name {name!r} used twice.")
                args, kwargs = parse_converter_args(m.group("args") or "")
                self._converters[name] = self.get_converter(
                    name, m.group("converter") or "default", args, kwargs
                )
                self.arguments.add(name)
                tokens.append((True, name))
            else:
                tokens.append((False, m.group(0)))
            pos = m.end()
        self._parts = self._make_parts(tokens)
        self._compile_builder(tokens)

    def _make_parts(self, tokens):
        parts, pieces, final = [], [], False
        for is_var, text in tokens:
            if not is_var and text == "/" and not final:
                parts.append(self._close_part(pieces, final))
                pieces = []
            else:
                if is_var and not self._converters[text].part_isolating:
                    final = True
                pieces.append((is_var, text))
        suffixed = final and pieces and not pieces[-1][0] and pieces[-1][1].endswith("/")
        parts.append(self._close_part(pieces, final, suffixed))
        if suffixed:
            parts.append(_Part(True, "", weight=parts[-1].weight))
        return parts[1:]  # the rule starts with "/": its first part is always empty

    def _close_part(self, pieces, final, suffixed=False):
        if all(not is_var for is_var, _ in pieces):
            return _Part(True, "".join(text for _, text in pieces))
        regex, names, statics, weights = "", [], [], []
        for index, (is_var, text) in enumerate(pieces):
            if is_var:
                regex += f"(?P<_fc{len(names)}>{self._converters[text].regex})"
                names.append(text)
                weights.append(self._converters[text].weight)
            else:
                if suffixed and index == len(pieces) - 1:
                    text = text[:-1]
                regex += re.escape(text)
                statics.append((len(statics), -len(text)))
        if suffixed:
            regex += "(?<!/)(?P<_fcslash>/?)"
        weight = (-len(statics), statics, -len(weights), weights)
        return _Part(False, regex, re.compile(regex + r"\Z"), tuple(names), final, suffixed, weight)

    def _compile_builder(self, tokens):
        """Precompute ``str.format`` pieces: constant text is quoted once, here."""
        from urllib.parse import quote

        defaults = self.defaults or {}
        fmt, fill = [], []
        for is_var, text in tokens:
            if is_var and text in defaults:
                fmt.append(self._converters[text].to_url(defaults[text]).replace("{", "{{").replace("}", "}}"))
            elif is_var:
                fmt.append("{}")
                fill.append((text, self._converters[text].to_url))
            else:
                fmt.append(quote(text, safe=PATH_SAFE).replace("{", "{{").replace("}", "}}"))
        self._build_format = "".join(fmt)
        self._build_fill = tuple(fill)
        self._build_static = None if fill else self._build_format.replace("{{", "{").replace("}}", "}")

    def build(self, values, append_unknown=True):
        """Return the path for ``values`` (``/user/John%20Doe?x=1``), or None if a converter refuses."""
        try:
            if self._build_static is not None:
                path = self._build_static
            else:
                path = self._build_format.format(*[to_url(values[name]) for name, to_url in self._build_fill])
        except ValidationError:
            return None
        if append_unknown and len(values) > len(self._build_fill):
            extra = [(k, v) for k, v in values.items() if k not in self.arguments]
            if extra:
                path += "?" + encode_query(extra)
        return path

    def suitable_for(self, values, method=None):
        """Werkzeug's rule choice for building: method allowed, arguments present, defaults equal."""
        if method is not None and self.methods is not None and method not in self.methods:
            return False
        defaults = self.defaults or ()
        for key in self.arguments:
            if key not in defaults and key not in values:
                return False
        if defaults:
            for key, value in defaults.items():
                if key in values and value != values[key]:
                    return False
        return True

    def provides_defaults_for(self, rule):
        return bool(
            not self.build_only and self.defaults and self.endpoint == rule.endpoint
            and self is not rule and self.arguments == rule.arguments
        )

    def build_compare_key(self):
        return (1 if self.alias else 0, -len(self.arguments), -len(self.defaults or ()))

    def __str__(self):
        return self.rule

    def __repr__(self):
        if self.map is None:
            return f"<{type(self).__name__} (unbound)>"
        methods = f" ({', '.join(sorted(self.methods))})" if self.methods is not None else ""
        return f"<{type(self).__name__} {self.rule!r}{methods} -> {self.endpoint}>"


def encode_query(items):
    """Encode query values like Werkzeug: lists repeat the key, ``None`` is dropped."""
    pairs = []
    for key, value in items:
        if isinstance(value, (list, tuple)):
            pairs.extend((key, v) for v in value if v is not None)
        elif value is not None:
            pairs.append((key, value))
    return urlencode(pairs, safe=_QUERY_SAFE)


class Map:
    """The rule collection of one app: ``app.url_map``. Iterate it or use ``iter_rules()``."""

    default_converters = DEFAULT_CONVERTERS

    def __init__(self, rules=None, strict_slashes=True, merge_slashes=True, redirect_defaults=True,
                 converters=None, host_matching=False):
        self.converters = dict(self.default_converters)
        if converters:
            self.converters.update(converters)
        self.strict_slashes = strict_slashes
        self.merge_slashes = merge_slashes
        self.redirect_defaults = redirect_defaults
        self.host_matching = host_matching
        self._rules = []
        self._rules_by_endpoint = {}
        self._root = _Node()
        self._remap = True
        self._validation_errors = (ValidationError,)
        for rule in rules or ():
            self.add(rule)

    def add(self, rule):
        rule.bind(self)
        self._rules.append(rule)
        self._rules_by_endpoint.setdefault(rule.endpoint, []).append(rule)
        self._remap = True
        if rule.build_only:
            return  # built by url_for, never matched
        node = self._root
        for part in rule._parts:
            if part.static:
                node = node.static.setdefault(part.content, _Node())
            else:
                for existing, child in node.dynamic:
                    if existing.content == part.content:
                        node = child
                        break
                else:
                    child = _Node()
                    node.dynamic.append((part, child))
                    node = child
        node.rules.append(rule)

    def update(self):
        """Sort dynamic edges and build candidates once after rules change."""
        if not self._remap:
            return
        stack = [self._root]
        while stack:
            node = stack.pop()
            node.dynamic.sort(key=lambda edge: edge[0].weight)
            stack.extend(node.static.values())
            stack.extend(child for _, child in node.dynamic)
        for rules in self._rules_by_endpoint.values():
            rules.sort(key=Rule.build_compare_key)
        errors = [ValidationError]
        werkzeug_routing = sys.modules.get("werkzeug.routing")
        if werkzeug_routing is not None:
            errors.append(werkzeug_routing.ValidationError)
        self._validation_errors = tuple(errors)
        self._remap = False

    def __iter__(self):
        return self.iter_rules()

    def iter_rules(self, endpoint=None):
        """Rules grouped by endpoint (first registration first), each group in build order, as Werkzeug."""
        self.update()
        if endpoint is not None:
            return iter(self._rules_by_endpoint[endpoint])
        return (rule for rules in self._rules_by_endpoint.values() for rule in rules)

    def is_endpoint_expecting(self, endpoint, *arguments):
        self.update()
        arguments = set(arguments)
        for rule in self._rules_by_endpoint.get(endpoint, ()):
            if arguments.issubset(rule.arguments):
                return True
        return False

    # -- matching ---------------------------------------------------------------------------

    def match(self, path, method=None):
        """Return ``(rule, values)`` for ``path``.

        ``method=None`` accepts any method (used when Django resolves a URL, which it does
        without the request). Raises :class:`NoMatch` (``allowed`` non-empty means 405) or
        :class:`RedirectRequired`.
        """
        self.update()
        path = "/" + path.lstrip("/")
        allowed = set()
        try:
            found = self._match(self._root, path.split("/")[1:], [], method, allowed)
        except _SlashRequired:
            raise RedirectRequired(path + "/") from None
        if found is None:
            if "//" in path:
                merged = re.sub("/{2,}", "/", path)
                try:
                    again = self._match(self._root, merged.split("/")[1:], [], method, allowed)
                except _SlashRequired:
                    raise RedirectRequired(merged + "/") from None
                if again is not None and again[0].merge_slashes:
                    raise RedirectRequired(merged)
            raise NoMatch(frozenset(allowed))
        rule, raw = found
        values = {}
        try:
            for name, value in zip(rule._converters, raw):
                values[name] = rule._converters[name].to_python(value)
        except self._validation_errors:
            raise NoMatch(frozenset(allowed)) from None
        if rule.defaults:
            values.update(rule.defaults)
        if rule.redirect_to is not None:
            raise RedirectRequired(self._redirect_target(rule, values), keep_query=False)
        if self.redirect_defaults and len(self._rules_by_endpoint[rule.endpoint]) > 1:
            self._redirect_to_defaults(rule, values, method)
        return rule, values

    def _redirect_target(self, rule, values):
        """``redirect_to="/new/<id>"`` (values converted back) or a callable ``(map, **values)``."""
        if isinstance(rule.redirect_to, str):
            return _SIMPLE_VAR_RE.sub(
                lambda m: rule._converters[m.group(1)].to_url(values[m.group(1)]), rule.redirect_to)
        return rule.redirect_to(self, **values)

    def _redirect_to_defaults(self, rule, values, method):
        for other in self._rules_by_endpoint[rule.endpoint]:
            if other is rule:
                break
            if other.provides_defaults_for(rule) and other.suitable_for(values, method):
                path = other.build(values, append_unknown=False)
                if path is not None:
                    raise RedirectRequired(path)

    def _match(self, node, parts, raw, method, allowed):
        if not parts:
            for rule in node.rules:
                if method is None or rule.methods is None or method in rule.methods:
                    return rule, raw
                allowed.update(rule.methods)
            slash = node.static.get("")
            if slash is not None:
                for rule in slash.rules:
                    if method is None or rule.methods is None or method in rule.methods:
                        if rule.strict_slashes:
                            raise _SlashRequired()
                        return rule, raw
            return None
        head = parts[0]
        child = node.static.get(head)
        if child is not None:
            found = self._match(child, parts[1:], raw, method, allowed)
            if found is not None:
                return found
        for part, child in node.dynamic:
            target, rest = (("/".join(parts), []) if part.final else (head, parts[1:]))
            m = part.regex.match(target)
            if m is None:
                continue
            groups = m.groupdict()
            if part.suffixed and groups.pop("_fcslash") == "/":
                rest = [""]
            found = self._match(child, rest, raw + [groups[f"_fc{i}"] for i in range(len(part.names))],
                                method, allowed)
            if found is not None:
                return found
        if parts == [""]:
            for rule in node.rules:
                if rule.strict_slashes:
                    continue
                if method is None or rule.methods is None or method in rule.methods:
                    return rule, raw
                allowed.update(rule.methods)
        return None

    def allowed_methods(self, path):
        """Every method some rule accepts for ``path`` (automatic OPTIONS uses this)."""
        try:
            self.match(path, method="--")
        except NoMatch as e:
            return sorted(e.allowed)
        except RedirectRequired:
            pass
        return []

    # -- building ---------------------------------------------------------------------------

    def build(self, endpoint, values=None, method=None, append_unknown=True):
        """Return the app-relative path of ``endpoint`` (starting with ``/``) or raise BuildError."""
        self.update()
        values = {k: v for k, v in values.items() if v is not None} if values else {}
        rules = self._rules_by_endpoint.get(endpoint, ())
        if method is None:
            for rule in rules:
                if rule.methods is None or "GET" in rule.methods:
                    if rule.suitable_for(values):
                        path = rule.build(values, append_unknown)
                        if path is not None:
                            return path
        for rule in rules:
            if rule.suitable_for(values, method):
                path = rule.build(values, append_unknown)
                if path is not None:
                    return path
        raise BuildError(endpoint, values, method, self)

    def __repr__(self):
        return f"{type(self).__name__}({self._rules!r})"


from .exceptions import HTTPException  # noqa: E402  (routing core above stays HTTP-free)


class RoutingException(Exception):
    """Base of the exceptions routing raises to redirect a request."""


class RequestRedirect(HTTPException, RoutingException):
    """308 to the canonical URL (added slash, merged slashes, defaults alias)."""

    code = 308

    def __init__(self, new_url):
        super().__init__(new_url)
        self.new_url = new_url

    def get_response(self, environ=None, scope=None):
        from .helpers import _redirect

        return _redirect(self.new_url, self.code)
