"""Build the WSGI callable of one target for one bench app kind (in the target's own process).

``flask`` and ``embedded`` need a process without ``DJANGO_SETTINGS_MODULE``; ``hosted``
and ``django`` need theirs set (``bench.scenarios.Target.env`` prepares it).
"""

from __future__ import annotations

import os
import sys
import threading

if os.environ.get("BENCH_FLASKCOMPAT_DIR"):  # --variant: measure another flaskcompat checkout
    sys.path.insert(0, os.environ["BENCH_FLASKCOMPAT_DIR"])


class Failures:
    """Records exceptions that frameworks swallow into a 500, to tell "not implemented" apart."""

    def __init__(self):
        self.last = None
        self._lock = threading.Lock()

    def record(self, exc):
        with self._lock:
            self.last = exc

    def take(self):
        with self._lock:
            exc, self.last = self.last, None
        return exc


failures = Failures()


def build(target, kind):
    """Return the WSGI callable of ``target`` serving the bench app ``kind``."""
    # "hosted@variant": the same build on another flaskcompat; "hosted+slash": other settings
    target = target.split("@")[0].split("+")[0]
    if target == "flask":
        import flask

        from .app import make

        flask.got_request_exception.connect(_flask_failure, weak=False)
        return make(flask, kind)
    if target == "embedded":
        from flask import got_request_exception

        import flaskcompat

        from .app import make

        got_request_exception.connect(_flask_failure, weak=False)
        return make(flaskcompat, kind)
    if target in ("hosted", "django"):
        import django
        from django.core.signals import got_request_exception as django_failure
        from django.core.wsgi import get_wsgi_application
        from django.urls import get_resolver

        django.setup(set_prefix=False)
        django_failure.connect(_django_failure, weak=False)
        if target == "hosted":
            from flask import got_request_exception

            got_request_exception.connect(_flask_failure, weak=False)
        application = get_wsgi_application()
        _ = get_resolver().url_patterns  # import the URLconf (and build the app) now, not on request 1
        return application
    if target == "raw":
        from .raw import application

        return application
    raise ValueError(f"unknown target {target!r}")


def _flask_failure(sender, exception=None, **kwargs):
    failures.record(exception)


def _django_failure(sender, **kwargs):
    import sys

    failures.record(sys.exc_info()[1])
