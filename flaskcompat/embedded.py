"""Embedded mode: a Flask app with no Django project around it still runs on Django.

When the first :class:`~flaskcompat.Flask` is created and Django has no settings, this
module configures an in-process Django that mirrors Flask's defaults: signed-cookie
sessions in Flask's format (browser-session cookies unless ``session.permanent``),
flashes stored in the session, Jinja2 templates, no database, no CSRF middleware (Flask
has none). Whatever Flask reads from ``app.config`` at request time is read from the
serving app at use time here too, since apps are configured after they are created (as
in the quickstart): ``SECRET_KEY`` and ``SECRET_KEY_FALLBACKS`` become Django's (lazy
settings), and the session cookie follows the app's SESSION_COOKIE_* and
PERMANENT_SESSION_LIFETIME through :class:`flaskcompat.sessions.SessionMiddleware`;
Django's own SESSION_COOKIE_* settings hold Flask's defaults for Django code reading them.

Inside a Django project (``DJANGO_SETTINGS_MODULE`` set) nothing here runs: the project's
settings rule.
"""

from __future__ import annotations

import os


from .globals import _cv_app, serving_app
from .sessions import NO_SECRET_KEY

_state = {"embedded": False, "apps": []}


def is_embedded():
    return _state["embedded"]


def active_app():
    """The app whose settings apply now: the one serving, else the current one, else the latest."""
    app = serving_app.get()
    if app is None:
        ctx = _cv_app.get(None)
        app = ctx.app if ctx is not None else (_state["apps"][-1] if _state["apps"] else None)
    return app


def _as_str(key):
    return key if isinstance(key, str) else key.decode("latin-1")


class _LazySecretKey:
    """Django's SECRET_KEY in embedded mode: the serving app's key, read when something signs.

    Truthy without reading the key, so Django's settings machinery (and its debug page, which
    lists settings) never trips on an app without a key; signing calls ``str()`` and gets
    Flask's RuntimeError when the app has none.
    """

    def __str__(self):
        return _secret_key()

    def __bool__(self):
        return True

    def __len__(self):
        return len(str(self))

    def __eq__(self, other):
        return str(self) == other

    __hash__ = object.__hash__

    def __repr__(self):
        return "<the serving app's secret_key>"


def _secret_key():
    app = active_app()
    key = app.secret_key if app is not None else None
    if not key:
        raise RuntimeError(NO_SECRET_KEY)
    return _as_str(key)


def _fallback_keys():
    app = active_app()
    keys = (app.config.get("SECRET_KEY_FALLBACKS") or []) if app is not None else []
    return [_as_str(k) for k in keys]


class _LazyKeyList(list):
    """SECRET_KEY_FALLBACKS that follow the app's config."""

    def __iter__(self):
        return iter(_fallback_keys())

    def __len__(self):
        return len(_fallback_keys())

    def __bool__(self):
        return bool(_fallback_keys())


def embedded_settings():
    return dict(
        DEBUG=False,
        SECRET_KEY=_LazySecretKey(),
        SECRET_KEY_FALLBACKS=_LazyKeyList(),
        ROOT_URLCONF="flaskcompat.embedded_urls",
        ALLOWED_HOSTS=["*"],
        INSTALLED_APPS=[
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.staticfiles",
            "flaskcompat",
        ],
        MIDDLEWARE=[
            "flaskcompat.sessions.SessionMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
        ],
        DATABASES={},
        SESSION_ENGINE="flaskcompat.sessions",
        SESSION_SERIALIZER="flaskcompat.serializers.FlaskSessionSerializer",
        SESSION_COOKIE_NAME="session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE=None,
        SESSION_COOKIE_AGE=31 * 24 * 3600,
        SESSION_EXPIRE_AT_BROWSER_CLOSE=True,
        MESSAGE_STORAGE="django.contrib.messages.storage.session.SessionStorage",
        TEMPLATES=[{"BACKEND": "flaskcompat.templating.Jinja2", "DIRS": [], "APP_DIRS": False, "OPTIONS": {}}],
        STATIC_URL="/static/",
        DATA_UPLOAD_MAX_MEMORY_SIZE=None,
        DATA_UPLOAD_MAX_NUMBER_FIELDS=1000,
        USE_TZ=True,
        USE_I18N=False,
        LOGGING_CONFIG=None,
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    )


def ensure_configured(app):
    """Configure Django for ``app`` if nothing else did (called by ``Flask.__init__``)."""
    from django.conf import settings

    if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
        settings.configure(**embedded_settings())
        _state["embedded"] = True
    if _state["embedded"]:
        _state["apps"].append(app)
        del _state["apps"][:-1]  # only the latest app matters outside a request; don't keep old ones
    import django
    from django.apps import apps

    if not apps.ready and not apps.loading:
        django.setup()
        if _state["embedded"]:
            _skip_database_signals()
            _quiet_request_logger()


def _skip_database_signals():
    """Embedded mode has no database: don't pay Django's per-request connection bookkeeping."""
    from django.core import signals
    from django.core.cache import close_caches  # only the local-memory cache: closing it does nothing
    from django.db import close_old_connections, reset_queries

    signals.request_started.disconnect(reset_queries)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_caches)


def _quiet_request_logger():
    """Flask prints nothing for a 4xx/5xx answer (app.logger reports unhandled errors):
    without LOGGING, Django's "Not Found: /path" warnings would reach stderr through
    logging's last-resort handler on every 404."""
    import logging

    logger = logging.getLogger("django.request")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
