"""Werkzeug-compatible data structures over Django's request and response.

Flask code reads form data, headers, uploads and negotiation headers through
these types (``request.form``, ``request.headers``, ``request.files``,
``request.accept_mimetypes`` ...). They reproduce Werkzeug 3.1's behaviour,
quirks included, so code written against Flask runs unchanged on Django. The
header-value helpers (``parse_options_header`` and friends) live here because
the structures are built from, and rendered back to, those header values.
"""

import base64
import binascii
import codecs
import collections.abc as cabc
import copy
import hashlib
import os
import re
import shutil
from io import BytesIO
from itertools import repeat
from urllib.parse import unquote

from django.core.files.uploadedfile import UploadedFile
from django.http.request import HttpHeaders
from django.utils.datastructures import MultiValueDict

_missing = object()


def _bad_key(key):
    """Build the KeyError that Flask turns into a 400 response.

    Imported lazily: the exceptions module may itself need these structures.
    """
    from .exceptions import BadRequestKeyError

    return BadRequestKeyError(key)


def _refuse(self, *args, **kwargs):
    raise TypeError(f"{type(self).__name__!r} objects are immutable")


def _read_only(*names):
    """Class decorator: every named mutator raises TypeError, as in Werkzeug."""

    def decorate(cls):
        for name in names:
            setattr(cls, name, _refuse)
        return cls

    return decorate


_DICT_MUTATORS = (
    "__setitem__",
    "__delitem__",
    "__ior__",
    "clear",
    "pop",
    "popitem",
    "setdefault",
    "update",
)
_MULTIDICT_MUTATORS = _DICT_MUTATORS + (
    "add",
    "poplist",
    "popitemlist",
    "setlist",
    "setlistdefault",
)


def _iter_multi_items(mapping):
    """Yield every ``(key, value)`` pair, expanding multi-valued containers.

    Django's ``MultiValueDict`` (and so ``QueryDict``) exposes only its last
    value through ``items()``, so its ``lists()`` is used instead.
    """
    if isinstance(mapping, MultiDict):
        yield from mapping.items(multi=True)
    elif isinstance(mapping, MultiValueDict):
        for key, values in mapping.lists():
            for value in values:
                yield key, value
    elif isinstance(mapping, cabc.Mapping):
        for key, value in mapping.items():
            if isinstance(value, (list, tuple, set)):
                for item in value:
                    yield key, item
            else:
                yield key, value
    else:
        yield from mapping


def _convert(values, type, errors):
    """Apply ``type`` to each value, dropping those it rejects with ``errors``."""
    result = []
    for value in values:
        try:
            result.append(type(value))
        except errors:
            pass
    return result


# -- multi-value dicts --------------------------------------------------------


class MultiDict(dict):
    """A dict holding a list of values per key; plain access sees the first.

    Like Werkzeug's, the underlying dict stores the lists, while ``[]``,
    ``get``, ``items`` and ``values`` see first values and a missing key raises
    ``BadRequestKeyError`` (a ``KeyError`` that Flask answers with 400).
    Build it from pairs, a mapping (list values become several values), another
    MultiDict, or a Django ``QueryDict`` / ``MultiValueDict`` with all values.
    """

    def __init__(self, mapping=None):
        super().__init__()
        if mapping is None:
            return
        if isinstance(mapping, (MultiDict, MultiValueDict)):
            for key, values in mapping.lists():
                dict.__setitem__(self, key, list(values))
        elif isinstance(mapping, cabc.Mapping):
            for key, value in mapping.items():
                values = list(value) if isinstance(value, (list, tuple, set)) else [value]
                if values:
                    dict.__setitem__(self, key, values)
        else:
            for key, value in mapping:
                dict.setdefault(self, key, []).append(value)

    def __getstate__(self):
        return dict(self.lists())

    def __setstate__(self, state):
        dict.clear(self)
        dict.update(self, state)

    def __iter__(self):
        # Defining __iter__ makes dict(md) and json.dumps(md) use first values.
        return dict.__iter__(self)

    def __getitem__(self, key):
        values = dict.get(self, key)
        if values:
            return values[0]
        raise _bad_key(key)

    def __setitem__(self, key, value):
        dict.__setitem__(self, key, [value])

    def get(self, key, default=None, type=None):
        """Return the first value, or ``default``; ``type`` converts it and
        falls back to ``default`` on ValueError or TypeError."""
        try:
            value = self[key]
        except KeyError:
            return default
        if type is None:
            return value
        try:
            return type(value)
        except (ValueError, TypeError):
            return default

    def add(self, key, value):
        dict.setdefault(self, key, []).append(value)

    def getlist(self, key, type=None):
        """Return all values for ``key`` (a new list); ``type`` converts each,
        dropping values it rejects."""
        values = dict.get(self, key, ())
        if type is None:
            return list(values)
        return _convert(values, type, (ValueError, TypeError))

    def setlist(self, key, new_list):
        dict.__setitem__(self, key, list(new_list))

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def setlistdefault(self, key, default_list=None):
        """Like ``setdefault`` for the whole list; returns the live list."""
        if key not in self:
            dict.__setitem__(self, key, list(default_list or ()))
        return dict.__getitem__(self, key)

    def items(self, multi=False):
        for key, values in dict.items(self):
            if multi:
                for value in values:
                    yield key, value
            else:
                yield key, values[0]

    def lists(self):
        for key, values in dict.items(self):
            yield key, list(values)

    def values(self):
        for values in dict.values(self):
            yield values[0]

    def listvalues(self):
        return dict.values(self)

    def copy(self):
        return self.__class__(self)

    def deepcopy(self, memo=None):
        return self.__class__(copy.deepcopy(self.to_dict(flat=False), memo))

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.deepcopy(memo=memo)

    def to_dict(self, flat=True):
        """A plain dict of first values, or of value lists if not ``flat``."""
        return dict(self.items() if flat else self.lists())

    def update(self, mapping):
        """Add the values of ``mapping``; existing values are kept, not replaced."""
        for key, value in _iter_multi_items(mapping):
            self.add(key, value)

    def __or__(self, other):
        if not isinstance(other, cabc.Mapping):
            return NotImplemented
        result = self.copy()
        result.update(other)
        return result

    def __ior__(self, other):
        if not isinstance(other, (cabc.Mapping, cabc.Iterable)):
            return NotImplemented
        self.update(other)
        return self

    def pop(self, key, default=_missing):
        """Remove ``key`` and return its first value."""
        try:
            values = dict.pop(self, key)
            if not values:
                raise KeyError(key)
            return values[0]
        except KeyError:
            if default is not _missing:
                return default
            raise _bad_key(key) from None

    def popitem(self):
        try:
            key, values = dict.popitem(self)
        except KeyError as exc:
            raise _bad_key(exc.args[0]) from None
        if not values:
            raise _bad_key(key)
        return key, values[0]

    def poplist(self, key):
        return dict.pop(self, key, [])

    def popitemlist(self):
        try:
            return dict.popitem(self)
        except KeyError as exc:
            raise _bad_key(exc.args[0]) from None

    def __repr__(self):
        return f"{type(self).__name__}({list(self.items(multi=True))!r})"


