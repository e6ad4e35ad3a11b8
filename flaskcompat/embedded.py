"""Embedded mode: a Flask app with no Django project around it still runs on Django.

When the first :class:`~flaskcompat.Flask` is created and Django has no settings, this
module configures an in-process Django that mirrors Flask's defaults: signed-cookie
sessions named ``session`` (browser-session cookies unless ``session.permanent``),
flashes stored in the session, Jinja2 templates, no database, no CSRF middleware (Flask
has none). ``SECRET_KEY`` follows the serving app's ``secret_key``, read at use time, so
``app.secret_key = ...`` after creating the app works as in the quickstart.

Inside a Django project (``DJANGO_SETTINGS_MODULE`` set) nothing here runs: the project's
settings rule.
"""

from __future__ import annotations

import os

from django.utils.functional import lazy

_state = {"embedded": False, "apps": []}

NO_SECRET_KEY = (
    "The session is unavailable because no secret "
    "key was set.  Set the secret_key on the "
    "application to something unique and secret."
)


def is_embedded():
    return _state["embedded"]


def _secret_key():
    from .globals import _cv_app
    from .handlers import serving_app

    app = serving_app.get()
    if app is None:
        ctx = _cv_app.get(None)
        app = ctx.app if ctx is not None else (_state["apps"][-1] if _state["apps"] else None)
    key = app.secret_key if app is not None else None
    if not key:
        raise RuntimeError(NO_SECRET_KEY)
    return key if isinstance(key, str) else key.decode("latin-1")


def _fallback_keys():
    app = _state["apps"][-1] if _state["apps"] else None
    keys = (app.config.get("SECRET_KEY_FALLBACKS") or []) if app is not None else []
    return [k if isinstance(k, str) else k.decode("latin-1") for k in keys]


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
        SECRET_KEY=lazy(_secret_key, str)(),
        SECRET_KEY_FALLBACKS=_LazyKeyList(),
        ROOT_URLCONF="flaskcompat.embedded_urls",
        ALLOWED_HOSTS=["*"],
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.staticfiles",
            "flaskcompat",
        ],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
        ],
        DATABASES={},
        SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
        SESSION_SERIALIZER="flaskcompat.serializers.FlaskSessionSerializer",
        SESSION_COOKIE_NAME="session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE=None,
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


def _skip_database_signals():
    """Embedded mode has no database: don't pay Django's per-request connection bookkeeping."""
    from django.core import signals
    from django.db import close_old_connections, reset_queries

    signals.request_started.disconnect(reset_queries)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
