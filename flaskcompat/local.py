"""A proxy to an object held by a ContextVar: what ``request``, ``g`` and friends are.

Each proxy reads its ContextVar on every use, so one module-level name serves every
thread and asyncio task with its own value, and raises a RuntimeError with a helpful
message when used outside the matching context.
"""

from __future__ import annotations

import operator


def _forward(op):
    def method(self, *args):
        return op(self._get_current_object(), *args)

    return method


class LocalProxy:
    """Forward everything to ``getattr(var.get(), name)`` (or ``var.get()`` when name is None)."""

    __slots__ = ("_fc_var", "_fc_name", "_fc_message", "__wrapped__")

    def __init__(self, var, name=None, unbound_message="object unbound"):
        object.__setattr__(self, "_fc_var", var)
        object.__setattr__(self, "_fc_name", name)
        object.__setattr__(self, "_fc_message", unbound_message)

    def _get_current_object(self):
        try:
            obj = self._fc_var.get()
        except LookupError:
            raise RuntimeError(self._fc_message) from None
        name = self._fc_name
        return obj if name is None else getattr(obj, name)

    def __getattr__(self, name):
        return getattr(self._get_current_object(), name)

    def __setattr__(self, name, value):
        setattr(self._get_current_object(), name, value)

    def __delattr__(self, name):
        delattr(self._get_current_object(), name)

    def __repr__(self):
        try:
            obj = self._get_current_object()
        except RuntimeError:
            return f"<{type(self).__name__} unbound>"
        return repr(obj)

    def __bool__(self):
        try:
            return bool(self._get_current_object())
        except RuntimeError:
            return False

    def __dir__(self):
        try:
            return dir(self._get_current_object())
        except RuntimeError:
            return []

    @property
    def __class__(self):
        try:
            return type(self._get_current_object())
        except RuntimeError:
            return LocalProxy

    __str__ = _forward(str)
    __eq__ = _forward(operator.eq)
    __ne__ = _forward(operator.ne)
    __hash__ = _forward(hash)
    __getitem__ = _forward(operator.getitem)
    __setitem__ = _forward(operator.setitem)
    __delitem__ = _forward(operator.delitem)
    __contains__ = _forward(operator.contains)
    __iter__ = _forward(iter)
    __len__ = _forward(len)
    __call__ = lambda self, *a, **kw: self._get_current_object()(*a, **kw)  # noqa: E731
    __enter__ = _forward(lambda o: o.__enter__())
    __exit__ = lambda self, *a: self._get_current_object().__exit__(*a)  # noqa: E731
