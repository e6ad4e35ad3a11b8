"""Flask's signals. Backed by blinker (as in Flask) when it is installed;
otherwise sending is a silent no-op and connecting fails loudly, so apps
that only emit signals run without the optional dependency."""

from __future__ import annotations

import typing as t

__all__ = [
    "Namespace",
    "signals_available",
    "template_rendered",
    "before_render_template",
    "request_started",
    "request_finished",
    "request_tearing_down",
    "got_request_exception",
    "appcontext_tearing_down",
    "appcontext_pushed",
    "appcontext_popped",
    "message_flashed",
]

try:
    from blinker import Namespace
except ImportError:
    signals_available = False

    class _FakeSignal:
        """Signal stand-in: ``send`` does nothing, receivers cannot be
        connected because they would never be called."""

        def __init__(self, name: str, doc: str | None = None) -> None:
            self.name = name
            self.__doc__ = doc

        def send(self, *args: t.Any, **kwargs: t.Any) -> list[t.Any]:
            return []

        async def send_async(self, *args: t.Any, **kwargs: t.Any) -> list[t.Any]:
            return []

        def _fail(self, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
            raise RuntimeError(
                "Signalling support is unavailable because the blinker"
                " library is not installed. Install it with"
                " 'pip install blinker'."
            )

        connect = connect_via = connected_to = temporarily_connected_to = _fail
        disconnect = _fail

        @property
        def receivers(self) -> dict[t.Any, t.Any]:
            return {}

        def has_receivers_for(self, sender: t.Any) -> bool:
            return False

        def __repr__(self) -> str:
            return f"<FakeSignal {self.name!r}>"

    class Namespace(dict):  # type: ignore[no-redef, type-arg]
        """Stand-in for ``blinker.Namespace`` handing out fake signals."""

        def signal(self, name: str, doc: str | None = None) -> _FakeSignal:
            if name not in self:
                self[name] = _FakeSignal(name, doc)
            return self[name]  # type: ignore[no-any-return]

else:
    signals_available = True


# Only for signals sent by flaskcompat itself; extensions make their own.
_signals = Namespace()

template_rendered = _signals.signal("template-rendered")
before_render_template = _signals.signal("before-render-template")
request_started = _signals.signal("request-started")
request_finished = _signals.signal("request-finished")
request_tearing_down = _signals.signal("request-tearing-down")
got_request_exception = _signals.signal("got-request-exception")
appcontext_tearing_down = _signals.signal("appcontext-tearing-down")
appcontext_pushed = _signals.signal("appcontext-pushed")
appcontext_popped = _signals.signal("appcontext-popped")
message_flashed = _signals.signal("message-flashed")
