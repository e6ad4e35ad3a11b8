"""flaskcompat.contrib.sqlalchemy: Flask-SQLAlchemy and Django's ORM on one database."""

import sqlite3

import flask
import pytest
import sqlalchemy as sa
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import override_settings

from flaskcompat.checks import check_sqlalchemy_database
from flaskcompat.contrib import sqlalchemy as contrib
from flaskcompat.contrib.sqlalchemy import DjangoDatabaseConnector, database_url, url_from_settings, use_django_database

from .subprocesses import run_python
from .urlconfs import flask_sqlalchemy as site


def rendered(database):
    url, left_out = url_from_settings(database)
    return url.render_as_string(hide_password=False), left_out


# -- URLs built from DATABASES ----------------------------------------------------------------


def test_sqlite_paths_are_absolute_as_django_opens_them(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    engine = "django.db.backends.sqlite3"
    assert rendered({"ENGINE": engine, "NAME": "db.sqlite3"}) == (f"sqlite:///{tmp_path}/db.sqlite3", [])
    assert rendered({"ENGINE": engine, "NAME": tmp_path / "x.db", "OPTIONS": {"timeout": 20}}) == (
        f"sqlite:///{tmp_path}/x.db?timeout=20",
        [],
    )
    assert rendered({"ENGINE": engine, "NAME": ":memory:"}) == ("sqlite:///:memory:", [])
    assert rendered(
        {
            "ENGINE": engine,
            "NAME": "file:memorydb_default?mode=memory&cache=shared",
            "OPTIONS": {"init_command": "PRAGMA x", "transaction_mode": "IMMEDIATE"},
        }
    ) == ("sqlite:///file:memorydb_default?cache=shared&mode=memory&uri=true", ["init_command", "transaction_mode"])
    assert (
        rendered({"ENGINE": "django.contrib.gis.db.backends.spatialite", "NAME": "/srv/geo.db"})[0]
        == "sqlite:////srv/geo.db"
    )


POSTGRES = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "shop",
    "USER": "app user",
    "PASSWORD": "p@ss:w/rd",
    "HOST": "db.internal",
    "PORT": "6432",
    "OPTIONS": {
        "sslmode": "require",
        "connect_timeout": 5,
        "isolation_level": 3,
        "pool": {"min_size": 2},
        "server_side_binding": True,
    },
}


@pytest.mark.parametrize("psycopg3, driver", [(True, "postgresql+psycopg"), (False, "postgresql+psycopg2")])
def test_postgresql(monkeypatch, psycopg3, driver):
    monkeypatch.setattr(contrib, "find_spec", lambda name: object() if psycopg3 and name == "psycopg" else None)
    url, left_out = url_from_settings(POSTGRES)
    assert (url.drivername, url.username, url.password, url.host, url.port, url.database) == (
        driver,
        "app user",
        "p@ss:w/rd",
        "db.internal",
        6432,
        "shop",
    )
    assert dict(url.query) == {"sslmode": "require", "connect_timeout": "5"}
    assert left_out == ["isolation_level", "pool", "server_side_binding"]  # Django's own options
    assert sa.make_url(url.render_as_string(hide_password=False)) == url  # quoted as a URL must be
    assert url.render_as_string() == f"{driver}://app user:***@db.internal:6432/shop?connect_timeout=5&sslmode=require"


def test_postgresql_socket_service_and_postgis(monkeypatch):
    monkeypatch.setattr(contrib, "find_spec", lambda name: None)
    assert rendered(
        {
            "ENGINE": "django.contrib.gis.db.backends.postgis",
            "NAME": "geo",
            "USER": "",
            "PASSWORD": "",
            "HOST": "/var/run/postgresql",
            "PORT": "",
        }
    ) == ("postgresql+psycopg2:///geo?host=%2Fvar%2Frun%2Fpostgresql", [])
    assert rendered({"ENGINE": "django.db.backends.postgresql", "NAME": "", "OPTIONS": {"service": "shop"}}) == (
        "postgresql+psycopg2://?service=shop",
        [],
    )


