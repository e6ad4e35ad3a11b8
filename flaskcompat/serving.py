"""``app.run()``: serve one app with Django's development server (autoreload in debug).

The banner and the per-request log lines look like Flask's development server, on stderr.
"""

from __future__ import annotations

import logging
import socket
import sys
from typing import TYPE_CHECKING, Any

from .embedded import is_embedded

if TYPE_CHECKING:
    import flask

_WARNING = (
    "WARNING: This is a development server. Do not use it in a production deployment. "
    "Use a production WSGI server instead."
)


def _banner(app: flask.Flask, host: str, port: int) -> str:
    lines = [f" * Serving Flask app '{app.name}'", f" * Debug mode: {'on' if app.debug else 'off'}", _WARNING]
    if host in ("0.0.0.0", "::"):
        lines.append(f" * Running on all addresses ({host})")
        lines.append(f" * Running on http://127.0.0.1:{port}/")
        try:
            lan = socket.gethostbyname(socket.gethostname())
        except OSError:
            lan = None
        if lan and lan != "127.0.0.1":
            lines.append(f" * Running on http://{lan}:{port}/")
    else:
        display = f"[{host}]" if ":" in host else host
        lines.append(f" * Running on http://{display}:{port}/")
    lines.append("Press CTRL+C to quit")
    return "\n".join(lines) + "\n"


def _log_requests() -> None:
    """Django's server logs every request to ``django.server``; embedded mode gives it a handler."""
    logger = logging.getLogger("django.server")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("127.0.0.1 - - [%(server_time)s] %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def run_simple(
    app: flask.Flask,
    host: str,
    port: int,
    use_reloader: bool = False,
    threaded: bool = True,
    use_debugger: bool | None = None,
    use_evalex: bool = True,
    **options: Any,
) -> None:
    """Serve ``app`` on ``host:port`` with Django's development server, as Werkzeug's ``run_simple``."""
    from django.conf import settings
    from django.core.servers.basehttp import WSGIServer, run
    from django.utils import autoreload
    from werkzeug.debug import DebuggedApplication

    if is_embedded():
        settings.DEBUG = bool(app.debug)
        _log_requests()

    def inner() -> None:
        sys.stderr.write(_banner(app, host, port))
        sys.stderr.flush()
        # In debug, an error the app propagates gets Werkzeug's debugger page, as with Flask's run()
        debugger = app.debug if use_debugger is None else use_debugger
        application = DebuggedApplication(app, evalex=use_evalex) if debugger else app
        try:
            # any WSGI application: Django's server calls it as one (the stubs say WSGIHandler)
            run(host, port, application, ipv6=":" in host, threading=threaded, server_cls=WSGIServer)  # type: ignore[arg-type]
        except KeyboardInterrupt:  # Ctrl-C: stop quietly, as Flask's server does
            pass

    if use_reloader:
        autoreload.run_with_reloader(inner)
    else:
        inner()