@_read_only(*_MULTIDICT_MUTATORS)
class ImmutableMultiDict(MultiDict):
    """The read-only MultiDict behind ``request.args`` and ``request.form``."""

    _hash_cache = None

    @classmethod
    def fromkeys(cls, keys, value=None):
        return cls(zip(keys, repeat(value)))

    def __hash__(self):
        if self._hash_cache is None:
            self._hash_cache = hash(frozenset(self.items(multi=True)))
        return self._hash_cache

    def __reduce_ex__(self, protocol):
        return type(self), (list(self.items(multi=True)),)

    def copy(self):
        """Return a mutable copy; ``copy.copy`` returns self, like a tuple's."""
        return MultiDict(self)

    def __copy__(self):
        return self


@_read_only(*_MULTIDICT_MUTATORS)
class CombinedMultiDict(MultiDict):
    """A read-only view over several MultiDicts, used for ``request.values``.

    Lookups return the first dict's value that has the key; list lookups
    concatenate the values of all dicts in order.
    """

    def __init__(self, dicts=None):
        super().__init__()
        self.dicts = list(dicts or ())

    def __reduce_ex__(self, protocol):
        return type(self), (self.dicts,)

    @classmethod
    def fromkeys(cls, keys, value=None):
        raise TypeError(f"cannot create {cls.__name__!r} instances by fromkeys")

    def __getitem__(self, key):
        for d in self.dicts:
            if key in d:
                return d[key]
        raise _bad_key(key)

    def get(self, key, default=None, type=None):
        """Return the first convertible value among the dicts, or ``default``."""
        for d in self.dicts:
            if key in d:
                if type is None:
                    return d[key]
                try:
                    return type(d[key])
                except (ValueError, TypeError):
                    continue
        return default

    def getlist(self, key, type=None):
        return [value for d in self.dicts for value in d.getlist(key, type)]

    def keys(self):
        return dict.fromkeys(key for d in self.dicts for key in d).keys()

    def __iter__(self):
        return iter(self.keys())

    def __len__(self):
        return len(self.keys())

    def __contains__(self, key):
        return any(key in d for d in self.dicts)

    def __eq__(self, other):
        if not isinstance(other, MultiDict):
            return NotImplemented
        return dict(self.lists()) == dict(other.lists())

    def __ne__(self, other):
        # dict.__ne__ would otherwise compare the (empty) underlying storage.
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def items(self, multi=False):
        seen = set()
        for d in self.dicts:
            for key, value in d.items(multi):
                if multi:
                    yield key, value
                elif key not in seen:
                    seen.add(key)
                    yield key, value

    def values(self):
        for _, value in self.items():
            yield value

    def lists(self):
        combined = {}
        for d in self.dicts:
            for key, values in d.lists():
                combined.setdefault(key, []).extend(values)
        return combined.items()

    def listvalues(self):
        return (values for _, values in self.lists())

    def copy(self):
        """Return a mutable MultiDict snapshot of the combined data."""
        return MultiDict(self)

    def __repr__(self):
        return f"{type(self).__name__}({self.dicts!r})"


# -- header value syntax -------------------------------------------------------

_TOKEN_CHARS = frozenset(
    "!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~"
)
_UNSLASH = re.compile(r"\\(.)")
# One comma-separated list item; quoted strings may contain commas and escapes.
_LIST_ITEM = re.compile(r'(?:"(?:\\.|[^"\\])*"|[^",])*', re.S)
_PARAM_KEY = re.compile(r"([\w!#$%&'*+\-.^`|~]+)=", re.A)
_PARAM_TOKEN = re.compile(r"[\w!#$%&'*+\-.^`|~]+", re.A)
# A quoted string, scanning escapes greedily and never backtracking into them.
_PARAM_QUOTED = re.compile(r'"(?:\\[\\"]|[^"])*+"')
# RFC 2231 ``charset'language'value`` for ``key*=`` parameters.
_CHARSET_VALUE = re.compile(
    r"([\w!#$%&*+\-.^`|~]*)'[\w!#$%&*+\-.^`|~]*'([\w!#$%&'*+\-.^`|~]+)", re.A
)
_CONTINUATION = re.compile(r"\*(\d+)$", re.A)
_SAFE_CHARSETS = {"ascii", "us-ascii", "utf-8", "iso-8859-1"}
_PLAIN_INT = re.compile(r"-?\d+", re.A)


def _plain_int(value):
    """``int()`` restricted to ASCII digits and ``-``, as HTTP headers allow."""
    value = value.strip()
    if _PLAIN_INT.fullmatch(value) is None:
        raise ValueError(value)
    return int(value)


