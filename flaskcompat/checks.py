"""System checks: misconfigurations are reported by ``manage.py check`` with the fix to apply."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.core import checks
from django.core.checks import CheckMessage
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLResolver, get_resolver
from django.utils.module_loading import import_string

from .contrib.sqlalchemy import EXTENSION, url_from_settings
from .embedded import is_embedded
from .handlers import middleware_of
from .serializers import FlaskSessionSerializer
from .sessions import DjangoSessionInterface
from .urls import AppURLConf, iter_mounted_apps


@checks.register(checks.Tags.compatibility)
def check_middleware(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    if is_embedded():  # no project: the session and flashes are Flask's own cookie, as in Flask
        return []
    errors: list[CheckMessage] = []
    middleware = list(getattr(settings, "MIDDLEWARE", []) or [])
    if middleware_of(SessionMiddleware) is None:
        errors.append(
            checks.Error(
                "flaskcompat needs Django's SessionMiddleware for Flask's `session`.",
                hint="Add 'django.contrib.sessions.middleware.SessionMiddleware' to MIDDLEWARE.",
                id="flaskcompat.E001",
            )
        )
    if "django.contrib.messages.middleware.MessageMiddleware" not in middleware:
        errors.append(
            checks.Warning(
                "flaskcompat's flash() rides on django.contrib.messages, whose middleware is missing.",
                hint="Add 'django.contrib.messages.middleware.MessageMiddleware' to MIDDLEWARE "
                "(after SessionMiddleware) and 'django.contrib.messages' to INSTALLED_APPS.",
                id="flaskcompat.W001",
            )
        )
    return errors


@checks.register(checks.Tags.compatibility)
def check_session_serializer(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """A mounted app's ``session`` is Django's, stored with SESSION_SERIALIZER: Django's JSON one
    refuses what Flask's session keeps (datetimes, tuples, bytes, Markup)."""

    if is_embedded() or not getattr(settings, "ROOT_URLCONF", None) or middleware_of(SessionMiddleware) is None:
        return []
    try:
        serializer = import_string(settings.SESSION_SERIALIZER)
    except ImportError:
        serializer = None
    if isinstance(serializer, type) and issubclass(serializer, FlaskSessionSerializer):
        return []
    names = sorted(
        {
            app.name
            for app, _prefix, _namespace in iter_mounted_apps()
            if isinstance(app.session_interface, DjangoSessionInterface)
        }
    )
    if not names:
        return []
    return [
        checks.Warning(
            f"The project mounts Flask app(s) {', '.join(names)}, whose session is Django's, but "
            f"SESSION_SERIALIZER is {settings.SESSION_SERIALIZER!r}: storing a datetime (or a tuple, "
            'bytes, Markup) in the session fails with "Object of type datetime is not JSON serializable".',
            hint="Set SESSION_SERIALIZER = 'flaskcompat.serializers.FlaskSessionSerializer' in the settings.",
            id="flaskcompat.W004",
        )
    ]


