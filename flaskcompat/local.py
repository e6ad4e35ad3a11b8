"""A proxy to an object held by a ContextVar: what ``request``, ``g`` and friends are.

Each proxy reads its ContextVar on every use, so one module-level name serves every
thread and asyncio task with its own value, and raises a RuntimeError with a helpful
message when used outside the matching context (an unset variable or one reset to
None, which is how a popped context leaves it).
"""

from __future__ import annotations

import copy
import math
import operator


def _forward(op):
    def method(self, *args):
        return op(self._get_current_object(), *args)

    return method


def _reflected(op):
    def method(self, other):
        return op(other, self._get_current_object())

    return method


class LocalProxy:
    """Forward everything to ``getattr(var.get(), name)`` (or ``var.get()`` when name is None)."""

    __slots__ = ("_fc_var", "_fc_name", "_fc_message")

    def __init__(self, var, name=None, unbound_message="object unbound"):
        object.__setattr__(self, "_fc_var", var)
        object.__setattr__(self, "_fc_name", name)
        object.__setattr__(self, "_fc_message", unbound_message)

    def _get_current_object(self):
        obj = self._fc_var.get(None)
        if obj is None:
            raise RuntimeError(self._fc_message)
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

    def __call__(self, *args, **kwargs):
        return self._get_current_object()(*args, **kwargs)

    def __exit__(self, *args):
        return self._get_current_object().__exit__(*args)

    def __aexit__(self, *args):
        return self._get_current_object().__aexit__(*args)

    __str__ = _forward(str)
    __bytes__ = _forward(bytes)
    __format__ = _forward(format)
    __hash__ = _forward(hash)
    __len__ = _forward(len)
    __iter__ = _forward(iter)
    __next__ = _forward(next)
    __reversed__ = _forward(reversed)
    __contains__ = _forward(operator.contains)
    __getitem__ = _forward(operator.getitem)
    __setitem__ = _forward(operator.setitem)
    __delitem__ = _forward(operator.delitem)
    __enter__ = _forward(lambda o: o.__enter__())
    __await__ = _forward(lambda o: o.__await__())
    __aiter__ = _forward(lambda o: o.__aiter__())
    __anext__ = _forward(lambda o: o.__anext__())
    __aenter__ = _forward(lambda o: o.__aenter__())
    __copy__ = _forward(copy.copy)
    __deepcopy__ = _forward(copy.deepcopy)
    __neg__, __pos__, __abs__, __invert__ = (_forward(f) for f in (operator.neg, operator.pos, abs, operator.invert))
    __int__, __float__, __complex__, __index__ = (_forward(f) for f in (int, float, complex, operator.index))
    __round__, __trunc__, __floor__, __ceil__ = (_forward(f) for f in (round, math.trunc, math.floor, math.ceil))
    __eq__, __ne__, __lt__, __le__, __gt__, __ge__ = (
        _forward(f) for f in (operator.eq, operator.ne, operator.lt, operator.le, operator.gt, operator.ge))

    _binary = (operator.add, operator.sub, operator.mul, operator.matmul, operator.truediv, operator.floordiv,
               operator.mod, divmod, pow, operator.lshift, operator.rshift, operator.and_, operator.xor, operator.or_)
    (__add__, __sub__, __mul__, __matmul__, __truediv__, __floordiv__, __mod__, __divmod__, __pow__,
     __lshift__, __rshift__, __and__, __xor__, __or__) = (_forward(f) for f in _binary)
    (__radd__, __rsub__, __rmul__, __rmatmul__, __rtruediv__, __rfloordiv__, __rmod__, __rdivmod__, __rpow__,
     __rlshift__, __rrshift__, __rand__, __rxor__, __ror__) = (_reflected(f) for f in _binary)
    del _binary