def quote_header_value(value, allow_token=True):
    """Quote ``value`` unless it is a plain token (or ``allow_token`` is off)."""
    text = str(value)
    if not text:
        return '""'
    if allow_token and _TOKEN_CHARS.issuperset(text):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def unquote_header_value(value):
    """Reverse :func:`quote_header_value`."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return _UNSLASH.sub(r"\1", value[1:-1])
    return value


def dump_options_header(header, options):
    """Render ``value; key=val`` (e.g. Content-Type); None options are skipped
    and ``key*`` values are taken as already encoded."""
    segments = [] if header is None else [header]
    for key, value in options.items():
        if value is None:
            continue
        if key[-1] != "*":
            value = quote_header_value(value)
        segments.append(f"{key}={value}")
    return "; ".join(segments)


def dump_header(iterable):
    """Render a comma-separated header from a list, or from a dict of
    ``key=value`` items where a None value renders the bare key."""
    if isinstance(iterable, dict):
        items = []
        for key, value in iterable.items():
            if value is None:
                items.append(key)
            elif key[-1] == "*":
                items.append(f"{key}={value}")
            else:
                items.append(f"{key}={quote_header_value(value)}")
    else:
        items = [quote_header_value(item) for item in iterable]
    return ", ".join(items)


def parse_list_header(value):
    """Split a comma-separated header, unquoting items and dropping empty ones.

    An unclosed quoted string makes the whole value invalid: ``[]``.
    """
    items = []
    pos = 0
    while True:
        match = _LIST_ITEM.match(value, pos)
        items.append(match.group())
        pos = match.end()
        if pos == len(value):
            break
        if value[pos] != ",":
            return []
        pos += 1
    return [unquote_header_value(item) for item in map(str.strip, items) if item]


def _decode_charset_value(value, encoding):
    """Percent-decode an RFC 2231 value if its charset is one we trust."""
    if encoding in _SAFE_CHARSETS:
        return unquote(value, encoding=encoding)
    return value


def parse_dict_header(value):
    """Parse ``a=b, c="d, e", f`` into ``{"a": "b", "c": "d, e", "f": None}``."""
    result = {}
    for item in parse_list_header(value):
        key, has_value, item_value = item.partition("=")
        key = key.strip()
        if not key:
            continue
        if not has_value:
            result[key] = None
            continue
        item_value = item_value.strip()
        if key[-1] == "*":
            key = key[:-1]
            encoding = None
            match = _CHARSET_VALUE.match(item_value)
            if match:
                encoding, item_value = match.groups()
                encoding = encoding.lower()
            item_value = _decode_charset_value(item_value, encoding)
        result[key] = unquote_header_value(item_value)
    return result


def _option_parts(rest):
    """Collect the well-formed ``key=value`` parameters, values still raw."""
    parts = []
    while True:
        key_match = _PARAM_KEY.match(rest)
        if key_match is not None:
            key = key_match.group(1).lower()
            rest = rest[key_match.end() :]
            token = _PARAM_TOKEN.match(rest)
            if token is not None:
                parts.append((key, token.group()))
            else:
                quoted = _PARAM_QUOTED.match(rest)
                if quoted is not None:
                    parts.append((key, quoted.group()))
                    rest = rest[quoted.end() :]
        end = rest.find(";")
        if end == -1:
            return parts
        rest = rest[end + 1 :].lstrip()


def parse_options_header(value):
    """Parse ``text/html; charset=UTF-8`` into ``("text/html", {"charset":
    "UTF-8"})``, handling RFC 2231 charsets and continuations; option names
    are lowercased and malformed parameters skipped."""
    if value is None:
        return "", {}
    value, _, rest = value.partition(";")
    value = value.strip()
    rest = rest.strip()
    if not value or not rest:
        return value, {}

    options = {}
    # Like Werkzeug, a charset seen once carries over to later ``key*`` parts.
    encoding = continued_encoding = None
    for key, part in _option_parts(rest):
        if key[-1] == "*":
            key = key[:-1]
            match = _CHARSET_VALUE.match(part)
            if match:
                encoding, part = match.groups()
                encoding = encoding.lower()
            if not encoding:
                encoding = continued_encoding
            if encoding in _SAFE_CHARSETS:
                continued_encoding = encoding
                part = unquote(part, encoding=encoding)
        if part[0] == part[-1] == '"':
            # HTTP headers escape with backslashes, multipart bodies with %22.
            part = part[1:-1].replace("\\\\", "\\").replace('\\"', '"').replace("%22", '"')
        continuation = _CONTINUATION.search(key)
        if continuation:
            key = key[: continuation.start()]
            options[key] = options.get(key, "") + part
        else:
            options[key] = part
    return value, options


# -- headers -------------------------------------------------------------------

_NEWLINE = re.compile(r"[\r\n]")


def _header_value(value, options=None):
    """Render a header value as str, refusing newlines (header injection)."""
    if options:
        value = dump_options_header(
            value, {key.replace("_", "-"): val for key, val in options.items()}
        )
    text = value if isinstance(value, str) else str(value)
    if _NEWLINE.search(text) is not None:
        raise ValueError("Header values must not contain newline characters.")
    return text


class Headers:
    """Ordered, case-insensitive, multi-valued HTTP headers.

    Iterating yields ``(key, value)`` tuples, as in Werkzeug; a missing key
    raises ``BadRequestKeyError``. Values are always str.
    """

    __hash__ = None

    def __init__(self, defaults=None):
        self._list = []
        if defaults is not None:
            self.extend(defaults)

    def __getitem__(self, key):
        if isinstance(key, str):
            return self._get_key(key)
        if isinstance(key, int):
            return self._list[key]
        return self.__class__(self._list[key])

    def _get_key(self, key):
        value = self._find(key)
        if value is _missing:
            raise _bad_key(key)
        return value

    def _find(self, key):
        """The first value of ``key`` or ``_missing``: lookups on the hot path raise nothing."""
        lowered = key.lower()
        for name, value in self._list:
            if name.lower() == lowered:
                return value
        return _missing

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return {(k.lower(), v) for k, v in other._list} == {
            (k.lower(), v) for k, v in self._list
        }

    def get(self, key, default=None, type=None):
        """Return the first value, or ``default``; ``type`` converts it and
        falls back to ``default`` on ValueError."""
        if not isinstance(key, str):
            return default
        value = self._find(key)
        if value is _missing:
            return default
        if type is None:
            return value
        try:
            return type(value)
        except ValueError:
            return default

    def getlist(self, key, type=None):
        lowered = key.lower()
        values = [v for k, v in self if k.lower() == lowered]
        if type is None:
            return values
        return _convert(values, type, ValueError)

    def get_all(self, name):
        """``wsgiref.headers.Headers`` spelling of :meth:`getlist`."""
        return self.getlist(name)

    def items(self, lower=False):
        for key, value in self:
            yield (key.lower() if lower else key), value

    def keys(self, lower=False):
        for key, _ in self.items(lower):
            yield key

    def values(self):
        for _, value in self:
            yield value

    def extend(self, arg=None, /, **kwargs):
        """Add all headers from ``arg`` and ``kwargs``, keeping existing ones."""
        if arg is not None:
            for key, value in _iter_multi_items(arg):
                self.add(key, value)
        for key, value in _iter_multi_items(kwargs):
            self.add(key, value)

    def __delitem__(self, key):
        if isinstance(key, str):
            self.remove(key)
        else:
            del self._list[key]

    def remove(self, key):
        lowered = key.lower()
        self._list[:] = [item for item in self._list if item[0].lower() != lowered]

    def pop(self, key=None, default=_missing):
        """Remove and return the value for a key, or the item at an index
        (the last one if ``key`` is None)."""
        if key is None:
            return self._list.pop()
        if isinstance(key, int):
            return self._list.pop(key)
        try:
            value = self._get_key(key)
        except KeyError:
            if default is not _missing:
                return default
            raise
        self.remove(key)
        return value

    def popitem(self):
        return self._list.pop()

    def __contains__(self, key):
        return isinstance(key, str) and self._find(key) is not _missing

    def __iter__(self):
        return iter(self._list)

    def __len__(self):
        return len(self._list)

    def add(self, key, value, /, **kwargs):
        """Append a header; keyword options render as ``; name=value`` with
        underscores turned into dashes, e.g. ``filename="a b.txt"``."""
        self._list.append((key, _header_value(value, kwargs)))

    def add_header(self, key, value, /, **kwargs):
        """``wsgiref.headers.Headers`` spelling of :meth:`add`."""
        self.add(key, value, **kwargs)

    def clear(self):
        self._list.clear()

    def set(self, key, value, /, **kwargs):
        """Replace all values of ``key``: the first occurrence keeps its
        position, a new key goes last."""
        item = (key, _header_value(value, kwargs))
        lowered = key.lower()
        for index, (name, _) in enumerate(self._list):
            if name.lower() == lowered:
                self._list[index + 1 :] = [
                    kept for kept in self._list[index + 1 :] if kept[0].lower() != lowered
                ]
                self._list[index] = item
                return
        self._list.append(item)

    def setlist(self, key, values):
        """Replace all values of ``key`` with ``values``; empty removes it."""
        values = list(values)
        if not values:
            self.remove(key)
            return
        self.set(key, values[0])
        for value in values[1:]:
            self.add(key, value)

    def setdefault(self, key, default):
        if key not in self:
            self.set(key, default)
        return self._get_key(key)

    def setlistdefault(self, key, default):
        """Unlike ``MultiDict``'s, the returned list is a copy."""
        if key not in self:
            self.setlist(key, default)
        return self.getlist(key)

    def __setitem__(self, key, value):
        if isinstance(key, str):
            self.set(key, value)
        elif isinstance(key, int):
            self._list[key] = value[0], _header_value(value[1])
        else:
            self._list[key] = [(k, _header_value(v)) for k, v in value]

    def update(self, arg=None, /, **kwargs):
        """Replace the headers named in ``arg`` and ``kwargs``; to keep the
        existing values use :meth:`extend`."""
        if isinstance(arg, (Headers, MultiDict, MultiValueDict)):
            for key in arg.keys():
                self.setlist(key, arg.getlist(key))
        elif isinstance(arg, cabc.Mapping):
            self._update_from_mapping(arg)
        elif arg is not None:
            for key, value in arg:
                self.set(key, value)
        self._update_from_mapping(kwargs)

    def _update_from_mapping(self, mapping):
        for key, value in mapping.items():
            if isinstance(value, (list, tuple, set)):
                self.setlist(key, value)
            else:
                self.set(key, value)

    def __or__(self, other):
        if not isinstance(other, cabc.Mapping):
            return NotImplemented
        result = self.copy()
        result.update(other)
        return result

    def __ior__(self, other):
        if not isinstance(other, (cabc.Mapping, cabc.Iterable)):
            return NotImplemented
        self.update(other)
        return self

    def to_wsgi_list(self):
        return list(self)

    def copy(self):
        return self.__class__(self._list)

    def __copy__(self):
        return self.copy()

    def __str__(self):
        """The header block as sent over HTTP, ending with a blank line."""
        return "\r\n".join([f"{k}: {v}" for k, v in self.to_wsgi_list()] + ["\r\n"])

    def __repr__(self):
        return f"{type(self).__name__}({list(self)!r})"


