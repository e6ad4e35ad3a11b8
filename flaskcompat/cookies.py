"""Cookies written and read like Werkzeug's, kept in Django's cookie jar.

``Response.set_cookie`` must stay visible to Django (its handlers send ``response.cookies``,
its test client keeps them, middleware calls ``set_cookie``/``delete_cookie`` too), yet
produce Werkzeug's ``Set-Cookie`` value: values quoted as UTF-8 octal escapes (which
``http.cookies`` cannot do for non-Latin-1 text), Werkzeug's attribute order, ``SameSite``
validation and the size warning. ``parse_cookie`` reads such values back as Werkzeug does,
keeping every value of a repeated name.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime, timedelta, timezone
from http.cookies import Morsel
from time import time
from urllib.parse import quote

from django.utils.http import http_date

# Werkzeug sends these characters unquoted; anything else makes the value a quoted string.
_NO_QUOTE = re.compile(r"[\w!#$%&'()*+\-./:<=>?@\[\]^`{|}~]*", re.ASCII)
_NEEDS_ESCAPE = re.compile(rb'[\x00-\x1f",;\\\x7f-\xff]')
_ESCAPED = re.compile(rb"\\([0-3][0-7]{2}|.)")
# One ``name[=value]`` pair of a Cookie header; a quoted value may contain ``;``.
_PAIR = re.compile(r'\s*([^=;]*?)\s*(?:=\s*("(?:[^\\"]|\\.)*"|[^;]*?)\s*)?(?:;|$)')


def to_timestamp(value):
    """Seconds since the epoch of a datetime (naive means UTC) or a number."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.timestamp()
    return value


def _escape(match):
    char = match.group()
    return b"\\" + char if char in b'"\\' else b"\\%03o" % ord(char)


def quote_value(value):
    """The value as Werkzeug writes it: bare if RFC 6265 allows, else an escaped quoted string."""
    if _NO_QUOTE.fullmatch(value):
        return value
    return '"' + _NEEDS_ESCAPE.sub(_escape, value.encode()).decode("ascii") + '"'


def _unescape(match):
    code = match.group(1)
    return bytes([int(code, 8)]) if len(code) == 3 else code


def parse_cookie(header):
    """``[(name, value), ...]`` of a Cookie header, quoted values decoded from UTF-8."""
    pairs = []
    for match in _PAIR.finditer(header or ""):
        name, value = match.group(1), match.group(2) or ""
        if not name:
            continue
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = _ESCAPED.sub(_unescape, value[1:-1].encode()).decode(errors="replace")
        pairs.append((name, value))
    return pairs


class WerkzeugMorsel(Morsel):
    """A morsel that renders its ``Set-Cookie`` value in Werkzeug's format."""

    _reserved = {**Morsel._reserved, "partitioned": "Partitioned"}
    _flags = {*Morsel._flags, "partitioned"}
    # Werkzeug's attribute order and spelling.
    _NAMES = {"domain": "Domain", "expires": "Expires", "max-age": "Max-Age", "secure": "Secure",
              "httponly": "HttpOnly", "path": "Path", "samesite": "SameSite", "partitioned": "Partitioned"}

    def __init__(self, key, value):
        super().__init__()
        # Morsel.set() refuses names outside RFC 2109's alphabet; Werkzeug sends them.
        self._key, self._value, self._coded_value = key, value, quote_value(value)

    def OutputString(self, attrs=None):  # noqa: N802 - http.cookies' name
        parts = [f"{self.key.encode().decode('latin-1')}={self.coded_value}"]
        for attr, name in self._NAMES.items():
            value = self[attr]
            if value is True:
                parts.append(name)
            elif value is not False and value is not None and value != "":
                parts.append(f"{name}={value}")
        return "; ".join(parts)


def make_morsel(key, value="", max_age=None, expires=None, path="/", domain=None, secure=False,
                httponly=False, samesite=None, partitioned=False, max_size=4093):
    """The morsel ``Response.set_cookie`` stores, with Werkzeug's rules for every argument."""
    if isinstance(max_age, timedelta):
        max_age = int(max_age.total_seconds())
    if expires is not None:
        if not isinstance(expires, str):
            expires = http_date(to_timestamp(expires))
    elif max_age is not None:
        expires = http_date(time() + max_age)
    if samesite is not None:
        samesite = samesite.title()
        if samesite not in {"Strict", "Lax", "None"}:
            raise ValueError("SameSite must be 'Strict', 'Lax', or 'None'.")
    morsel = WerkzeugMorsel(key, value)
    for attr, attr_value in (
        ("domain", domain.partition(":")[0].lstrip(".").encode("idna").decode("ascii") if domain else None),
        ("expires", expires),
        ("max-age", max_age),
        ("secure", bool(secure or partitioned)),
        ("httponly", bool(httponly)),
        ("path", quote(path, safe="%!$&'()*+,/:=@") if path is not None else None),
        ("samesite", samesite),
        ("partitioned", bool(partitioned)),
    ):
        if attr_value is not None:
            dict.__setitem__(morsel, attr, attr_value)
    size = len(morsel.OutputString())
    if max_size and size > max_size:
        value_size = len(morsel.coded_value)
        warnings.warn(
            f"The '{key}' cookie is too large: the value was {value_size} bytes but the"
            f" header required {size - value_size} extra bytes. The final size"
            f" was {size} bytes but the limit is {max_size} bytes. Browsers may"
            " silently ignore cookies larger than this.",
            stacklevel=3,
        )
    return morsel
