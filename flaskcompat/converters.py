"""URL converters with Werkzeug's shape, so legacy ``url_map.converters`` entries keep working.

A converter owns a ``regex`` for one URL part (or several, when ``part_isolating`` is
False), a ``weight`` that orders it against other dynamic parts (lower wins), and the
``to_python`` / ``to_url`` pair. Raising :class:`ValidationError` from ``to_python``
makes the rule not match, which ends as a 404.
"""

from __future__ import annotations

import re
import uuid
from urllib.parse import quote

#: Characters left unescaped in a path segment (WHATWG path-segment set, as Werkzeug).
PATH_SAFE = "!$&'()*+,/:;=@"


class ValidationError(ValueError):
    """Raised by ``to_python`` when a matched value is not acceptable: the rule does not match."""


class BaseConverter:
    """Base class for converters; subclass it and register in ``app.url_map.converters``."""

    regex = "[^/]+"
    weight = 100
    part_isolating = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # A converter whose own regex can match "/" spans several path parts.
        if "regex" in cls.__dict__ and "part_isolating" not in cls.__dict__:
            cls.part_isolating = "/" not in cls.regex

    def __init__(self, map, *args, **kwargs):
        self.map = map

    def to_python(self, value):
        return value

    def to_url(self, value):
        return quote(str(value), safe=PATH_SAFE)


class UnicodeConverter(BaseConverter):
    """The default converter: one path segment, optionally length-bounded."""

    def __init__(self, map, minlength=1, maxlength=None, length=None):
        super().__init__(map)
        if length is not None:
            bounds = f"{{{int(length)}}}"
        else:
            upper = "" if maxlength is None else str(int(maxlength))
            bounds = f"{{{int(minlength)},{upper}}}"
        self.regex = f"[^/]{bounds}"


class AnyConverter(BaseConverter):
    """Matches one of a fixed set of items: ``<any(about, help):page>``."""

    def __init__(self, map, *items):
        super().__init__(map)
        self.items = set(items)
        self.regex = "(?:" + "|".join(re.escape(item) for item in items) + ")"

    def to_url(self, value):
        if value in self.items:
            return str(value)
        choices = ", ".join(f"'{item}'" for item in sorted(self.items))
        raise ValueError(f"'{value}' is not one of {choices}")


class PathConverter(BaseConverter):
    """Like the default converter but also matches slashes."""

    part_isolating = False
    regex = "[^/].*?"
    weight = 200


class NumberConverter(BaseConverter):
    """Shared logic of ``int`` and ``float``: bounds, fixed digits and sign."""

    weight = 50
    num_convert = int

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        if signed:
            self.regex = "-?" + self.regex
        super().__init__(map)
        self.fixed_digits = fixed_digits
        self.min = min
        self.max = max
        self.signed = signed

    def to_python(self, value):
        if self.fixed_digits and len(value) != self.fixed_digits:
            raise ValidationError()
        number = self.num_convert(value)
        if (self.min is not None and number < self.min) or (
            self.max is not None and number > self.max
        ):
            raise ValidationError()
        return number

    def to_url(self, value):
        text = str(self.num_convert(value))
        return text.zfill(self.fixed_digits) if self.fixed_digits else text


class IntegerConverter(NumberConverter):
    """``<int:id>``: unsigned integers unless ``signed=True``."""

    regex = r"\d+"


class FloatConverter(NumberConverter):
    """``<float:value>``: unsigned decimals with a dot unless ``signed=True``."""

    regex = r"\d+\.\d+"
    num_convert = float

    def __init__(self, map, min=None, max=None, signed=False):
        super().__init__(map, min=min, max=max, signed=signed)


class UUIDConverter(BaseConverter):
    """``<uuid:ident>``: a hyphenated UUID, converted to :class:`uuid.UUID`."""

    regex = (
        r"[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}"
    )

    def to_python(self, value):
        return uuid.UUID(value)

    def to_url(self, value):
        return str(value)


DEFAULT_CONVERTERS = {
    "default": UnicodeConverter,
    "string": UnicodeConverter,
    "any": AnyConverter,
    "path": PathConverter,
    "int": IntegerConverter,
    "float": FloatConverter,
    "uuid": UUIDConverter,
}