_EXCLUDED_ENVIRON_KEYS = {"HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"}


@_read_only(
    "__setitem__",
    "__delitem__",
    "__ior__",
    "add",
    "add_header",
    "clear",
    "extend",
    "pop",
    "popitem",
    "remove",
    "set",
    "setdefault",
    "setlist",
    "setlistdefault",
    "update",
)
class EnvironHeaders(Headers):
    """A live, read-only Headers view of a WSGI environ or Django ``request.META``.

    Names map like Django's ``HttpHeaders`` (``HTTP_X_FOO`` <-> ``X-Foo``, plus
    the unprefixed ``CONTENT_TYPE`` / ``CONTENT_LENGTH``), and the environ is
    read on every access, so later changes to it show through.
    """

    def __init__(self, environ):
        super().__init__()
        self.environ = environ

    def __eq__(self, other):
        if not isinstance(other, EnvironHeaders):
            return NotImplemented
        return self.environ is other.environ

    __hash__ = None

    def __getitem__(self, key):
        return self._get_key(key)

    def _get_key(self, key):
        if not isinstance(key, str):
            raise _bad_key(key)
        try:
            return self.environ[HttpHeaders.to_wsgi_name(key)]
        except KeyError:
            raise _bad_key(key) from None

    def _find(self, key):
        return self.environ.get(HttpHeaders.to_wsgi_name(key), _missing)

    def __len__(self):
        return sum(1 for _ in self)

    def __iter__(self):
        for key, value in self.environ.items():
            if key in _EXCLUDED_ENVIRON_KEYS:
                continue
            name = HttpHeaders.parse_header_name(key)
            # An empty CONTENT_TYPE / CONTENT_LENGTH means the header was absent.
            if name is not None and (value or key.startswith(HttpHeaders.HTTP_PREFIX)):
                yield name, value

    def copy(self):
        raise TypeError(f"cannot create {type(self).__name__!r} copies")

    def __or__(self, other):
        raise TypeError(f"cannot create {type(self).__name__!r} copies")