def test_mysql():
    url, left_out = url_from_settings(
        {
            "ENGINE": "django.db.backends.mysql",
            "NAME": "shop",
            "USER": "root",
            "PASSWORD": "s#cret",
            "HOST": "127.0.0.1",
            "PORT": 3307,
            "OPTIONS": {
                "charset": "utf8mb4",
                "init_command": "SET sql_mode='STRICT_TRANS_TABLES'",
                "isolation_level": "read committed",
                "ssl": {"ca": "/ca.pem"},
            },
        }
    )
    assert url.render_as_string(hide_password=False) == (
        "mysql+mysqldb://root:s%23cret@127.0.0.1:3307/shop?charset=utf8mb4&"
        "init_command=SET+sql_mode%3D%27STRICT_TRANS_TABLES%27"
    )
    assert left_out == ["isolation_level", "ssl"]
    socket, _ = url_from_settings(
        {"ENGINE": "django.contrib.gis.db.backends.mysql", "NAME": "geo", "HOST": "/run/mysqld/mysqld.sock"}
    )
    assert socket.render_as_string() == "mysql+mysqldb:///geo?unix_socket=%2Frun%2Fmysqld%2Fmysqld.sock"


@pytest.mark.parametrize("engine", ["django.db.backends.oracle", "mssql", None])
def test_other_engines_are_refused(engine):
    with pytest.raises(ImproperlyConfigured, match="cannot build an SQLAlchemy URL for ENGINE") as raised:
        url_from_settings({"ENGINE": engine, "NAME": "x"})
    assert "SQLALCHEMY_DATABASE_URI" in str(raised.value)


# -- the app's config -------------------------------------------------------------------------


def test_an_app_without_a_uri_gets_djangos_database(tmp_path, monkeypatch):
    from django.conf import settings

    monkeypatch.setitem(
        settings.DATABASES, "legacy", {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "legacy.db")}
    )
    app = use_django_database(flask.Flask("derived"), alias="legacy")
    assert (
        app.config["SQLALCHEMY_DATABASE_URI"]
        == database_url("legacy")
        == sa.make_url(f"sqlite:///{tmp_path}/legacy.db")
    )
    assert isinstance(app.config["SQLALCHEMY_ENGINE_OPTIONS"]["creator"], DjangoDatabaseConnector)
    assert app.extensions["flaskcompat.sqlalchemy"] == {"alias": "legacy", "url": database_url("legacy")}


@pytest.mark.django_db
def test_djangos_in_memory_test_database_is_one_static_connection():
    assert database_url().render_as_string() == "sqlite:///file:memorydb_default?cache=shared&mode=memory&uri=true"
    app = use_django_database(flask.Flask("in_memory"))
    assert app.config["SQLALCHEMY_DATABASE_URI"].render_as_string() == "sqlite://"  # StaticPool; the creator connects


def test_an_app_with_its_own_uri_keeps_it():
    app = flask.Flask("own")
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:////srv/legacy.db"
    use_django_database(app)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:////srv/legacy.db"
    assert "SQLALCHEMY_ENGINE_OPTIONS" not in app.config


def test_an_unmappable_engine_is_refused_when_the_app_needs_it(monkeypatch):
    from django.conf import settings

    monkeypatch.setitem(settings.DATABASES, "legacy", {"ENGINE": "django.db.backends.oracle", "NAME": "x"})
    with pytest.raises(ImproperlyConfigured, match="oracle"):
        use_django_database(flask.Flask("oracle"), alias="legacy")


@pytest.mark.slow
def test_outside_a_django_project_nothing_changes():
    assert (
        run_python("""
        import flask
        from flaskcompat.contrib.sqlalchemy import use_django_database
        app = use_django_database(flask.Flask("plain"))
        print(app.config.get("SQLALCHEMY_DATABASE_URI"), sorted(app.extensions))
    """).strip()
        == "None []"
    )