@checks.register(checks.Tags.security)
def check_secret_key(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """Inside a project Django's SECRET_KEY signs sessions; an app key of its own is a mistake."""
    if not getattr(settings, "ROOT_URLCONF", None):
        return []
    warnings: list[CheckMessage] = []

    for app, _prefix, _namespace in iter_mounted_apps():
        key = app.secret_key
        if isinstance(key, bytes):
            key = key.decode("latin-1")
        if key and key != settings.SECRET_KEY:
            warnings.append(
                checks.Warning(
                    f"Flask app {app.name!r} sets its own SECRET_KEY, but inside a Django project "
                    "Django's SECRET_KEY signs the session and every other signed value.",
                    hint="Remove secret_key / SECRET_KEY from the app's config and keep the key in "
                    "Django's SECRET_KEY (an old key goes in SECRET_KEY_FALLBACKS).",
                    obj=app,
                    id="flaskcompat.W002",
                )
            )
    return warnings


@checks.register(checks.Tags.templates)
def check_jinja2_backend(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """render_template uses the project's flaskcompat Jinja2 backend (its DIRS, app dirs, OPTIONS)."""
    backends = [t.get("BACKEND") for t in getattr(settings, "TEMPLATES", [])]
    if any(b and b.startswith("flaskcompat.") for b in backends):
        return []
    return [
        checks.Warning(
            "No flaskcompat Jinja2 backend in TEMPLATES: Flask-style apps render only from their own "
            "template folders, and Django's render() cannot load Jinja2 templates.",
            hint="Add {'BACKEND': 'flaskcompat.templating.Jinja2', 'APP_DIRS': True} to TEMPLATES.",
            id="flaskcompat.W003",
        )
    ]


@checks.register(checks.Tags.urls)
def check_root_mounts(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """An app mounted at '' claims every URL, so patterns listed after it are never reached."""

    if not getattr(settings, "ROOT_URLCONF", None):
        return []
    patterns = list(get_resolver().url_patterns)
    errors: list[CheckMessage] = []
    for index, entry in enumerate(patterns[:-1]):
        if (
            isinstance(entry, URLResolver)
            and isinstance(entry.urlconf_module, AppURLConf)
            and str(entry.pattern) in ("", "^")
        ):
            errors.append(
                checks.Error(
                    f"Flask app {entry.urlconf_module.app.name!r} is mounted at the root before "
                    f"{len(patterns) - index - 1} other URL pattern(s), which it shadows: a mounted app "
                    "answers every path under its prefix (its own 404s included).",
                    hint="Move path('', include(app.urls)) to the end of urlpatterns, or give it a prefix.",
                    obj=entry.urlconf_module.app,
                    id="flaskcompat.E002",
                )
            )
    return errors


@checks.register(checks.Tags.security)
def check_password_hashers(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """flaskcompat's Werkzeug hasher verifies imported hashes; it cannot hash new passwords."""
    hashers = list(getattr(settings, "PASSWORD_HASHERS", None) or [])
    if hashers and hashers[0] == "flaskcompat.contrib.hashers.WerkzeugPasswordHasher":
        return [
            checks.Error(
                "WerkzeugPasswordHasher is the first of PASSWORD_HASHERS, the one Django hashes new "
                "and upgraded passwords with; it only verifies imported Werkzeug hashes.",
                hint="Put Django's preferred hasher (e.g. PBKDF2PasswordHasher) first and "
                "WerkzeugPasswordHasher after it.",
                id="flaskcompat.E004",
            )
        ]
    return []


@checks.register(checks.Tags.compatibility)
def check_sqlalchemy_database(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """What ``contrib.sqlalchemy.use_django_database`` derived for each mounted app, or why not."""

    if not getattr(settings, "ROOT_URLCONF", None):
        return []
    messages: list[CheckMessage] = []
    seen: set[int] = set()
    for app, _prefix, _namespace in iter_mounted_apps():
        record = app.extensions.get(EXTENSION)
        if record is None or id(app) in seen:
            continue
        seen.add(id(app))
        alias = record["alias"]
        database = settings.DATABASES.get(alias, {})
        try:
            url, left_out = url_from_settings(database)
        except ImproperlyConfigured as e:
            messages.append(
                checks.Error(
                    f"Flask app {app.name!r} cannot share DATABASES[{alias!r}] with Django: {e}",
                    hint="Keep the app's own SQLALCHEMY_DATABASE_URI, or use an SQLite, PostgreSQL or MySQL "
                    "database for the project.",
                    obj=app,
                    id="flaskcompat.E003",
                )
            )
            continue
        if record["url"] is None:
            own: Any = app.config.get("SQLALCHEMY_DATABASE_URI")
            own = own.render_as_string() if hasattr(own, "render_as_string") else own  # a URL: password hidden
            messages.append(
                checks.Info(
                    f"Flask app {app.name!r} sets its own SQLALCHEMY_DATABASE_URI "
                    f"({own}), so Flask-SQLAlchemy does not use "
                    f"DATABASES[{alias!r}] ({url.render_as_string()}).",
                    hint="Remove SQLALCHEMY_DATABASE_URI from the app's config to share Django's database.",
                    obj=app,
                    id="flaskcompat.I002",
                )
            )
            continue
        left = f"; OPTIONS left out: {', '.join(left_out)}" if left_out else ""
        messages.append(
            checks.Info(
                f"Flask app {app.name!r}: SQLALCHEMY_DATABASE_URI = {record['url'].render_as_string()}, "
                f"derived from DATABASES[{alias!r}] (ENGINE {database.get('ENGINE')!r}){left}.",
                obj=app,
                id="flaskcompat.I001",
            )
        )
    return messages