# -- uploads -------------------------------------------------------------------


class FileStorage:
    """An uploaded file as Flask exposes it in ``request.files``.

    Wraps a Django ``UploadedFile`` or any binary file object; attributes not
    defined here (``read``, ``seek``, ``tell`` ...) are those of the stream.
    """

    def __init__(
        self,
        stream=None,
        filename=None,
        name=None,
        content_type=None,
        content_length=None,
        headers=None,
    ):
        self.name = name
        self.stream = BytesIO() if stream is None else stream

        if filename is None:
            filename = getattr(stream, "name", None)
            if filename is not None:
                filename = os.fsdecode(filename)
            # Names like "<stdin>" are not real file names.
            if filename and filename[0] == "<" and filename[-1] == ">":
                filename = None
        else:
            filename = os.fsdecode(filename)
        self.filename = filename

        if content_type is None and isinstance(stream, UploadedFile) and stream.content_type:
            # Django splits the part's Content-Type; put its parameters back.
            content_type = dump_options_header(
                stream.content_type, stream.content_type_extra or {}
            )
        self.headers = Headers() if headers is None else headers
        if content_type is not None:
            self.headers["Content-Type"] = content_type
        if content_length is not None:
            self.headers["Content-Length"] = str(content_length)

    @property
    def content_type(self):
        """The part's Content-Type header, if the client sent one."""
        return self.headers.get("content-type")

    @property
    def content_length(self):
        """The part's Content-Length header, 0 if absent (browsers omit it)."""
        try:
            return _plain_int(self.headers["content-length"])
        except (KeyError, ValueError):
            return 0

    def _parsed_content_type(self):
        return parse_options_header(self.content_type)

    @property
    def mimetype(self):
        """The lowercased content type without parameters, e.g. ``text/html``."""
        return self._parsed_content_type()[0].lower()

    @property
    def mimetype_params(self):
        """The content type parameters, e.g. ``{"charset": "utf-8"}``."""
        return self._parsed_content_type()[1]

    def save(self, dst, buffer_size=16384):
        """Copy the upload to a path or to an open binary file.

        A file object passed in stays open; use ``secure_filename`` before
        building a path from ``self.filename``.
        """
        if isinstance(dst, (str, os.PathLike)):
            with open(dst, "wb") as target:
                shutil.copyfileobj(self.stream, target, buffer_size)
        else:
            shutil.copyfileobj(self.stream, dst, buffer_size)

    def close(self):
        """Close the underlying file, ignoring errors from an odd stream."""
        try:
            self.stream.close()
        except Exception:
            pass

    def __bool__(self):
        return bool(self.filename)

    def __getattr__(self, name):
        if name == "stream":
            # Not set yet (e.g. during copy/unpickling): don't recurse.
            raise AttributeError(name)
        try:
            return getattr(self.stream, name)
        except AttributeError:
            # SpooledTemporaryFile hides some file methods behind ``_file``.
            if hasattr(self.stream, "_file"):
                return getattr(self.stream._file, name)
            raise

    def __iter__(self):
        return iter(self.stream)

    def __repr__(self):
        return f"<{type(self).__name__}: {self.filename!r} ({self.content_type!r})>"


# -- authentication --------------------------------------------------------------


def _split_auth_header(value):
    scheme, _, rest = value.partition(" ")
    return scheme.lower(), rest.strip()


def _has_parameters(rest):
    """Token auth (``Bearer abc==``) versus parameter auth (``realm="x"``)."""
    return "=" in rest.rstrip("=")


class Authorization:
    """The parsed ``Authorization`` request header (``request.authorization``).

    ``Basic`` credentials land in ``parameters`` as ``username`` and
    ``password``; token schemes such as ``Bearer`` set ``token``. Parameters
    are also readable as ``auth.name``, ``auth["name"]`` and ``auth.get()``.
    """

    def __init__(self, auth_type, data=None, token=None):
        self.type = auth_type
        self.parameters = {} if data is None else data
        self.token = token

    def __getattr__(self, name):
        # Dunders and unset attributes (during copy) are not parameters.
        if name.startswith("__") or name in ("type", "parameters", "token"):
            raise AttributeError(name)
        return self.parameters.get(name)

    def __getitem__(self, name):
        return self.parameters.get(name)

    def get(self, key, default=None):
        return self.parameters.get(key, default)

    def __contains__(self, key):
        return key in self.parameters

    def __eq__(self, other):
        if not isinstance(other, Authorization):
            return NotImplemented
        return (other.type, other.token, other.parameters) == (
            self.type,
            self.token,
            self.parameters,
        )

    __hash__ = None

    @classmethod
    def from_header(cls, value):
        """Parse a header value; None if it is empty or undecodable Basic."""
        if not value:
            return None
        scheme, rest = _split_auth_header(value)
        if scheme == "basic":
            try:
                decoded = base64.b64decode(rest).decode()
            except (binascii.Error, UnicodeError):
                return None
            username, _, password = decoded.partition(":")
            return cls(scheme, {"username": username, "password": password})
        if _has_parameters(rest):
            return cls(scheme, parse_dict_header(rest), None)
        return cls(scheme, None, rest)

    def to_header(self):
        if self.type == "basic":
            credentials = f"{self.username}:{self.password}".encode()
            return f"Basic {base64.b64encode(credentials).decode('ascii')}"
        if self.token is not None:
            return f"{self.type.title()} {self.token}"
        return f"{self.type.title()} {dump_header(self.parameters)}"

    def __str__(self):
        return self.to_header()

    def __repr__(self):
        return f"<{type(self).__name__} {self.to_header()}>"