def test_the_connector_follows_djangos_settings(tmp_path, monkeypatch):
    from django.conf import settings

    for name in ("first", "second"):
        with sqlite3.connect(tmp_path / f"{name}.db") as conn:
            conn.execute("CREATE TABLE which (name TEXT)")
            conn.execute("INSERT INTO which VALUES (?)", (name,))
    monkeypatch.setitem(
        settings.DATABASES, "legacy", {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "first.db")}
    )
    connect = DjangoDatabaseConnector("legacy")
    assert connect().execute("SELECT name FROM which").fetchone() == ("first",)
    settings.DATABASES["legacy"]["NAME"] = str(tmp_path / "second.db")  # as the test runner does
    assert connect().execute("SELECT name FROM which").fetchone() == ("second",)


# -- both ORMs on the test database -----------------------------------------------------------


@pytest.fixture
def notes_table():
    with site.app.app_context():
        site.db.create_all()
    yield
    with site.app.app_context():
        site.Note.__table__.drop(site.db.engine)
        site.db.engine.dispose()


@pytest.mark.django_db(transaction=True)  # two connections: each sees what the other committed
@pytest.mark.urls("tests.urlconfs.flask_sqlalchemy")
def test_flask_sqlalchemy_and_django_share_the_database(client, notes_table):
    assert connection.settings_dict["NAME"] != ":memory:"  # Django's test database, not the settings'
    ann = get_user_model().objects.create(username="ann")  # Django's ORM
    assert client.post("/notes/notes", {"owner": ann.pk, "text": "buy milk"}).json() == {"id": 1}
    assert client.get("/notes/notes").json() == [{"text": "buy milk", "owner": "ann"}]  # SQLAlchemy joins auth_user
    with connection.cursor() as cursor:  # Django's connection sees the app's table
        cursor.execute("SELECT owner_id, text FROM legacy_note")
        assert cursor.fetchall() == [(ann.pk, "buy milk")]
    assert "legacy_note" in connection.introspection.table_names()  # what inspectdb would read
    get_user_model().objects.filter(pk=ann.pk).update(username="ann b")
    assert client.get("/notes/notes").json() == [{"text": "buy milk", "owner": "ann b"}]


def test_the_check_says_what_was_derived():
    with override_settings(ROOT_URLCONF="tests.urlconfs.flask_sqlalchemy"):
        [info] = check_sqlalchemy_database()
    assert info.id == "flaskcompat.I001" and info.obj is site.app
    assert "SQLALCHEMY_DATABASE_URI = sqlite://" in info.msg and "DATABASES['default']" in info.msg
    assert "django.db.backends.sqlite3" in info.msg


def test_the_check_says_when_the_app_keeps_its_own_database_or_cannot_share(monkeypatch):
    from django.conf import settings

    record = dict(site.app.extensions["flaskcompat.sqlalchemy"])
    monkeypatch.setitem(site.app.extensions, "flaskcompat.sqlalchemy", {**record, "url": None})
    monkeypatch.setitem(site.app.config, "SQLALCHEMY_DATABASE_URI", sa.make_url("postgresql://u:secret@h/legacy"))
    with override_settings(ROOT_URLCONF="tests.urlconfs.flask_sqlalchemy"):
        [info] = check_sqlalchemy_database()
        assert info.id == "flaskcompat.I002" and "postgresql://u:***@h/legacy" in info.msg
        monkeypatch.setitem(
            settings.DATABASES, "default", {**settings.DATABASES["default"], "ENGINE": "django.db.backends.oracle"}
        )
        [error] = check_sqlalchemy_database()
    assert error.id == "flaskcompat.E003" and "oracle" in error.msg and error.obj is site.app


def test_no_check_messages_without_the_helper():
    with override_settings(ROOT_URLCONF="tests.urlconfs.flask_login"):
        assert check_sqlalchemy_database() == []
