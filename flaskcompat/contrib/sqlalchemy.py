"""Flask-SQLAlchemy on the Django project's database: both ORMs on one database.

In the legacy app's factory, before ``db.init_app(app)`` (Flask-SQLAlchemy creates its engine
there)::

    from flaskcompat.contrib.sqlalchemy import use_django_database

    use_django_database(app)        # SQLALCHEMY_DATABASE_URI from DATABASES["default"]
    db.init_app(app)

An app that sets ``SQLALCHEMY_DATABASE_URI`` itself keeps it; outside a Django project (the
app's own test suite on plain Flask) nothing changes. Or, from the project, with a factory
that takes config: ``create_app({"SQLALCHEMY_DATABASE_URI": database_url()})``.

:func:`database_url` builds SQLAlchemy's URL from Django's settings for the SQLite, PostgreSQL
(psycopg 3 if installed, else psycopg2, as Django picks) and MySQL (mysqlclient) engines and
their GIS variants: name, user, password, host or socket, port, and the scalar ``OPTIONS`` the
driver takes (``sslmode``, ``charset``...); options only Django reads (``isolation_level``,
``pool``...) and non-scalar ones are left out, and the ``flaskcompat.I001`` check lists them.
Other engines are refused (``ImproperlyConfigured``; ``flaskcompat.E003``).

The engine connects through a ``creator`` that reads ``DATABASES`` when it connects, so the
app's engine follows Django's test runner to the test database (Django's in-memory SQLite test
database included) even when the app was created first.
"""

from __future__ import annotations

import os
from importlib.util import find_spec
from typing import Any
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS

#: Django ENGINE -> SQLAlchemy dialect.
DIALECTS = {
    "django.db.backends.sqlite3": "sqlite",
    "django.contrib.gis.db.backends.spatialite": "sqlite",
    "django.db.backends.postgresql": "postgresql",
    "django.contrib.gis.db.backends.postgis": "postgresql",
    "django.db.backends.mysql": "mysql",
    "django.contrib.gis.db.backends.mysql": "mysql",
}
#: OPTIONS that Django's backend reads itself instead of passing them to the driver.
DJANGO_ONLY_OPTIONS = {
    "sqlite": {"init_command", "transaction_mode"},
    "postgresql": {"isolation_level", "server_side_binding", "pool", "assume_role"},
    "mysql": {"isolation_level"},
}
#: app.extensions key of what use_django_database() did: {"alias": ..., "url": URL or None}.
EXTENSION = "flaskcompat.sqlalchemy"


def url_from_settings(database: dict[str, Any]) -> tuple[Any, list[str]]:
    """``(sqlalchemy URL, OPTIONS left out)`` for one entry of Django's ``DATABASES``."""
    from sqlalchemy.engine import URL

    engine = database.get("ENGINE")
    dialect = DIALECTS.get(engine) if isinstance(engine, str) else None
    if dialect is None:
        raise ImproperlyConfigured(
            f"flaskcompat cannot build an SQLAlchemy URL for ENGINE {engine!r}: it maps "
            f"{', '.join(sorted(DIALECTS))}. Set SQLALCHEMY_DATABASE_URI in the app's config."
        )
    options = {k: v for k, v in (database.get("OPTIONS") or {}).items() if k not in DJANGO_ONLY_OPTIONS[dialect]}
    query = {k: str(v) for k, v in options.items() if isinstance(v, (str, int, float)) and not isinstance(v, bool)}
    left_out = sorted(set(database.get("OPTIONS") or {}) - set(query))
    name = str(database.get("NAME") or "")
    if dialect == "sqlite":
        if name.startswith("file:"):  # an SQLite URI (Django's in-memory test database)
            name, _sep, params = name.partition("?")
            query.update(parse_qsl(params), uri="true")
        elif name and name != ":memory:":
            name = os.path.abspath(name)  # as Django opens it (Flask-SQLAlchemy would use instance/)
        return URL.create("sqlite", database=name or None, query=query), left_out
    host, port = database.get("HOST") or None, database.get("PORT") or None
    if host and host.startswith("/"):  # a socket directory / file
        query["host" if dialect == "postgresql" else "unix_socket"] = host
        host = None
    if dialect == "postgresql":
        driver = "postgresql+psycopg" if find_spec("psycopg") else "postgresql+psycopg2"
    else:
        driver = "mysql+mysqldb"
    return URL.create(
        driver,
        username=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=host,
        port=int(port) if port else None,
        database=name or None,
        query=query,
    ), left_out


def database_url(alias: str = DEFAULT_DB_ALIAS) -> Any:
    """SQLAlchemy's URL (a ``sqlalchemy.engine.URL``) of ``DATABASES[alias]``."""
    return url_from_settings(settings.DATABASES[alias])[0]


class DjangoDatabaseConnector:
    """SQLAlchemy ``creator``: a new DB-API connection to what ``DATABASES[alias]`` names now."""

    def __init__(self, alias: str = DEFAULT_DB_ALIAS) -> None:
        self.alias = alias
        self.dialects: dict[str, Any] = {}

    def __call__(self) -> Any:
        url = database_url(self.alias)
        dialect = self.dialects.get(url.drivername)
        if dialect is None:
            cls = url.get_dialect()
            dialect = self.dialects[url.drivername] = cls(dbapi=cls.import_dbapi())
        args, kwargs = dialect.create_connect_args(url)
        if url.get_backend_name() == "sqlite":
            kwargs["check_same_thread"] = False  # as Django; the pool hands connections to any thread
        return dialect.connect(*args, **kwargs)


def use_django_database(app: Any, alias: str = DEFAULT_DB_ALIAS) -> Any:
    """Point the app's Flask-SQLAlchemy at ``DATABASES[alias]`` unless it sets
    ``SQLALCHEMY_DATABASE_URI`` (call before ``db.init_app(app)``; returns the app)."""
    if not settings.configured or alias not in (getattr(settings, "DATABASES", None) or {}):
        return app  # plain Flask, or a project without that database: the app's own config
    record = app.extensions[EXTENSION] = {"alias": alias, "url": None}
    if app.config.get("SQLALCHEMY_DATABASE_URI") is not None:
        return app
    url = database_url(alias)
    record["url"] = url
    # The URL names the dialect (and is what db.engine.url shows); the creator connects. A
    # memory URI (Django's test database) gets an in-memory URL: one connection, StaticPool.
    in_memory = url.query.get("uri") and url.query.get("mode") == "memory"
    app.config["SQLALCHEMY_DATABASE_URI"] = type(url).create(url.drivername) if in_memory else url
    options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    options.setdefault("creator", DjangoDatabaseConnector(alias))
    return app