class _CallbackDict(dict):
    """A dict that reports each change, so a parsed header can be rewritten."""

    def __init__(self, initial=None, on_update=None):
        super().__init__(initial or ())
        self.on_update = on_update

    def _changed(self):
        if self.on_update is not None:
            self.on_update(self)

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self._changed()

    def __delitem__(self, key):
        super().__delitem__(key)
        self._changed()

    def clear(self):
        super().clear()
        self._changed()

    def popitem(self):
        item = super().popitem()
        self._changed()
        return item

    def pop(self, key, *default):
        changed = key in self
        value = super().pop(key, *default)
        if changed:
            self._changed()
        return value

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def update(self, *args, **kwargs):
        super().update(*args, **kwargs)
        self._changed()

    def __ior__(self, other):
        self.update(other)
        return self


_WWW_AUTH_ATTRIBUTES = frozenset({"_type", "_parameters", "_token", "_on_update"})


class WWWAuthenticate:
    """The ``WWW-Authenticate`` response header.

    Changing the type, token or any parameter calls ``on_update`` with this
    object, which lets a response keep its header in sync. Assigning ``type``
    or ``token`` sets them; Werkzeug 3.1 instead stores a parameter of that name.
    """

    def __init__(self, auth_type, values=None, token=None, *, on_update=None):
        self._on_update = on_update
        self._type = auth_type.lower()
        self._parameters = _CallbackDict(values, self._changed)
        self._token = token

    def _changed(self, _=None):
        if self._on_update is not None:
            self._on_update(self)

    @property
    def type(self):
        return self._type

    @type.setter
    def type(self, value):
        self._type = value
        self._changed()

    @property
    def parameters(self):
        return self._parameters

    @parameters.setter
    def parameters(self, value):
        self._parameters = _CallbackDict(value, self._changed)
        self._changed()

    @property
    def token(self):
        return self._token

    @token.setter
    def token(self, value):
        self._token = value
        self._changed()

    def __getitem__(self, key):
        return self.parameters.get(key)

    def __setitem__(self, key, value):
        if value is None:
            self.parameters.pop(key, None)
        else:
            self.parameters[key] = value

    def __delitem__(self, key):
        if key in self.parameters:
            del self.parameters[key]

    def __getattr__(self, name):
        if name.startswith("__") or name in _WWW_AUTH_ATTRIBUTES:
            raise AttributeError(name)
        return self[name]

    def __setattr__(self, name, value):
        if name in _WWW_AUTH_ATTRIBUTES or name in ("type", "parameters", "token"):
            super().__setattr__(name, value)
        else:
            self[name] = value

    def __delattr__(self, name):
        del self[name]

    def __contains__(self, key):
        return key in self.parameters

    def __eq__(self, other):
        if not isinstance(other, WWWAuthenticate):
            return NotImplemented
        return (other.type, other.token, other.parameters) == (
            self.type,
            self.token,
            self.parameters,
        )

    __hash__ = None

    def get(self, key, default=None):
        return self.parameters.get(key, default)

    @classmethod
    def from_header(cls, value):
        if not value:
            return None
        scheme, rest = _split_auth_header(value)
        if _has_parameters(rest):
            return cls(scheme, parse_dict_header(rest), None)
        return cls(scheme, None, rest)

    def to_header(self):
        if self.token is not None:
            return f"{self.type.title()} {self.token}"
        if not self.parameters:
            return self.type.title()
        if self.type == "digest":
            # RFC 7616 requires these digest parameters to be quoted strings.
            always_quoted = {"realm", "domain", "nonce", "opaque", "qop"}
            items = ", ".join(
                f"{key}={quote_header_value(value, allow_token=key not in always_quoted)}"
                for key, value in self.parameters.items()
            )
            return f"Digest {items}"
        return f"{self.type.title()} {dump_header(self.parameters)}"

    def __str__(self):
        return self.to_header()

    def __repr__(self):
        return f"<{type(self).__name__} {self.to_header()}>"


# -- content negotiation ---------------------------------------------------------

_LIST_MUTATORS = (
    "__setitem__",
    "__delitem__",
    "__iadd__",
    "__imul__",
    "append",
    "extend",
    "insert",
    "pop",
    "remove",
    "reverse",
    "sort",
)


@_read_only(*_LIST_MUTATORS)
class Accept(list):
    """A parsed ``Accept-*`` header: ``(value, quality)`` pairs, most specific
    and highest quality first (ties keep the client's order).

    ``accept["x"]`` and :meth:`quality` give the quality of a value, 0 if it is
    not accepted; ``in`` follows the header's matching rules.
    """

    def __init__(self, values=()):
        if values is None:
            super().__init__()
            self.provided = False
        elif isinstance(values, Accept):
            super().__init__(values)
            self.provided = values.provided
        else:
            super().__init__(
                sorted(values, key=lambda x: (self._specificity(x[0]), x[1]), reverse=True)
            )
            self.provided = True

    def __hash__(self):
        return hash(tuple(self))

    def __reduce_ex__(self, protocol):
        return type(self), (list(self),)

    def _specificity(self, value):
        return (value != "*",)

    def _value_matches(self, value, item):
        return item == "*" or item.lower() == value.lower()

    def __getitem__(self, key):
        if isinstance(key, str):
            return self.quality(key)
        return list.__getitem__(self, key)

    def quality(self, key):
        for item, quality in self:
            if self._value_matches(key, item):
                return quality
        return 0

    def __contains__(self, value):
        return any(self._value_matches(value, item) for item, _ in self)

    def __repr__(self):
        pairs = ", ".join(f"({value!r}, {quality})" for value, quality in self)
        return f"{type(self).__name__}([{pairs}])"

    def index(self, key):
        """Position of the first entry matching ``key``; ValueError if none."""
        if isinstance(key, str):
            for position, (item, _) in enumerate(self):
                if self._value_matches(key, item):
                    return position
            raise ValueError(key)
        return list.index(self, key)

    def find(self, key):
        try:
            return self.index(key)
        except ValueError:
            return -1

    def values(self):
        for value, _ in self:
            yield value

    def to_header(self):
        return ",".join(
            value if quality == 1 else f"{value};q={quality}" for value, quality in self
        )

    def __str__(self):
        return self.to_header()

    def _best_single_match(self, match):
        for item, quality in self:
            if self._value_matches(match, item):
                return item, quality
        return None

    def best_match(self, matches, default=None):
        """Pick the server offer the client prefers most: highest quality,
        then the most specific client entry, then the earliest offer."""
        result = default
        best_quality = -1
        best_specificity = (-1,)
        for offer in matches:
            match = self._best_single_match(offer)
            if match is None:
                continue
            item, quality = match
            specificity = self._specificity(item)
            if quality <= 0 or quality < best_quality:
                continue
            if quality > best_quality or specificity > best_specificity:
                result = offer
                best_quality = quality
                best_specificity = specificity
        return result

    @property
    def best(self):
        return self[0][0] if self else None


