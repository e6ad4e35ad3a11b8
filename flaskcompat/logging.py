"""``app.logger`` set up the way Flask does it, so it cooperates with
Django's ``LOGGING``: Flask's handler is only added when nothing that
Django (or the user) configured would handle the app's messages."""

from __future__ import annotations

import logging
import sys
import typing as t

__all__ = ["wsgi_errors_stream", "has_level_handler", "default_handler", "create_logger"]


def _current_error_stream() -> t.TextIO:
    """``wsgi.errors`` of the active request, else ``sys.stderr``.

    ``sys.stderr`` is looked up on each call, so redirections (pytest's
    capture, ``contextlib.redirect_stderr``) are honoured. Under ASGI
    there is no ``wsgi.errors``, so stderr is used as well.
    """
    try:
        from .globals import request
    except ImportError:
        return sys.stderr
    try:
        from .ctx import has_request_context
    except ImportError:
        active = bool(request)  # an unbound proxy is falsy, as in Flask
    else:
        active = has_request_context()
    if not active:
        return sys.stderr
    environ = getattr(request, "environ", None)
    if environ is None:
        environ = getattr(request, "META", None)
    if environ:
        stream = environ.get("wsgi.errors")
        if stream is not None:
            return stream
    return sys.stderr


class _ErrorStreamProxy:
    """A file-like stand-in that forwards to the current error stream, so a
    handler created at import time writes to the request's stream later."""

    __slots__ = ()

    def __getattr__(self, name: str) -> t.Any:
        return getattr(_current_error_stream(), name)

    def write(self, data: str) -> t.Any:
        return _current_error_stream().write(data)

    def flush(self) -> None:
        stream = _current_error_stream()
        if hasattr(stream, "flush"):
            stream.flush()

    def __repr__(self) -> str:
        return f"<wsgi_errors_stream {_current_error_stream()!r}>"


#: Stream resolving to ``request.environ["wsgi.errors"]`` during a request
#: and to ``sys.stderr`` otherwise. Usable in dictConfig as
#: ``ext://flaskcompat.logging.wsgi_errors_stream``.
wsgi_errors_stream: t.TextIO = _ErrorStreamProxy()  # type: ignore[assignment]


def has_level_handler(logger: logging.Logger) -> bool:
    """Whether some handler along the propagation chain would emit a record
    at ``logger``'s effective level."""
    level = logger.getEffectiveLevel()
    current: logging.Logger | None = logger
    while current:
        if any(handler.level <= level for handler in current.handlers):
            return True
        if not current.propagate:
            break
        current = current.parent
    return False


#: Flask's fallback handler: ``wsgi_errors_stream`` with Flask's format.
default_handler = logging.StreamHandler(wsgi_errors_stream)
default_handler.setFormatter(
    logging.Formatter("[%(asctime)s] %(levelname)s in %(module)s: %(message)s")
)


def create_logger(app: t.Any) -> logging.Logger:
    """Return the logger named ``app.name``; in debug mode give it DEBUG if
    it has no level, and add :data:`default_handler` only if no handler
    for its effective level exists (so Django's ``LOGGING`` wins)."""
    logger = logging.getLogger(app.name)
    if app.debug and not logger.level:
        logger.setLevel(logging.DEBUG)
    if not has_level_handler(logger):
        logger.addHandler(default_handler)
    return logger
