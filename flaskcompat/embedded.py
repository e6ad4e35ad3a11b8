"""Embedded mode: a Flask app with no Django project around it still runs on Django.

When the first :class:`flaskcompat.Flask` is created and Django has no settings, this module
configures an in-process Django that adds nothing Flask lacks: no middleware (so the session
is Flask's signed cookie and flashes live in it, exactly as in Flask), no database, no CSRF,
Jinja2 templates. Django's SECRET_KEY and SECRET_KEY_FALLBACKS are the app's, read when used.
Inside a Django project (``DJANGO_SETTINGS_MODULE`` set) nothing here runs.
"""

from __future__ import annotations

import logging
import os
import weakref
from typing import Any

import django
import flask
from django.apps import apps
from django.conf import settings
from django.utils.functional import lazy

#: ROOT_URLCONF of embedded mode: empty, each app's handler resolves its own routes.
urlpatterns: list = []

_state: dict[str, Any] = {"embedded": False, "app": None}


def is_embedded() -> bool:
    return _state["embedded"]


def _app_config(key: str) -> Any:
    """``config[key]`` of the app in context, else of the latest app created (apps are configured
    after they are created, so Django's settings read it when they are used)."""
    app: flask.Flask | None
    if flask.has_app_context():
        app = flask.current_app
    else:
        app = _state["app"]() if _state["app"] is not None else None
    return app.config.get(key) if app is not None else None


def _as_str(key: str | bytes) -> str:
    return key.decode("latin-1") if isinstance(key, bytes) else key


def _secret_key() -> str:
    return _as_str(_app_config("SECRET_KEY") or "")  # empty: Django says SECRET_KEY must be set


def _secret_key_fallbacks() -> list[str]:
    return [_as_str(key) for key in _app_config("SECRET_KEY_FALLBACKS") or ()]


def embedded_settings() -> dict[str, Any]:
    return dict(
        DEBUG=False,
        SECRET_KEY=lazy(_secret_key, str)(),  # what Django signs (user code) uses the app's keys
        SECRET_KEY_FALLBACKS=lazy(_secret_key_fallbacks, list)(),
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["*"],
        INSTALLED_APPS=["flaskcompat"],
        MIDDLEWARE=[],
        DATABASES={},
        TEMPLATES=[{"BACKEND": "flaskcompat.templating.Jinja2", "DIRS": [], "APP_DIRS": False, "OPTIONS": {}}],
        DATA_UPLOAD_MAX_MEMORY_SIZE=None,  # Flask's limits apply (MAX_CONTENT_LENGTH, MAX_FORM_*)
        DATA_UPLOAD_MAX_NUMBER_FIELDS=None,
        USE_TZ=True,
        USE_I18N=False,
        LOGGING_CONFIG=None,
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    )


def ensure_configured(app: Any = None) -> None:
    """Configure Django if nothing else did (called by ``flaskcompat.Flask()`` with the app)."""
    if app is not None:
        _state["app"] = weakref.ref(app)
    if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
        settings.configure(**embedded_settings())
        _state["embedded"] = True
    if not apps.ready and not apps.loading:
        django.setup()
        if _state["embedded"]:
            _skip_database_signals()
            _quiet_request_logger()


def _skip_database_signals() -> None:
    """No database: don't pay Django's per-request connection bookkeeping."""
    from django.core import signals
    from django.core.cache import close_caches
    from django.db import close_old_connections, reset_queries

    signals.request_started.disconnect(reset_queries)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_caches)


def _quiet_request_logger() -> None:
    """Flask logs nothing for a 4xx answer; without LOGGING, Django's "Not Found: /path"
    warnings would reach stderr through logging's last-resort handler. Only those are
    silenced: an error (a 500, an exception Django's handler caught) is still logged."""
    logger = logging.getLogger("django.request")
    if not logger.handlers and logger.level == logging.NOTSET:
        logger.setLevel(logging.ERROR)