_MIME_SPLIT = re.compile(r"/|(?:\s*;\s*)")


class MIMEAccept(Accept):
    """``Accept`` with media-type wildcards (``text/*``, ``*/*``) and parameters."""

    def _specificity(self, value):
        return tuple(part != "*" for part in _MIME_SPLIT.split(value))

    def _value_matches(self, value, item):
        if "/" not in item:
            return False
        if "/" not in value:
            raise ValueError(f"invalid mimetype {value!r}")
        value_type, value_subtype, *value_params = _MIME_SPLIT.split(value.lower())
        if value_type == "*" and value_subtype != "*":
            raise ValueError(f"invalid mimetype {value!r}")
        item_type, item_subtype, *item_params = _MIME_SPLIT.split(item.lower())
        if item_type == "*" and item_subtype != "*":
            return False
        if (item_type, item_subtype) == ("*", "*") or (value_type, value_subtype) == ("*", "*"):
            return True
        return item_type == value_type and (
            item_subtype == "*"
            or value_subtype == "*"
            or (item_subtype == value_subtype and sorted(item_params) == sorted(value_params))
        )

    @property
    def accept_html(self):
        return "text/html" in self or self.accept_xhtml

    @property
    def accept_xhtml(self):
        return "application/xhtml+xml" in self or "application/xml" in self

    @property
    def accept_json(self):
        return "application/json" in self


_LOCALE_DELIM = re.compile(r"[_-]")


def _normalize_lang(value):
    return _LOCALE_DELIM.split(value.lower())


class LanguageAccept(Accept):
    """``Accept`` for language tags: ``en-US`` matches ``en_us``."""

    def _value_matches(self, value, item):
        return item == "*" or _normalize_lang(value) == _normalize_lang(item)

    def best_match(self, matches, default=None):
        """Exact tag match first, then fall back to primary languages: the
        client's (``en-US`` accepts ``en``), then the server's offers."""
        matches = list(matches)
        result = super().best_match(matches)
        if result is not None:
            return result
        primary_accept = Accept(
            [(_LOCALE_DELIM.split(item, maxsplit=1)[0], quality) for item, quality in self]
        )
        result = primary_accept.best_match(matches)
        if result is not None:
            return result
        primary_offers = [_LOCALE_DELIM.split(offer, maxsplit=1)[0] for offer in matches]
        result = super().best_match(primary_offers)
        if result is not None:
            return next(offer for offer in matches if offer.startswith(result))
        return default


def _normalize_charset(name):
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name.lower()


class CharsetAccept(Accept):
    """``Accept`` for charsets: aliases such as ``UTF8`` and ``utf-8`` match."""

    def _value_matches(self, value, item):
        return item == "*" or _normalize_charset(value) == _normalize_charset(item)


_Q_VALUE = re.compile(r"-?\d+(\.\d+)?", re.A)


def parse_accept_header(value, cls=None):
    """Parse an ``Accept-*`` header into ``cls`` (default :class:`Accept`).

    Items with an invalid ``q`` are skipped; other parameters stay part of the
    value, as in ``text/html;level=1``.
    """
    if cls is None:
        cls = Accept
    if not value:
        return cls(None)
    result = []
    for item in parse_list_header(value):
        item, options = parse_options_header(item)
        quality = 1
        if "q" in options:
            q_text = options.pop("q").strip()
            if _Q_VALUE.fullmatch(q_text) is None:
                continue
            quality = float(q_text)
            if not 0 <= quality <= 1:
                continue
        if options:
            item = dump_options_header(item, options)
        result.append((item, quality))
    return cls(result)


# -- caching -----------------------------------------------------------------------


def cache_control_property(key, empty, type, *, doc=None):
    """A property for one Cache-Control directive.

    ``type`` is ``bool`` for flag directives (present or not), else a
    converter for the value (None: keep the str); ``empty`` is returned when
    the directive is present without a value.
    """

    def fget(self):
        return self._get_cache_value(key, empty, type)

    def fset(self, value):
        self._set_cache_value(key, value, type)

    def fdel(self):
        if key in self:
            del self[key]

    return property(fget, fset, fdel, doc or f"The ``{key}`` directive.")


