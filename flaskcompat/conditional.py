"""Conditional and range requests with Werkzeug's rules (``make_conditional``, ``send_file``).

Django's ``get_conditional_response`` follows RFC 9110's precedence, Werkzeug does not quite
(``If-None-Match`` is decided before the date, ``If-Match`` turns a match into 412, ranges
and ``If-Range`` come first); Flask apps see Werkzeug's answers, so the decision is made
here, on Django's date parsing and helper-1's ETag structures.
"""

from __future__ import annotations

from datetime import datetime, timezone
from hashlib import sha1

from django.utils.http import http_date as _django_http_date
from django.utils.http import parse_http_date_safe

from .cookies import to_timestamp
from .datastructures import parse_etags, quote_etag, unquote_etag


def http_date(value=None):
    """An HTTP date from a datetime (naive means UTC), a timestamp or now."""
    return _django_http_date(to_timestamp(value))


def parse_date(value):
    """An aware UTC datetime from an HTTP date, or None when absent or malformed."""
    seconds = parse_http_date_safe(value) if value else None
    return None if seconds is None else datetime.fromtimestamp(seconds, timezone.utc)


def generate_etag(data):
    """The ETag Werkzeug derives from a body."""
    return sha1(data).hexdigest()


def is_byte_range_valid(start, stop, length):
    """Whether ``start``/``stop`` (exclusive) describe bytes of a ``length`` long body."""
    if (start is None) != (stop is None):
        return False
    if start is None:
        return length is None or length >= 0
    if length is None:
        return 0 <= start < stop
    return start < stop and 0 <= start < length


class Range:
    """A parsed ``Range`` header: ``units`` and ``(start, stop)`` pairs, stop exclusive.

    A negative start with no stop is a suffix (the last bytes); only a single range of
    bytes can be served, as in Werkzeug.
    """

    def __init__(self, units, ranges):
        for start, stop in ranges:
            if start is None or (stop is not None and (start < 0 or start >= stop)):
                raise ValueError(f"{(start, stop)} is not a valid range.")
        self.units = units
        self.ranges = ranges

    def range_for_length(self, length):
        if self.units != "bytes" or length is None or len(self.ranges) != 1:
            return None
        start, stop = self.ranges[0]
        if stop is None:
            stop = length
            if start < 0:
                start += length
        if is_byte_range_valid(start, stop, length):
            return start, min(stop, length)
        return None

    def make_content_range(self, length):
        span = self.range_for_length(length)
        return None if span is None else ContentRange(self.units, span[0], span[1], length)

    def to_content_range_header(self, length):
        span = self.range_for_length(length)
        return None if span is None else f"{self.units} {span[0]}-{span[1] - 1}/{length}"

    def to_header(self):
        specs = []
        for start, stop in self.ranges:
            if stop is not None:
                specs.append(f"{start}-{stop - 1}")
            else:
                specs.append(f"{start}-" if start >= 0 else str(start))
        return f"{self.units}={','.join(specs)}"

    __str__ = to_header

    def __repr__(self):
        return f"<{type(self).__name__} {self.to_header()!r}>"


class ContentRange:
    """A ``Content-Range`` value; ``on_update`` writes changes back to a response."""

    def __init__(self, units, start, stop, length=None, on_update=None):
        self.on_update = None
        self.set(start, stop, length, units)
        self.on_update = on_update

    def set(self, start, stop, length=None, units="bytes"):
        if not is_byte_range_valid(start, stop, length):
            raise ValueError("Bad range provided")
        self.units, self.start, self.stop, self.length = units, start, stop, length
        if self.on_update is not None:
            self.on_update(self)

    def unset(self):
        self.set(None, None, units=None)

    def to_header(self):
        if self.units is None:
            return ""
        length = "*" if self.length is None else self.length
        if self.start is None:
            return f"{self.units} */{length}"
        return f"{self.units} {self.start}-{self.stop - 1}/{length}"

    def __bool__(self):
        return self.units is not None

    __str__ = to_header

    def __repr__(self):
        return f"<{type(self).__name__} {self.to_header()!r}>"


