"""``app.run()``: serve one app with Django's development server (autoreload in debug)."""

from __future__ import annotations

import sys


def run_simple(app, host, port, use_reloader=False, threaded=True, **options):
    from django.conf import settings
    from django.core.servers.basehttp import WSGIServer, run
    from django.utils import autoreload

    from .embedded import is_embedded

    if is_embedded():
        settings.DEBUG = bool(app.debug)

    def inner():
        display = f"[{host}]" if ":" in host else host
        sys.stdout.write(f" * Serving Flask app '{app.name}'\n * Debug mode: {'on' if app.debug else 'off'}\n")
        sys.stdout.write(f" * Running on http://{display}:{port}/\nPress CTRL+C to quit\n")
        sys.stdout.flush()
        run(host, port, app, ipv6=":" in host, threading=threaded, server_cls=WSGIServer)

    if use_reloader:
        autoreload.run_with_reloader(inner)
    else:
        inner()