class _CacheControl(_CallbackDict):
    """Cache-Control directives as a dict of ``name -> str | None``.

    Attributes use underscores for the dashes of directive names; ``str()``
    renders the header again. ``on_update`` fires on every change.
    """

    no_store = cache_control_property("no-store", None, bool)
    max_age = cache_control_property("max-age", None, int)
    no_transform = cache_control_property("no-transform", None, bool)
    stale_if_error = cache_control_property("stale-if-error", None, int)

    def __init__(self, values=(), on_update=None):
        super().__init__(values, on_update)
        self.provided = values is not None

    def _get_cache_value(self, key, empty, type):
        if type is bool:
            return key in self
        if key not in self:
            return None
        value = self[key]
        if value is None:
            return empty
        if type is not None:
            try:
                return type(value)
            except ValueError:
                return None
        return value

    def _set_cache_value(self, key, value, type):
        if type is bool:
            if value:
                self[key] = None
            else:
                self.pop(key, None)
        elif value is None or value is False:
            self.pop(key, None)
        elif value is True:
            self[key] = None
        else:
            self[key] = str(value if type is None else type(value))

    def to_header(self):
        return dump_header(self)

    def __str__(self):
        return self.to_header()

    def __repr__(self):
        directives = " ".join(f"{k}={v!r}" for k, v in sorted(self.items()))
        return f"<{type(self).__name__} {directives}>"


@_read_only(*_DICT_MUTATORS)
class RequestCacheControl(_CacheControl):
    """The request's Cache-Control (``request.cache_control``), read-only."""

    no_cache = cache_control_property("no-cache", None, bool)
    max_stale = cache_control_property("max-stale", True, int)
    min_fresh = cache_control_property("min-fresh", None, int)
    only_if_cached = cache_control_property("only-if-cached", None, bool)

    _hash_cache = None

    def __hash__(self):
        if self._hash_cache is None:
            self._hash_cache = hash(frozenset(self.items()))
        return self._hash_cache

    def __reduce_ex__(self, protocol):
        return type(self), (dict(self),)


class ResponseCacheControl(_CacheControl):
    """The response's Cache-Control (``response.cache_control``), mutable."""

    no_cache = cache_control_property("no-cache", True, None)
    public = cache_control_property("public", None, bool)
    private = cache_control_property("private", True, None)
    must_revalidate = cache_control_property("must-revalidate", None, bool)
    proxy_revalidate = cache_control_property("proxy-revalidate", None, bool)
    s_maxage = cache_control_property("s-maxage", None, int)
    immutable = cache_control_property("immutable", None, bool)
    must_understand = cache_control_property("must-understand", None, bool)
    stale_while_revalidate = cache_control_property("stale-while-revalidate", None, int)


def parse_cache_control_header(value, on_update=None, cls=None):
    """Parse a Cache-Control header into ``cls`` (default :class:`RequestCacheControl`)."""
    if cls is None:
        cls = RequestCacheControl
    if not value:
        return cls((), on_update)
    return cls(parse_dict_header(value), on_update)


_ETAG = re.compile(r'([Ww]/)?(?:"(.*?)"|(.*?))(?:\s*,\s*|$)')


def quote_etag(etag, weak=False):
    if '"' in etag:
        raise ValueError("invalid etag")
    quoted = f'"{etag}"'
    return f"W/{quoted}" if weak else quoted


def unquote_etag(etag):
    """Return ``(etag, weak)``; ``(None, None)`` for an empty value."""
    if not etag:
        return None, None
    etag = etag.strip()
    weak = etag.startswith(("W/", "w/"))
    if weak:
        etag = etag[2:]
    if etag[:1] == etag[-1:] == '"':
        etag = etag[1:-1]
    return etag, weak


class ETags(cabc.Collection):
    """The entity tags of an ``If-Match`` / ``If-None-Match`` header.

    ``in`` checks strong tags only (``*`` matches everything); weak tags are
    checked with :meth:`contains_weak`.
    """

    def __init__(self, strong_etags=None, weak_etags=None, star_tag=False):
        self._strong = frozenset(() if star_tag else strong_etags or ())
        self._weak = frozenset(weak_etags or ())
        self.star_tag = star_tag

    def as_set(self, include_weak=False):
        result = set(self._strong)
        if include_weak:
            result.update(self._weak)
        return result

    def is_weak(self, etag):
        return etag in self._weak

    def is_strong(self, etag):
        return etag in self._strong

    def contains_weak(self, etag):
        return self.is_weak(etag) or self.contains(etag)

    def contains(self, etag):
        return self.star_tag or self.is_strong(etag)

    def contains_raw(self, etag):
        """Check a quoted tag such as ``W/"abc"``, honouring its weakness."""
        etag, weak = unquote_etag(etag)
        return self.contains_weak(etag) if weak else self.contains(etag)

    def to_header(self):
        if self.star_tag:
            return "*"
        return ", ".join([f'"{x}"' for x in self._strong] + [f'W/"{x}"' for x in self._weak])

    def __call__(self, etag=None, data=None, include_weak=False):
        if etag is None:
            if data is None:
                raise TypeError("'data' is required when 'etag' is not given.")
            etag = hashlib.sha1(data).hexdigest()
        return (include_weak and etag in self._weak) or etag in self._strong

    def __bool__(self):
        return bool(self.star_tag or self._strong or self._weak)

    def __str__(self):
        return self.to_header()

    def __len__(self):
        return len(self._strong)

    def __iter__(self):
        return iter(self._strong)

    def __contains__(self, etag):
        return self.contains(etag)

    def __repr__(self):
        return f"<{type(self).__name__} {str(self)!r}>"


def parse_etags(value):
    """Parse an ``If-Match`` / ``If-None-Match`` value, quoted or not."""
    if not value:
        return ETags()
    strong = []
    weak = []
    pos = 0
    while pos < len(value):
        match = _ETAG.match(value, pos)
        if match is None:
            break
        is_weak, quoted, raw = match.groups()
        if raw == "*":
            return ETags(star_tag=True)
        tag = quoted if quoted else raw
        (weak if is_weak else strong).append(tag)
        pos = match.end()
    return ETags(strong, weak)


# -- user agent --------------------------------------------------------------------


class UserAgent:
    """The ``User-Agent`` header; like Werkzeug 3 it does no parsing itself,
    subclasses may fill in ``platform``, ``browser``, ``version``, ``language``."""

    platform = None
    browser = None
    version = None
    language = None

    def __init__(self, string):
        self.string = string

    def __repr__(self):
        return f"<{type(self).__name__} {self.browser}/{self.version}>"

    def __str__(self):
        return self.string

    def __bool__(self):
        return bool(self.browser)

    def to_header(self):
        return self.string