class IfRange:
    """A parsed ``If-Range`` header: an ETag (weakness dropped) or a date, or neither."""

    def __init__(self, etag=None, date=None):
        self.etag = etag
        self.date = date

    def to_header(self):
        if self.date is not None:
            return http_date(self.date)
        return quote_etag(self.etag) if self.etag is not None else ""

    __str__ = to_header

    def __repr__(self):
        return f"<{type(self).__name__} {self.to_header()!r}>"


def _plain_int(text):
    text = text.strip()
    if not text.isascii() or not text.lstrip("-").isdigit() or text.startswith("--"):
        raise ValueError(text)
    return int(text)


def parse_range_header(value):
    """A :class:`Range`, or None when absent or malformed (overlaps and reversals included)."""
    if not value or "=" not in value:
        return None
    units, _, spec = value.partition("=")
    ranges = []
    last_stop = 0  # -1 once a range runs to the end: nothing may follow it
    for item in spec.split(","):
        first, dash, last = item.strip().partition("-")
        if not dash:
            return None
        try:
            if not first.strip():
                if last_stop < 0:
                    return None
                start, stop, last_stop = _plain_int(item), None, -1
            else:
                start = _plain_int(first)
                if start < last_stop or last_stop < 0:
                    return None
                stop = _plain_int(last) + 1 if last.strip() else None
                if stop is not None and start >= stop:
                    return None
                last_stop = -1 if stop is None else stop
        except ValueError:
            return None
        ranges.append((start, stop))
    return Range(units.strip().lower(), ranges)


def parse_content_range_header(value, on_update=None):
    """A :class:`ContentRange` from a ``Content-Range`` value, or None when malformed."""
    if not value:
        return None
    units, _, spec = value.strip().partition(" ")
    span, _, length_text = spec.partition("/")
    try:
        length = None if length_text == "*" else _plain_int(length_text)
        if span == "*":
            return ContentRange(units, None, None, length, on_update=on_update)
        first, _, last = span.partition("-")
        start, stop = _plain_int(first), _plain_int(last) + 1
    except ValueError:
        return None
    if not is_byte_range_valid(start, stop, length):
        return None
    return ContentRange(units, start, stop, length, on_update=on_update)


def parse_if_range_header(value):
    if not value:
        return IfRange()
    date = parse_date(value)
    if date is not None:
        return IfRange(date=date)
    return IfRange(unquote_etag(value)[0])


def is_resource_modified(environ, etag=None, last_modified=None, ignore_if_range=True):
    """False when the request's validators say the client's copy is current (Werkzeug's test)."""
    if isinstance(last_modified, str):
        last_modified = parse_date(last_modified)
    if last_modified is not None:
        if last_modified.tzinfo is None:
            last_modified = last_modified.replace(tzinfo=timezone.utc)
        last_modified = last_modified.replace(microsecond=0)
    if_range = None
    if not ignore_if_range and "HTTP_RANGE" in environ:
        if_range = parse_if_range_header(environ.get("HTTP_IF_RANGE"))
    if if_range is not None and if_range.date is not None:
        since = if_range.date
    else:
        since = parse_date(environ.get("HTTP_IF_MODIFIED_SINCE"))
    unmodified = bool(since and last_modified and last_modified <= since)
    if etag:
        etag = unquote_etag(etag)[0]
        if if_range is not None and if_range.etag is not None:
            unmodified = parse_etags(if_range.etag).contains(etag)
        else:
            if_none_match = parse_etags(environ.get("HTTP_IF_NONE_MATCH"))
            if if_none_match:
                unmodified = if_none_match.contains_weak(etag)  # weak comparison, RFC 7232 3.2
            if_match = parse_etags(environ.get("HTTP_IF_MATCH"))
            if if_match:
                unmodified = not if_match.is_strong(etag)  # strong comparison, RFC 7232 3.1
    return not unmodified
